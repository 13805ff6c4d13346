package dev.odoorelease.engine.internal.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.snapshot.DiscardReplacedCommand;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.StageCloneFailedException;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.result.VerificationCheck;

class StageCloneIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("production");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("staging");

    static final String URL = "https://staging.example.invalid";

    @TempDir
    Path prodData;
    @TempDir
    Path stagingData;

    private Environment production(String db, String series) throws Exception {
        return TestEnvironments.seededProduction(PROD.server(), db, series, prodData, OdooSeeder.forSeries(series).partners(300).users(12)
                .employees(10).leads(20).messages(400).mailQueue(5).attachments(60).attachmentSize(512));
    }

    private Environment staging(String db) {
        return TestEnvironments.staging("staging-" + db.replace('_', '-'), STAGING.server(), db, stagingData);
    }

    private static List<String> strings(PgServer pg, String db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void liveStageCloneIsNeutralizedAnonymizedVerifiedAndWrittenDown() throws Exception {
        Environment prod = production("sc_prod", "17.0");
        Environment stage = staging("sc_stage");
        List<String> prodEmails = strings(PROD.server(), "sc_prod", "SELECT email FROM res_partner WHERE email LIKE '%@%'");

        // the URL as a user may write it, with a trailing slash: web.base.url is written without it, and verified so
        StageCloneResult r = new StageCloneCommand(prod, stage, StagingPolicy.builder(URL + "/").build())
                .from(CloneCommand.Source.LIVE).call();

        assertThat(r.report().status()).isEqualTo("replaced");
        assertThat(r.report().verification()).isNotEmpty().allMatch(VerificationCheck::passed);
        assertThat(r.report().copiedFrom()).isEqualTo("live " + prod.name());
        assertThat(strings(STAGING.server(), "sc_stage", "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'"))
                .singleElement().asString().isEqualToIgnoringCase("true");
        assertThat(strings(STAGING.server(), "sc_stage", "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'"))
                .containsExactly(URL);
        List<String> stagedEmails = strings(STAGING.server(), "sc_stage", "SELECT email FROM res_partner WHERE email IS NOT NULL");
        assertThat(stagedEmails).as("no production e-mail in staging").doesNotContainAnyElementsOf(prodEmails);
        assertThat(strings(STAGING.server(), "sc_stage", "SELECT count(*) FROM ir_cron WHERE active")).containsExactly("1");

        String json = Files.readString(Path.of(r.reportJson()));
        String md = Files.readString(Path.of(r.reportMarkdown()));
        assertThat(json).contains("\"neutralization\"").contains("\"anonymization\"").contains("\"verification\"").contains(URL);
        assertThat(md).contains("## Verification").contains("## Neutralization").contains("## Anonymization");
        for (String secret : strings(PROD.server(), "sc_prod", "SELECT smtp_pass FROM ir_mail_server WHERE smtp_pass IS NOT NULL")) {
            assertThat(json).as("no secret in the report").doesNotContain(secret);
        }
        assertThat(json).as("no personal data in the report").doesNotContain(prodEmails.get(0));
    }

    @Test
    void twoRefreshesGiveTheSamePseudonymsForTheSameRows() throws Exception {
        Environment prod = production("det_prod", "17.0");
        Environment stage = staging("det_stage");
        StagingPolicy policy = StagingPolicy.builder(URL).build();
        StageCloneResult first = new StageCloneCommand(prod, stage, policy).from(CloneCommand.Source.LIVE).call();
        List<String> once = strings(STAGING.server(), "det_stage", "SELECT id || ' ' || name || ' ' || coalesce(email, '') FROM res_partner ORDER BY id");
        new DiscardReplacedCommand(stage, first.copy().operationId()).call();
        new StageCloneCommand(prod, stage, policy).from(CloneCommand.Source.LIVE).call();
        List<String> twice = strings(STAGING.server(), "det_stage", "SELECT id || ' ' || name || ' ' || coalesce(email, '') FROM res_partner ORDER BY id");
        assertThat(twice).as("deterministic pseudonyms across refreshes").isEqualTo(once);
    }

    @Test
    void verificationFailsClosedWhenAMailServerStaysActiveAndStagingKeepsItsData() throws Exception {
        Environment prod = production("mail_prod", "17.0");
        Environment stage = staging("mail_stage");
        new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).build()).from(CloneCommand.Source.LIVE).call();
        PgServer s = STAGING.server();
        s.superExecute("mail_stage", "CREATE TABLE marker_of_previous_staging (x int)");

        Path bad = stagingData.resolve("reactivate.sql");
        Files.writeString(bad, "UPDATE ir_mail_server SET active = true WHERE smtp_host <> 'invalid';\n");
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).neutralizationSql(bad).build())
                .from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("active outgoing mail servers")
                .hasMessageContaining("Nothing was changed")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.VERIFICATION));
        assertThat(strings(s, "mail_stage", "SELECT to_regclass('marker_of_previous_staging')::text"))
                .as("previous staging kept").containsExactly("marker_of_previous_staging");
    }

    @Test
    void verificationFailsWhenARuleKeepsPersonalData() throws Exception {
        Environment prod = production("keep_prod", "17.0");
        Environment stage = staging("keep_stage");
        Path rules = stagingData.resolve("anonymization.yml");
        Files.writeString(rules, "rules:\n  res_partner.email: keep\n");
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).anonymizationRules(rules).build())
                .from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("no original e-mail address left")
                .isInstanceOfSatisfying(StageCloneFailedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.VERIFICATION);
                    assertThat(e.getCause()).isInstanceOf(OdooReleaseException.class);
                    assertThat(e).hasMessage(e.getCause().getMessage() + " Report: " + e.reportMarkdown());
                    assertThat(e.reportJson()).as("the failed clone's report, with its checks").content()
                            .contains("\"failed\"", "\"verification\"", "no original e-mail address left");
                    assertThat(e.reportMarkdown()).content().contains("## Verification");
                });
    }

    @Test
    void thePiiGateCatchesANewCustomColumn() throws Exception {
        Environment prod = production("pii_prod", "17.0");
        PROD.server().superExecute("pii_prod", "ALTER TABLE res_partner ADD COLUMN x_customer_iban varchar; "
                + "UPDATE res_partner SET x_customer_iban = 'BE71096123456769' WHERE id % 3 = 0");
        Environment stage = staging("pii_stage");
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).build()).from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("x_customer_iban");
        StageCloneResult warned = new StageCloneCommand(prod, stage, StagingPolicy.builder(URL)
                .piiPolicy(StagingPolicy.PiiPolicy.WARN).build()).from(CloneCommand.Source.LIVE).call();
        assertThat(warned.report().uncoveredPersonalColumns()).extracting(Object::toString).anyMatch(x -> x.contains("x_customer_iban"));
    }

    /**
     * Issue 14: a custom column that copied production's e-mails and phones verbatim under a name that
     * does not look personal (and that a project marked keep, as if it were harmless) fails the clone:
     * verification looks for production's sampled values in every text column, not in five fixed ones.
     * A custom credential column still holding a live token fails it too.
     */
    @Test
    void productionValuesInAnyCustomColumnFailTheCloneWhateverTheColumnIsCalled() throws Exception {
        Environment prod = production("xc_prod", "17.0");
        PROD.server().superExecute("xc_prod", "CREATE TABLE x_contact_card (id serial PRIMARY KEY, partner_id integer, x_reach text, "
                + "x_info jsonb); ALTER TABLE x_contact_card OWNER TO odoo; INSERT INTO x_contact_card (partner_id, x_reach, x_info) SELECT id, CASE WHEN id % 2 = 0 THEN email "
                + "ELSE mobile END, jsonb_build_object('street', street) FROM res_partner WHERE email IS NOT NULL");
        Environment stage = staging("xc_stage");
        Path rulesByColumn = stagingData.resolve("xc-columns.yml");
        Files.writeString(rulesByColumn, "rules:\n  x_contact_card.partner_id: keep\n");
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).anonymizationRules(rulesByColumn).build())
                .from(CloneCommand.Source.LIVE).call())
                .as("the gate sees e-mails and phones in x_reach by their shape")
                .isInstanceOf(StageCloneFailedException.class)
                .hasMessageContaining("x_contact_card.x_reach")
                .hasMessageContaining("rule to add")
                .hasMessageContaining("x_contact_card.x_reach: ");
        StagingPolicy warnOnly = StagingPolicy.builder(URL).anonymizationRules(rulesByColumn).piiPolicy(StagingPolicy.PiiPolicy.WARN).build();
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, warnOnly).from(CloneCommand.Source.LIVE).call())
                .as("with the gate only warning, verification finds production's values in the custom columns")
                .isInstanceOf(StageCloneFailedException.class)
                .hasMessageContaining("no production value")
                .hasMessageContaining("x_contact_card.x_reach")
                .hasMessageContaining("x_contact_card.x_info")
                .satisfies(e -> assertThat(e.getMessage()).as("no value in the message").doesNotContain("@"));
        assertThat(strings(STAGING.server(), "postgres", "SELECT datname FROM pg_database WHERE datname = 'xc_stage'"))
                .as("staging never received the copy").isEmpty();

        // once rules cover the columns, the same clone passes
        Path fixed = stagingData.resolve("xc-fixed.yml");
        Files.writeString(fixed, "rules:\n  x_contact_card.x_reach: {strategy: pseudonym, template: \"reach {id}\"}\n"
                + "  x_contact_card.x_info: {strategy: jsonb, template: \"info {id}\"}\n");
        StageCloneResult ok = new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).anonymizationRules(fixed).build())
                .from(CloneCommand.Source.LIVE).call();
        assertThat(ok.report().verification()).allMatch(VerificationCheck::passed)
                .anyMatch(c -> c.name().startsWith("no production value") && c.expected().contains("columns of"));
    }

    /** Issue 14: a live third-party credential in a custom column fails the clone instead of a warning. */
    @Test
    void aLiveCredentialInACustomColumnFailsTheClone() throws Exception {
        Environment prod = production("cred_prod", "17.0");
        PROD.server().superExecute("cred_prod", "ALTER TABLE res_company ADD COLUMN x_shipping_api_key varchar; "
                + "ALTER TABLE crm_team ADD COLUMN x_webhook_secret varchar; "
                + "UPDATE crm_team SET x_webhook_secret = 'whsec_live_' || md5(id::text); "
                + "INSERT INTO ir_config_parameter (key, value) VALUES ('x_shop.api_token', 'tok_live_0123456789abcdef')");
        Environment stage = staging("cred_stage");
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).build()).from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(StageCloneFailedException.class)
                .hasMessageContaining("crm_team.x_webhook_secret")
                .hasMessageContaining("credential")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("whsec_live_"));
        Path rules = stagingData.resolve("cred.yml");
        Files.writeString(rules, "rules:\n  crm_team.x_webhook_secret: null\n");
        StageCloneResult ok = new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).anonymizationRules(rules).build())
                .from(CloneCommand.Source.LIVE).call();
        assertThat(ok.report().verification()).allMatch(VerificationCheck::passed);
        assertThat(strings(STAGING.server(), "cred_stage", "SELECT count(*) FROM ir_config_parameter WHERE key = 'x_shop.api_token'"))
                .as("a credential-looking configuration parameter is removed, not warned about").containsExactly("0");
        assertThat(strings(STAGING.server(), "cred_stage", "SELECT count(*) FROM crm_team WHERE x_webhook_secret IS NOT NULL"))
                .containsExactly("0");
    }

    @Test
    void guardRailsRefuseProductionTargetsAndSharedDatabases() throws Exception {
        Environment prod = production("gr_prod", "17.0");
        Environment stage = staging("gr_stage");
        Environment otherProd = prod.toBuilder().database(prod.db().withDatabase("gr_other")).dataDir(stagingData.resolve("x")).build();
        assertThatThrownBy(() -> new StageCloneCommand(stage, otherProd, StagingPolicy.builder(URL).build()).call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("is a production environment");
        Environment dev = Environment.builder("dev").kind(EnvironmentKind.DEVELOPMENT).database(stage.db()).dataDir(stagingData).build();
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).build()).otherEnvironments(List.of(dev)).call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("is the database of environment dev");
    }

    @Test
    void aStageCloneKilledDuringNeutralizationLeavesStagingIntact() throws Exception {
        Environment prod = production("k_prod", "17.0");
        Environment stage = staging("k_stage");
        new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).build()).from(CloneCommand.Source.LIVE).call();
        STAGING.server().superExecute("k_stage", "CREATE TABLE marker_of_previous_staging (x int)");
        Path slow = stagingData.resolve("slow.sql");
        Files.writeString(slow, "SELECT pg_sleep(600);\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledStageCloneMain.class.getName(), String.valueOf(PROD.server().port()),
                String.valueOf(STAGING.server().port()), prodData.toString(), stagingData.toString(), slow.toString())
                .redirectErrorStream(true).redirectOutput(stagingData.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && strings(STAGING.server(), "postgres",
                "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(600)%'").get(0).equals("0")) {
            Thread.sleep(200);
        }
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        assertThat(strings(STAGING.server(), "k_stage", "SELECT to_regclass('marker_of_previous_staging')::text"))
                .as("staging untouched; child log: %s", Files.readString(stagingData.resolve("child.log")))
                .containsExactly("marker_of_previous_staging");
        // the next refresh cleans up and succeeds
        new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).build()).from(CloneCommand.Source.LIVE).call();
        assertThat(strings(STAGING.server(), "postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'ors_cloning_%'"))
                .containsExactly("0");
        try (StateStore st = StateStore.open(stage)) {
            assertThat(st.journal().open(stage.name())).isEmpty();
        }
    }

    /** Child process: a stage clone whose project SQL sleeps, to be killed mid-neutralization. */
    public static final class KilledStageCloneMain {
        public static void main(String[] a) throws Exception {
            Environment prod = Environment.builder("prod-k-prod").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget("127.0.0.1", Integer.parseInt(a[0]), "k_prod", "odoo", "odoo")).dataDir(Path.of(a[2])).jobs(2).build();
            Environment stage = Environment.builder("staging-k-stage").kind(EnvironmentKind.STAGING)
                    .database(new DbTarget("127.0.0.1", Integer.parseInt(a[1]), "k_stage", "odoo", "odoo")).dataDir(Path.of(a[3])).jobs(2).build();
            new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).neutralizationSql(Path.of(a[4])).build())
                    .from(CloneCommand.Source.LIVE).call();
        }
    }
}
