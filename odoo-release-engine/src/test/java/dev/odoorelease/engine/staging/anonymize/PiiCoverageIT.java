package dev.odoorelease.engine.staging.anonymize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.OdooSchema;
import dev.odoorelease.testkit.PgServerExtension;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The PII coverage gate on the fixtures of each series. */
class PiiCoverageIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("anon-pii-gate");

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void aCustomPersonalColumnIsReportedUntilARuleOrKeepCoversIt(String series) throws Exception {
        String db = "gate_" + series.substring(0, 2);
        PG.server().createDatabase(db);
        try (Connection c = PG.server().connect(db)) {
            OdooSchema.load(c, series);
            AnonymizationRules builtIn = AnonymizationRules.builtIn(series);
            assertThat(PiiCoverage.uncovered(c, builtIn)).as("the built-in rules cover the whole %s fixture", series).isEmpty();
            assertThat(PiiCoverage.uncovered(c, AnonymizationRules.empty())).as("without rules the gate sees the fixture's personal columns")
                    .extracting(PiiColumn::key).contains("res_partner.email", "res_partner_bank.acc_number", "res_users.login",
                            "hr_employee.ssnid", "hr_employee.birthday");

            Seeded.exec(c, "ALTER TABLE res_partner ADD COLUMN x_customer_iban varchar, ADD COLUMN x_shoe_size varchar");
            Seeded.exec(c, "CREATE TABLE x_survey_answer (id serial PRIMARY KEY, respondent_email text, score integer, x_home_address jsonb)");
            List<PiiColumn> found = PiiCoverage.uncovered(c, builtIn);
            assertThat(found).extracting(PiiColumn::key).as("new personal-looking columns, nothing else")
                    .containsExactlyInAnyOrder("res_partner.x_customer_iban", "x_survey_answer.respondent_email", "x_survey_answer.x_home_address");
            PiiColumn iban = found.stream().filter(p -> p.column().equals("x_customer_iban")).findFirst().orElseThrow();
            assertThat(iban.type()).isEqualTo("character varying");
            assertThat(iban.reason()).as("says why and what to do").contains("'iban'").contains("add a rule for res_partner.x_customer_iban");

            AnonymizationRules project = builtIn.merge(AnonymizationRules.fromYaml("""
                    rules:
                      res_partner.x_customer_iban: keep
                      x_survey_answer: delete
                    """, "project.yml"));
            assertThat(PiiCoverage.uncovered(c, project)).as("keep and a table delete cover them").isEmpty();
            AnonymizationRules partial = builtIn.merge(AnonymizationRules.fromYaml("""
                    rules:
                      res_partner.x_customer_iban: iban
                      x_survey_answer: {strategy: delete, where: "score < 5"}
                    """, "project.yml"));
            assertThat(PiiCoverage.uncovered(c, partial)).as("a conditional delete does not cover the rows it keeps")
                    .extracting(PiiColumn::key).containsExactlyInAnyOrder("x_survey_answer.respondent_email", "x_survey_answer.x_home_address");
        }
    }
}
