package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.internal.state.Json;
import dev.odoorelease.testkit.PgServerExtension;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.odoorelease.engine.result.AnonymizationReport;

/** Every strategy of the built-in rules, on the seeded fixture of each series, through both execution paths. */
class AnonymizerStrategiesIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("anon-strategies");

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void everyStrategyOfTheBuiltInRules(String series) throws Exception {
        String db = "strategies_" + series.substring(0, 2);
        Seeded.create(PG.server(), db, series, null);
        int major = Integer.parseInt(series.substring(0, 2));
        try (Connection c = PG.server().connect(db)) {
            Map<Long, String> phones = map(c, "SELECT id, phone FROM res_partner WHERE phone IS NOT NULL AND phone <> ''");
            Map<Long, String> zips = map(c, "SELECT id, zip FROM res_partner WHERE zip IS NOT NULL AND zip <> ''");
            Map<Long, String> birthdays = map(c, "SELECT id, birthday::text FROM hr_employee WHERE birthday IS NOT NULL");
            long emails = SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email IS NOT NULL AND email <> ''");
            long noEmail = SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email IS NULL");
            long comments = SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE comment IS NOT NULL AND comment <> ''");
            long totp = SqlQueries.count(c, "SELECT count(*) FROM res_users WHERE totp_secret IS NOT NULL");
            long tracked = SqlQueries.count(c, "SELECT count(*) FROM mail_tracking_value WHERE old_value_char IS NOT NULL");
            String companyEmail = SqlQueries.string(c, "SELECT email FROM res_company WHERE id = 1");
            List<String> someEmails = SqlQueries.strings(c, "SELECT email FROM res_partner WHERE email LIKE '%example.com' LIMIT 20");
            if (major == 18) {
                // a jsonb value that is not an object (not what Odoo writes, but what a custom module might)
                SqlQueries.exec(c, "UPDATE res_partner SET barcode = '\"LOOSE-VALUE-1\"'::jsonb WHERE id = (SELECT max(id) FROM res_partner)");
            }
            assertThat(phones).as("the fixture has phones").hasSizeGreaterThan(100);
            assertThat(totp).as("the fixture has TOTP secrets").isPositive();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users_apikeys")).as("the fixture has API keys").isPositive();

            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c)).rules(AnonymizationRules.builtIn(series)).stagingPassword("staging-Secret-1")
                    .rewriteThreshold(1000).run();

            // pseudonym (text), on the update path (res_partner has < 1000 rows here)
            assertThat(r.table("res_partner").method()).as("small table: update path").isEqualTo("update");
            assertThat(r.table("res_partner").vacuumed()).as("updated tables are vacuumed full").isTrue();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE name IS NOT NULL AND name <> '' AND name <> 'Partner ' || id"))
                    .as("every partner name is 'Partner <id>'").isZero();
            String nameCol = major == 16 ? "display_name" : "complete_name";
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE " + nameCol + " <> 'Partner ' || id"))
                    .as(nameCol + " follows the name").isZero();
            // email
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email <> 'partner' || id || '@example.invalid'"))
                    .as("every e-mail is partner<id>@example.invalid").isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email IS NULL")).as("NULL stays NULL").isEqualTo(noEmail);
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email_normalized <> lower(email)"))
                    .as("email_normalized stays consistent with email").isZero();
            assertThat(r.rows("res_partner", "email")).as("rows touched = the partners with an e-mail").isEqualTo(emails);
            // phone: "+0" (no country code starts with 0), then the same layout, other digits
            Map<Long, String> after = map(c, "SELECT id, phone FROM res_partner WHERE phone IS NOT NULL AND phone <> ''");
            assertThat(after.keySet()).as("the same partners have a phone").isEqualTo(phones.keySet());
            int same = 0;
            for (Map.Entry<Long, String> e : phones.entrySet()) {
                String o = e.getValue();
                String n = after.get(e.getKey());
                assertThat(n).as("phone of partner %s keeps its length", e.getKey()).hasSameSizeAs(o);
                assertThat(n).as("phone of partner %s is fictional", e.getKey()).startsWith("+0");
                for (int i = 2; i < o.length(); i++) {
                    char oc = o.charAt(i);
                    char nc = n.charAt(i);
                    if (" +-()./".indexOf(oc) >= 0) {
                        assertThat(nc).as("separator kept at %s in %s", i, e.getKey()).isEqualTo(oc);
                    } else {
                        assertThat(Character.isDigit(nc)).as("digit at %s", i).isTrue();
                    }
                }
                if (n.equals(o)) {
                    same++;
                }
            }
            assertThat(same).as("no phone number kept").isZero();
            // digits (zip codes): the whole layout kept, no phone prefix
            Map<Long, String> zipsAfter = map(c, "SELECT id, zip FROM res_partner WHERE zip IS NOT NULL AND zip <> ''");
            assertThat(zipsAfter.keySet()).as("the same partners have a zip").isEqualTo(zips.keySet()).isNotEmpty();
            for (Map.Entry<Long, String> e : zips.entrySet()) {
                String o = e.getValue();
                String n = zipsAfter.get(e.getKey());
                assertThat(n.replaceAll("[^ +\\-()./]", "9")).as("zip of partner %s keeps its layout", e.getKey())
                        .isEqualTo(o.replaceAll("[^ +\\-()./]", "9"));
                assertThat(n).as("zip of partner %s is digits", e.getKey()).matches("[0-9 +\\-()./]+");
            }
            // iban
            List<String[]> banks = SqlQueries.rows(c, "SELECT acc_number, sanitized_acc_number FROM res_partner_bank");
            assertThat(banks).as("bank accounts").isNotEmpty();
            for (String[] b : banks) {
                assertThat(b[0]).as("spaced like the seeded IBANs").matches("BE\\d\\d( \\d{4}){3}");
                assertThat(b[1]).as("sanitized is the compact form").isEqualTo(b[0].replace(" ", ""));
                assertThat(validIban(b[1])).as("valid IBAN checksum: %s", b[1]).isTrue();
            }
            assertThat(SqlQueries.count(c, "SELECT count(DISTINCT sanitized_acc_number) FROM res_partner_bank")).as("distinct accounts")
                    .isEqualTo(banks.size());
            // fixed
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM mail_tracking_value WHERE old_value_char = '(anonymized)'"))
                    .as("tracked old values replaced by the fixed value").isEqualTo(tracked).isPositive();
            // null
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users WHERE totp_secret IS NOT NULL")).as("TOTP secrets nulled").isZero();
            assertThat(r.rows("res_users", "totp_secret")).isEqualTo(totp);
            // delete
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users_apikeys")).as("API keys deleted").isZero();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM auth_totp_device")).as("trusted devices deleted").isZero();
            if (major == 18) {
                assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_device_log")).as("device logs deleted").isZero();
            }
            // keep
            assertThat(SqlQueries.string(c, "SELECT email FROM res_company WHERE id = 1")).as("keep: the company's own e-mail").isEqualTo(companyEmail);
            // jsonb (18) / ir_property (16, 17)
            if (major == 18) {
                assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE barcode IS NOT NULL")).isPositive();
                assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE barcode IS NOT NULL AND jsonb_typeof(barcode) = 'object' "
                        + "AND barcode <> jsonb_build_object('1', 'PRT' || id)")).as("every company's barcode value rewritten").isZero();
                assertThat(SqlQueries.string(c, "SELECT barcode::text FROM res_partner WHERE id = (SELECT max(id) FROM res_partner)"))
                        .as("a non-object value becomes the template as a JSON string").matches("\"PRT\\d+\"");
            } else {
                assertThat(SqlQueries.count(c, "SELECT count(*) FROM ir_property WHERE name = 'barcode' AND value_text <> 'PRT-P' || id"))
                        .as("company-dependent barcodes in ir_property rewritten").isZero();
            }
            // html
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE comment = '<p>Anonymized note</p>'"))
                    .as("html comments replaced").isEqualTo(comments).isPositive();
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM mail_message WHERE body <> '' AND body <> '<p>Anonymized message</p>'")).isZero();
            assertThat(r.table("mail_message").method()).as("big table (> 1000 rows here): rewrite path").isEqualTo("rewrite");
            // pseudonym (date)
            Map<Long, String> bdays = map(c, "SELECT id, birthday::text FROM hr_employee WHERE birthday IS NOT NULL");
            assertThat(bdays.keySet()).isEqualTo(birthdays.keySet());
            long sameBirthday = bdays.entrySet().stream().filter(e -> e.getValue().equals(birthdays.get(e.getKey()))).count();
            assertThat(sameBirthday).as("birthdays replaced (a derived date can match by chance, rarely)").isLessThanOrEqualTo(1);
            assertThat(bdays.values()).allSatisfy(d -> assertThat(d).isBetween("1950-01-01", "2004-12-31"));
            // users: logins, passwords
            assertThat(SqlQueries.strings(c, "SELECT login FROM res_users WHERE id = 2")).as("admin keeps its login").containsExactly("admin");
            assertThat(SqlQueries.count(c, "SELECT count(*) FROM res_users WHERE id > 4 AND login <> 'user' || id")).as("logins").isZero();
            List<String> hashes = SqlQueries.strings(c, "SELECT DISTINCT password FROM res_users");
            assertThat(hashes).as("every user has the one staging password").hasSize(1);
            assertThat(verifyPbkdf2("staging-Secret-1", hashes.get(0))).as("the hash verifies like passlib would").isTrue();
            // the report carries no value
            String json = Json.write(r);
            assertThat(someEmails).isNotEmpty().allSatisfy(e -> assertThat(json).doesNotContain(e));
            assertThat(json).doesNotContain("staging-Secret-1").doesNotContain(hashes.get(0));
            // skipped rules: absent columns of this series
            String absent = switch (major) {
                case 16 -> "hr_employee.private_email";
                case 17 -> "res_device_log";
                default -> "google_calendar_credentials.calendar_token";
            };
            assertThat(r.skipped()).as("rules of absent tables/columns are skipped and reported")
                    .extracting(AnonymizationReport.SkippedRule::key).contains(absent);
            assertThat(PiiCoverage.uncovered(c, AnonymizationRules.builtIn(series))).as("the built-in rules cover the fixture").isEmpty();
        }
    }

    static Map<Long, String> map(Connection c, String sql) throws Exception {
        Map<Long, String> m = new HashMap<>();
        for (String[] r : SqlQueries.rows(c, sql)) {
            m.put(Long.parseLong(r[0]), r[1]);
        }
        return m;
    }

    static boolean validIban(String iban) {
        String s = iban.substring(4) + iban.substring(0, 4);
        StringBuilder d = new StringBuilder();
        for (char ch : s.toCharArray()) {
            d.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
        }
        return new BigInteger(d.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }

    /** PBKDF2-HMAC-SHA512 written out from RFC 8018 (one 64-byte block), independent of the code under test. */
    static boolean verifyPbkdf2(String password, String hash) throws Exception {
        String[] p = hash.split("\\$");
        assertThat(p[1]).isEqualTo("pbkdf2-sha512");
        int rounds = Integer.parseInt(p[2]);
        byte[] salt = java.util.Base64.getDecoder().decode(p[3].replace('.', '+'));
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        mac.update(salt);
        byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
        byte[] t = u.clone();
        for (int i = 1; i < rounds; i++) {
            u = mac.doFinal(u);
            for (int k = 0; k < t.length; k++) {
                t[k] ^= u[k];
            }
        }
        return java.util.Base64.getEncoder().withoutPadding().encodeToString(t).replace('+', '.').equals(p[4]);
    }
}
