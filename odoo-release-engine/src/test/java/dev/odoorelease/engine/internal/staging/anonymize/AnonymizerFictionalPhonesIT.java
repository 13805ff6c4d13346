package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.internal.staging.TestEnvironments;
import dev.odoorelease.engine.result.VerificationCheck;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * Phone pseudonyms can never be a real number. The previous scheme (format-preserving digits over
 * the whole value, still the {@code digits} strategy) could produce any number, so at 2 million
 * partners one pseudonym was a real number of another partner and the stage clone failed closed.
 * Here production's real phones ARE the numbers that scheme generates, and the clone passes.
 */
class AnonymizerFictionalPhonesIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("phones-prod");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("phones-staging");

    private static final List<String> PHONE_COLUMNS = List.of("phone", "mobile", "phone_sanitized");

    @TempDir
    Path prodData;
    @TempDir
    Path stagingData;

    /** The old scheme's expression for a res_partner column: what it would write for that row. */
    private static String oldScheme(String column) {
        AnonymizationRule rule = AnonymizationRules.builtIn("17.0").rule("res_partner", column).orElseThrow();
        assertThat(rule.strategy()).isEqualTo(Strategy.PHONE);
        return SqlExpressions.digits("\"" + column + "\"", SqlExpressions.salt(rule), false);
    }

    @Test
    void productionNumbersEqualToTheOldSchemesPseudonymsSurviveNoStageClone() throws Exception {
        PgServer pg = PROD.server();
        Environment prod = TestEnvironments.seededProduction(pg, "ph_prod", "17.0", prodData, OdooSeeder.forSeries("17.0").partners(400)
                .users(12).employees(10).leads(20).messages(200).mailQueue(5).attachments(20).attachmentSize(256));
        try (Connection c = pg.connect("ph_prod")) {
            // every real number is exactly what the old scheme generates for its own row; the mobiles of
            // half of the partners are what it generates for the phone of the next partner
            SqlQueries.exec(c, "UPDATE res_partner SET phone = " + oldScheme("phone") + ", mobile = " + oldScheme("mobile")
                    + ", phone_sanitized = " + oldScheme("phone_sanitized") + " WHERE phone <> '' OR mobile <> '' OR phone_sanitized <> ''");
            SqlQueries.exec(c, "UPDATE res_partner p SET mobile = (SELECT " + oldScheme("phone") + " FROM res_partner q WHERE q.id = p.id + 1) "
                    + "WHERE p.id % 2 = 0 AND EXISTS (SELECT 1 FROM res_partner q WHERE q.id = p.id + 1 AND q.phone <> '')");
            for (String col : PHONE_COLUMNS) {
                // the old scheme also made a few "+0..." values: not real numbers, so not what this test is about
                SqlQueries.exec(c, "UPDATE res_partner SET " + col + " = '+3' || substr(" + col + ", 3) WHERE " + col + " LIKE '+0%'");
            }
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE phone = " + oldScheme("phone")))
                    .as("premise: the old scheme would have left these numbers in staging").isGreaterThan(100);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE phone LIKE '+0%' OR mobile LIKE '+0%'"))
                    .as("premise: realistic numbers, none in the fictional range").isZero();
        }
        Set<String> real = new HashSet<>();
        try (Connection c = pg.connect("ph_prod")) {
            for (String col : PHONE_COLUMNS) {
                real.addAll(SqlQueries.strings(c, "SELECT " + col + " FROM res_partner WHERE " + col + " <> ''"));
            }
        }
        PgServer st = STAGING.server();
        Environment stage = TestEnvironments.staging("staging-phones", st, "ph_stage", stagingData);

        StageCloneResult r = new StageCloneCommand(prod, stage, StagingPolicy.builder("https://staging.example.invalid").build())
                .from(CloneCommand.Source.LIVE).call();

        assertThat(r.report().verification()).as("verification passed, phones included").allMatch(VerificationCheck::passed)
                .anyMatch(v -> v.name().contains("phone"));
        try (Connection c = st.connect("ph_stage")) {
            for (String col : PHONE_COLUMNS) {
                List<String> staged = SqlQueries.strings(c, "SELECT " + col + " FROM res_partner WHERE " + col + " <> ''");
                assertThat(staged).as(col + " in staging").isNotEmpty().allMatch(p -> p.startsWith("+0"))
                        .doesNotContainAnyElementsOf(real);
            }
        }
    }

    @Test
    void noPseudonymOfAnyLayoutIsADialableNumber() throws Exception {
        PgServer pg = PROD.server();
        pg.createDatabase("ph_layouts");
        // realistic numbers in national and international formats, short codes included
        List<String> layouts = List.of("+32 470 12 34 56", "+3247012345", "0470 12 34 56", "02/123.45.67", "(555) 123-4567",
                "555-123-4567", "+1 555-123-4567", "+1 (555) 123-4567", "+44 20 7946 0958", "020 7946 0958", "+33 1 23 45 67 89",
                "06 12 34 56 78", "+49 30 123456", "030 1234567", "112", "911", "0049 30 123456", "+31 6 12345678", "+49 (0) 30 1234 5678 ext. 123", "+1234567890123456789");
        try (Connection c = pg.connect("ph_layouts")) {
            SqlQueries.exec(c, "CREATE TABLE x_contact (id serial PRIMARY KEY, phone varchar)");
            // 20 000 rows per layout, every digit of the layout random: real numbers of every shape
            StringBuilder values = new StringBuilder();
            for (String l : layouts) {
                values.append(values.length() == 0 ? "" : ", ").append("('").append(l).append("')");
            }
            SqlQueries.exec(c, "INSERT INTO x_contact (phone) SELECT (SELECT string_agg(CASE WHEN ch ~ '[0-9]' THEN (floor(random() * 10))::int::text "
                    + "ELSE ch END, '' ORDER BY k) FROM regexp_split_to_table(l.v, '') WITH ORDINALITY AS x(ch, k) WHERE g > 0) "
                    + "FROM (VALUES " + values + ") AS l(v), generate_series(1, 20000) g");
            SqlQueries.exec(c, "CREATE TABLE x_real AS SELECT id, phone FROM x_contact");
            long rows = SqlQueries.count(c, "SELECT count(*) FROM x_contact");

            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c)).rules(AnonymizationRules.fromYaml("rules:\n  x_contact.phone: phone\n", "test"))
                    .run();

            assertThat(r.rows("x_contact", "phone")).isEqualTo(rows);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM x_contact WHERE phone NOT LIKE '+0%' AND length(phone) > 1"))
                    .as("every pseudonym starts with +0: no country code starts with 0").isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM x_contact WHERE phone IN (SELECT phone FROM x_real)"))
                    .as("no pseudonym equals a real number").isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM x_contact p JOIN x_real o USING (id) WHERE p.phone ~ '^\\+0[0-9 +\\-()./]*$' "
                    + "AND length(p.phone) = length(o.phone)")).as("phone-shaped, same length").isEqualTo(rows);
            assertThat(SqlQueries.count(c, "SELECT count(DISTINCT phone) FROM x_contact WHERE length(phone) >= 12"))
                    .as("distinct rows get distinct numbers").isGreaterThan(SqlQueries.count(c,
                            "SELECT count(*) FROM x_contact WHERE length(phone) >= 12") * 99 / 100);
        }
    }
}
