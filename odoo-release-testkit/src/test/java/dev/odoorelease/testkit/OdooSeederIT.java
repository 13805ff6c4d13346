package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SqlQueries.longs;
import static dev.odoorelease.testkit.OdooSchemaIT.orphans;
import static dev.odoorelease.testkit.SqlQueries.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Seeds small datasets into each series' fixture on a real PostgreSQL cluster and checks them. */
class OdooSeederIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("seeder-it");

    private static int dbCounter;

    private static synchronized String newDb(String prefix) {
        return prefix + "_" + (++dbCounter);
    }

    private static OdooSeeder small(String series) {
        return OdooSeeder.forSeries(series)
                .partners(1_000).users(20).employees(30).leads(100).messages(2_000).mailQueue(25)
                .attachments(300).attachmentSize(2_048).queueJobs(12);
    }

    private String loaded(String series) throws SQLException {
        String db = newDb("seed" + series.substring(0, 2));
        OdooDatabases.createWithSchema(PG.server(), db, series);
        return db;
    }

    @ParameterizedTest
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void seedsConsistentDataAndFilestore(String series, @TempDir Path dataDir) throws Exception {
        String db = loaded(series);
        SeedReport report;
        try (Connection c = PG.server().connect(db)) {
            report = small(series).filestore(dataDir, db).seed(c);
        }
        int major = Integer.parseInt(series.substring(0, 2));
        assertThat(report.series()).isEqualTo(series);
        assertThat(report.rows("res_users")).isEqualTo(20);
        assertThat(report.rows("hr_employee")).isEqualTo(30);
        assertThat(report.rows("crm_lead")).isEqualTo(100);
        assertThat(report.rows("mail_message")).isEqualTo(2_000 + 25);
        assertThat(report.rows("mail_mail")).isEqualTo(25);
        assertThat(report.rows("ir_attachment")).isEqualTo(300);
        // the standard Community modules' personal-data tables hold personal data too, as in a real database
        for (String t : List.of("mail_blacklist", "phone_blacklist", "sms_sms", "snailmail_letter", "calendar_attendee", "sale_order",
                "account_bank_statement_line", "hr_leave", "hr_applicant", "event_registration", "survey_user_input_line", "pos_payment",
                "mailing_contact", "mailing_trace", "mail_compose_message", major == 16 ? "mail_channel" : "discuss_channel")) {
            assertThat(report.rows(t)).as(t).isPositive();
        }
        if (major >= 17) {
            assertThat(report.rows("mail_gateway_allowed")).isPositive();
            assertThat(report.rows("iap_account_info")).isPositive();
        }
        assertThat(report.rows("queue_job")).isEqualTo(12);
        // customer partners + a partner per user + a work contact per employee (+ a private address in 16)
        assertThat(report.rows("res_partner")).isEqualTo(1_000 + 20 + 30 + (major == 16 ? 30 : 0));
        assertThat(report.attachments()).isEqualTo(300);
        assertThat(report.files()).isLessThan(300).isGreaterThan(250);
        assertThat(report.attachmentBytes()).isGreaterThan(report.fileBytes());
        assertThat(report.filestore()).isEqualTo(dataDir.resolve("filestore").resolve(db));

        try (Connection c = PG.server().connect(db)) {
            assertThat(longs(c, "SELECT count(*) FROM res_partner")).containsExactly(5L + report.rows("res_partner"));
            assertThat(longs(c, "SELECT count(*) FROM mail_tracking_value").get(0)).isGreaterThan(500L);
            assertThat(longs(c, "SELECT count(*) FROM mail_mail WHERE state = 'outgoing'")).containsExactly(25L);
            assertThat(orphans(c)).isEmpty();

            // realistic secrets and production settings
            assertThat(strings(c, "SELECT smtp_host FROM ir_mail_server WHERE active ORDER BY sequence LIMIT 1")).containsExactly("smtp.mailgun.invalid");
            assertThat(strings(c, "SELECT state FROM payment_provider WHERE code = 'stripe'")).containsExactly("enabled");
            assertThat(strings(c, "SELECT stripe_secret_key FROM payment_provider WHERE code = 'stripe'").get(0)).startsWith("sk_live_");
            assertThat(longs(c, "SELECT count(*) FROM delivery_carrier WHERE prod_environment AND active").get(0)).isGreaterThanOrEqualTo(2L);
            assertThat(longs(c, "SELECT count(*) FROM fetchmail_server WHERE active AND password IS NOT NULL")).containsExactly(1L);
            assertThat(longs(c, "SELECT count(*) FROM res_users WHERE totp_secret ~ '^[A-Z2-7]{32}$'").get(0)).isGreaterThan(0L);
            assertThat(longs(c, "SELECT count(*) FROM res_users_apikeys").get(0)).isGreaterThan(0L);
            assertThat(longs(c, "SELECT count(*) FROM res_partner WHERE vat ~ '^BE0[0-9]{9}$' "
                    + "AND 97 - (substr(vat, 3, 8)::bigint % 97) <> substr(vat, 11, 2)::int")).containsExactly(0L);
            assertThat(longs(c, "SELECT count(*) FROM res_partner_bank").get(0)).isGreaterThanOrEqualTo(30L);
            assertThat(longs(c, "SELECT count(*) FROM res_partner_bank WHERE NOT " + ibanValid("sanitized_acc_number"))).containsExactly(0L);
            assertThat(longs(c, "SELECT count(*) FROM hr_employee WHERE birthday IS NOT NULL AND ssnid IS NOT NULL AND passport_id IS NOT NULL")
                    .get(0)).isEqualTo(30L);
            assertThat(longs(c, "SELECT count(*) FROM res_partner WHERE email !~ '@([a-z0-9-]+\\.)*example\\.(com|org|net)$'")).containsExactly(0L);
            if (major == 16) {
                assertThat(longs(c, "SELECT count(*) FROM hr_employee WHERE address_home_id IS NOT NULL")).containsExactly(30L);
                assertThat(longs(c, "SELECT count(*) FROM ir_property WHERE name = 'barcode'").get(0)).isGreaterThan(0L);
                assertThat(longs(c, "SELECT count(*) FROM mail_tracking_value WHERE old_value_char LIKE '%@previous-employer.example.net'")
                        .get(0)).isGreaterThan(0L);
            } else {
                assertThat(longs(c, "SELECT count(*) FROM hr_employee WHERE private_email LIKE '%@home.example.net'")).containsExactly(30L);
                assertThat(longs(c, "SELECT count(*) FROM mail_tracking_value WHERE old_value_char LIKE '%@old-provider.example.net'")
                        .get(0)).isGreaterThan(0L);
            }
            if (major == 18) {
                assertThat(longs(c, "SELECT count(*) FROM res_partner WHERE barcode ->> '1' IS NOT NULL").get(0)).isGreaterThan(0L);
                assertThat(longs(c, "SELECT count(*) FROM res_device_log").get(0)).isGreaterThan(0L);
                assertThat(longs(c, "SELECT count(*) FROM res_users_settings WHERE google_calendar_rtoken IS NOT NULL").get(0)).isGreaterThan(0L);
            }

            // filestore: every store_fname exists, is named by the sha1 of its bytes, which is the checksum
            Path fs = report.filestore();
            List<String[]> atts = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT store_fname, checksum, file_size FROM ir_attachment WHERE type = 'binary' AND store_fname IS NOT NULL")) {
                while (rs.next()) {
                    atts.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            assertThat(atts).hasSize(300);
            for (String[] a : atts) {
                Path f = fs.resolve(a[0]);
                assertThat(f).exists();
                byte[] bytes = Files.readAllBytes(f);
                String sha = AttachmentContents.sha1(bytes);
                assertThat(a[0]).isEqualTo(sha.substring(0, 2) + "/" + sha);
                assertThat(a[1]).isEqualTo(sha);
                assertThat(Long.parseLong(a[2])).isEqualTo(bytes.length);
            }
            try (Stream<Path> files = Files.walk(fs)) {
                assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(report.files());
            }
            // identical contents share one file; employee documents exist; chatter attachments are linked
            assertThat(longs(c, "SELECT count(*) FROM (SELECT checksum FROM ir_attachment GROUP BY checksum HAVING count(*) > 1) x")
                    .get(0)).isGreaterThan(0L);
            assertThat(longs(c, "SELECT count(*) FROM ir_attachment WHERE res_model = 'hr.employee'")).containsExactly(30L);
            assertThat(longs(c, "SELECT count(*) FROM ir_attachment WHERE res_field = 'image_1920'")).containsExactly(60L);
            assertThat(longs(c, "SELECT count(*) FROM message_attachment_rel r JOIN ir_attachment a ON a.id = r.attachment_id "
                    + "JOIN mail_message m ON m.id = r.message_id WHERE a.res_model = m.model AND a.res_id = m.res_id")).containsExactly(60L);
        }
    }

    @Test
    void sameInputsGiveTheSameData(@TempDir Path dir1, @TempDir Path dir2) throws Exception {
        String a = loaded("17.0");
        String b = loaded("17.0");
        try (Connection c = PG.server().connect(a)) {
            small("17.0").filestore(dir1, "same").seed(c);
        }
        try (Connection c = PG.server().connect(b)) {
            small("17.0").filestore(dir2, "same").seed(c);
        }
        for (String table : List.of("res_partner", "res_users", "hr_employee", "crm_lead", "mail_message", "mail_tracking_value",
                "mail_mail", "ir_attachment", "res_partner_bank", "ir_mail_server", "payment_transaction", "queue_job")) {
            String q = "SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM " + table + " t";
            try (Connection ca = PG.server().connect(a); Connection cb = PG.server().connect(b)) {
                assertThat(strings(ca, q)).as(table).isEqualTo(strings(cb, q));
            }
        }
        assertThat(listing(dir1.resolve("filestore/same"))).isEqualTo(listing(dir2.resolve("filestore/same")));
    }

    @Test
    void withoutFilestoreContentsGoToDbDatas() throws Exception {
        String db = loaded("18.0");
        SeedReport r;
        try (Connection c = PG.server().connect(db)) {
            r = OdooSeeder.forSeries("18.0").partners(50).attachments(20).attachmentSize(100).mailServer("127.0.0.1", 2525).seed(c);
            int stored = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT db_datas, checksum, file_size FROM ir_attachment WHERE db_datas IS NOT NULL AND store_fname IS NULL")) {
                while (rs.next()) {
                    byte[] bytes = rs.getBytes(1);
                    assertThat(rs.getString(2)).isEqualTo(AttachmentContents.sha1(bytes));
                    assertThat(rs.getLong(3)).isEqualTo(bytes.length);
                    stored++;
                }
            }
            assertThat(stored).isEqualTo(20);
            assertThat(strings(c, "SELECT smtp_host || ':' || smtp_port || ':' || smtp_encryption FROM ir_mail_server WHERE active "
                    + "ORDER BY sequence LIMIT 1")).containsExactly("127.0.0.1:2525:none");
            // no users, employees, leads or messages asked: attachments all on partners
            assertThat(strings(c, "SELECT DISTINCT res_model FROM ir_attachment WHERE db_datas IS NOT NULL")).containsExactly("res.partner");
        }
        assertThat(r.filestore()).isNull();
        assertThat(r.rows("ir_attachment")).isEqualTo(20);
    }

    private static String ibanValid(String col) {
        // mod-97 check of an IBAN: move the first 4 chars to the end, letters -> numbers
        return "(SELECT mod(string_agg(CASE WHEN ch ~ '[A-Z]' THEN (ascii(ch) - 55)::text ELSE ch END, '' ORDER BY pos)::numeric, 97) = 1 "
                + "FROM unnest(string_to_array(substr(" + col + ", 5) || substr(" + col + ", 1, 4), NULL)) WITH ORDINALITY AS u(ch, pos))";
    }

    private static List<String> listing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p) + ":" + p.toFile().length()).sorted().toList();
        }
    }
}
