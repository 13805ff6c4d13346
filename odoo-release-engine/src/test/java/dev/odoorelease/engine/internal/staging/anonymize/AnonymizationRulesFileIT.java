package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.AnonymizationReport;

/** A project rule file on top of the built-in rules: add, override, keep. */
class AnonymizationRulesFileIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("anon-rulefile");

    @TempDir
    Path dir;

    @Test
    void aProjectFileAddsOverridesAndKeeps() throws Exception {
        Seeded.create(PG.server(), "rulefile", "17.0", null);
        Path file = dir.resolve("anonymization.yml");
        Files.writeString(file, """
                # a custom module's columns, and choices of this project
                version: 1
                rules:
                  res_partner.x_loyalty_code: {strategy: pseudonym, template: "LOY-{id}"}   # add
                  res_partner.x_customer_iban: iban                                          # add
                  x_gdpr_log: delete                                                         # add (table)
                  res_partner.city: keep                                                     # override: keep cities
                  res_partner.email: {strategy: email, template: "c{id}@staging.invalid"}    # override the template
                  res_users.login: {strategy: pseudonym, template: "tester{id}", except: [admin, portal.buyer]}
                attachments:
                  res.partner: keep
                """);
        try (Connection c = PG.server().connect("rulefile")) {
            SqlQueries.exec(c, "ALTER TABLE res_partner ADD COLUMN x_loyalty_code varchar, ADD COLUMN x_customer_iban varchar");
            SqlQueries.exec(c, "UPDATE res_partner SET x_loyalty_code = 'L' || (id * 7), x_customer_iban = 'NL91ABNA0417164300' WHERE id % 3 = 0");
            SqlQueries.exec(c, "CREATE TABLE x_gdpr_log (id serial PRIMARY KEY, email varchar)");
            SqlQueries.exec(c, "INSERT INTO x_gdpr_log (email) SELECT email FROM res_partner WHERE email IS NOT NULL");
            SqlQueries.exec(c, "UPDATE res_users SET login = 'portal.buyer' WHERE id = (SELECT max(id) FROM res_users WHERE share)");
            String cities = SqlQueries.string(c, "SELECT md5(string_agg(coalesce(city, '-'), '|' ORDER BY id)) FROM res_partner");
            long partnerFiles = SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'res.partner' AND file_size > 0");

            AnonymizationRules rules = AnonymizationRules.builtIn("17.0").merge(AnonymizationRules.fromFile(file));
            assertThat(PiiCoverage.uncovered(c, rules)).as("the project covers its custom columns").isEmpty();
            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c)).rules(rules).run();

            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE x_loyalty_code IS NOT NULL AND x_loyalty_code <> 'LOY-' || id"))
                    .as("added rule applied").isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE x_customer_iban LIKE 'BE%'")).as("added iban rule")
                    .isEqualTo(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE x_customer_iban IS NOT NULL")).isPositive();
            assertThat(r.columns()).anySatisfy(col -> {
                assertThat(col.column()).isEqualTo("x_loyalty_code");
                assertThat(col.origin()).isEqualTo("anonymization.yml");
            });
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM x_gdpr_log")).as("added table rule").isZero();
            assertThat(SqlQueries.string(c, "SELECT md5(string_agg(coalesce(city, '-'), '|' ORDER BY id)) FROM res_partner"))
                    .as("keep overrides the built-in city rule").isEqualTo(cities);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email IS NOT NULL AND email <> 'c' || id || '@staging.invalid'"))
                    .as("overridden template").isZero();
            assertThat(SqlQueries.strings(c, "SELECT login FROM res_users WHERE login IN ('admin', 'portal.buyer') ORDER BY 1"))
                    .as("allow-listed logins stay").containsExactly("admin", "portal.buyer");
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users WHERE id > 4 AND login NOT IN ('portal.buyer') AND login <> 'tester' || id"))
                    .isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'res.partner' AND file_size > 0"))
                    .as("attachment keep overrides the built-in blank").isEqualTo(partnerFiles);
            assertThat(r.skipped()).noneMatch(s -> s.key().equals("res_partner.city"));
        }
    }
}
