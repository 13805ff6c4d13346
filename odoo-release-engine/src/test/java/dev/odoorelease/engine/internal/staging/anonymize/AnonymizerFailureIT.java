package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.testkit.PgServerExtension;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A failing rule leaves its table as it was and is named in the message. */
class AnonymizerFailureIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("anon-failure");

    @Test
    void anInvalidFixedValueIsRefusedBeforeAnythingChanges() throws Exception {
        Seeded.create(PG.server(), "fail_fixed", "17.0", null);
        try (Connection c = PG.server().connect("fail_fixed")) {
            String digestPartners = AnonymizerRewriteIT.digest(c, "res_partner");
            String digestMessages = AnonymizerRewriteIT.digest(c, "mail_message");
            AnonymizationRules rules = AnonymizationRules.builtIn("17.0").merge(AnonymizationRules.fromYaml(
                    "rules:\n  res_partner.color: {strategy: fixed, value: \"dark red\"}\n", "project.yml"));
            assertThatThrownBy(() -> new Anonymizer(Seeded.freshClone(c)).rules(rules).run())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
                        assertThat(e.getMessage()).as("names the rule and its origin")
                                .contains("res_partner.color (fixed, project.yml)").contains("integer").contains("nothing was changed");
                    });
            assertThat(AnonymizerRewriteIT.digest(c, "res_partner")).as("res_partner unchanged").isEqualTo(digestPartners);
            assertThat(AnonymizerRewriteIT.digest(c, "mail_message")).as("no other table touched either").isEqualTo(digestMessages);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users_apikeys")).as("not even the deletes ran").isPositive();
        }
    }

    @ParameterizedTest(name = "threshold {0}")
    @ValueSource(longs = {1, Long.MAX_VALUE})
    void aRuleFailingMidTableRollsTheWholeTableBack(long threshold) throws Exception {
        String db = "fail_mid_" + (threshold == 1 ? "rewrite" : "update");
        Seeded.create(PG.server(), db, "17.0", null);
        try (Connection c = PG.server().connect(db)) {
            String before = AnonymizerRewriteIT.digest(c, "res_partner");
            // NULL names violate Odoo's res_partner_check_name for contacts: the statement fails after it
            // has already changed other columns (and rows)
            AnonymizationRules rules = AnonymizationRules.builtIn("17.0").merge(AnonymizationRules.fromYaml(
                    "rules:\n  res_partner.name: null\n", "project.yml"));
            assertThatThrownBy(() -> new Anonymizer(Seeded.freshClone(c)).rules(rules).rewriteThreshold(threshold).run())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                        assertThat(e.getMessage()).as("names the table and the one rule")
                                .contains("Unable to anonymize table res_partner (rule res_partner.name (null, project.yml))")
                                .contains("res_partner_check_name").contains("the table is as it was");
                        assertThat(e.getMessage()).as("no row values in the message (PostgreSQL's DETAIL has them)")
                                .doesNotContain("Failing row").doesNotContain("@");
                    });
            assertThat(AnonymizerRewriteIT.digest(c, "res_partner")).as("res_partner exactly as before: e-mails, phones, names")
                    .isEqualTo(before);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email LIKE '%@example.invalid'")).isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users_apikeys")).as("earlier steps (deletes) stay done").isZero();
        }
    }

    @Test
    void aMisfitRuleIsRefusedWithItsColumnType() throws Exception {
        Seeded.create(PG.server(), "fail_type", "17.0", null);
        try (Connection c = PG.server().connect("fail_type")) {
            AnonymizationRules rules = AnonymizationRules.fromYaml("rules:\n  res_partner.color: email\n"
                    + "  res_partner.street: {strategy: pseudonym, template: \"{street} x\"}\n", "project.yml");
            assertThatThrownBy(() -> new Anonymizer(Seeded.freshClone(c)).rules(rules).run()).hasMessageContaining("res_partner.color (email, project.yml)")
                    .hasMessageContaining("needs a text column");
            AnonymizationRules leaky = AnonymizationRules.fromYaml("rules:\n  res_partner.street: {strategy: pseudonym, template: \"{email} x\"}\n",
                    "project.yml");
            assertThatThrownBy(() -> new Anonymizer(Seeded.freshClone(c)).rules(leaky).run()).as("a template may not copy personal text")
                    .hasMessageContaining("{email} is not an integer column");
        }
    }

    /**
     * The anonymizer rewrites personal data in place: it runs only on a database a clone has just built (the clone's
     * mark, under the name it was built with). A production-like database, a template copy of a marked one, and a
     * marked one renamed (as a swap does) are each refused before anything changes.
     */
    @Test
    void aDatabaseNoCloneHasJustBuiltIsRefusedAndLeftUnchanged() throws Exception {
        Seeded.create(PG.server(), "guard_production", "17.0", null);
        assertRefusedAndUnchanged("guard_production");

        Seeded.create(PG.server(), "guard_marked", "17.0", null);
        try (Connection c = PG.server().connect("guard_marked")) {
            Seeded.freshClone(c);
        }
        Seeded.copy(PG.server(), "guard_marked", "guard_template_copy");
        assertRefusedAndUnchanged("guard_template_copy"); // CREATE DATABASE ... TEMPLATE does not copy the mark

        PG.server().superExecute("postgres", "ALTER DATABASE guard_marked RENAME TO guard_swapped_in");
        assertRefusedAndUnchanged("guard_swapped_in"); // the mark names the database as the clone built it
    }

    private static void assertRefusedAndUnchanged(String db) throws Exception {
        try (Connection c = PG.server().connect(db)) {
            String partners = AnonymizerRewriteIT.digest(c, "res_partner");
            String users = AnonymizerRewriteIT.digest(c, "res_users");
            long apiKeys = SqlQueries.count(c, "SELECT count(*) FROM res_users_apikeys");
            assertThat(apiKeys).isPositive();
            assertThatThrownBy(() -> new Anonymizer(c).rules(AnonymizationRules.builtIn("17.0")).stagingPassword("pw").run())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
                        assertThat(e.getMessage()).startsWith("Unable to anonymize database " + db + ": it is not a copy a clone has just built")
                                .contains("Nothing was changed").contains("stage-clone");
                    });
            assertThat(AnonymizerRewriteIT.digest(c, "res_partner")).as(db + ": res_partner unchanged").isEqualTo(partners);
            assertThat(AnonymizerRewriteIT.digest(c, "res_users")).as(db + ": res_users unchanged").isEqualTo(users);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users_apikeys")).as(db + ": no delete rule ran").isEqualTo(apiKeys);
        }
    }
}
