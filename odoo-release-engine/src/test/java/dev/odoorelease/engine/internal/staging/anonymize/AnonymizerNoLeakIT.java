package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.PgServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * No seeded personal value survives anywhere in the anonymized copy: collected before (every
 * e-mail, phone, IBAN, VAT, SSN, passport, name, token and hash the seeder wrote, 8 characters or
 * more), then searched as substrings in every text, varchar and json value of every table, in
 * pg_stats, and in the raw bytes of every file of the copy's database directory (heap, TOAST,
 * indexes, catalogs) after a checkpoint, so old row versions and old statistics count too.
 */
class AnonymizerNoLeakIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("anon-noleak");

    /** Columns the seeder fills with personal or secret values (those absent in a series are ignored). */
    static final List<String> PERSONAL = List.of(
            "res_partner.name", "res_partner.display_name", "res_partner.complete_name", "res_partner.commercial_company_name",
            "res_partner.email", "res_partner.email_normalized", "res_partner.phone", "res_partner.mobile", "res_partner.phone_sanitized",
            "res_partner.street", "res_partner.vat", "res_partner.company_registry", "res_partner.website", "res_partner.ref",
            "res_partner.signup_token",
            "res_users.login", "res_users.password", "res_users.totp_secret", "res_users.oauth_uid", "res_users.oauth_access_token",
            "res_users.microsoft_calendar_rtoken", "res_users.microsoft_calendar_token", "res_users.microsoft_calendar_sync_token",
            "res_users_apikeys.key", "auth_totp_device.key",
            "res_users_settings.google_calendar_rtoken", "res_users_settings.google_calendar_token",
            "res_users_settings.google_calendar_sync_token", "res_users_settings.microsoft_calendar_sync_token",
            "google_calendar_credentials.calendar_rtoken", "google_calendar_credentials.calendar_token",
            "google_calendar_credentials.calendar_sync_token", "microsoft_calendar_credentials.calendar_sync_token",
            "res_device_log.ip_address", "res_device_log.session_identifier",
            "hr_employee.name", "hr_employee.work_email", "hr_employee.work_phone", "hr_employee.mobile_phone",
            "hr_employee.private_street", "hr_employee.private_email", "hr_employee.private_phone", "hr_employee.private_car_plate",
            "hr_employee.spouse_complete_name", "hr_employee.ssnid", "hr_employee.sinid", "hr_employee.identification_id",
            "hr_employee.passport_id", "hr_employee.permit_no", "hr_employee.visa_no", "hr_employee.emergency_contact",
            "hr_employee.emergency_phone", "hr_employee.barcode", "resource_resource.name",
            "res_partner_bank.acc_number", "res_partner_bank.sanitized_acc_number", "res_partner_bank.acc_holder_name",
            "payment_token.provider_ref", "payment_token.stripe_payment_method",
            "payment_transaction.partner_name", "payment_transaction.partner_email", "payment_transaction.partner_phone",
            "payment_transaction.partner_address",
            "crm_lead.name", "crm_lead.contact_name", "crm_lead.partner_name", "crm_lead.email_from", "crm_lead.phone", "crm_lead.mobile",
            "crm_lead.website", "crm_lead.street",
            "mail_message.email_from", "mail_message.record_name", "mail_mail.email_to", "mail_mail.email_cc",
            "mail_tracking_value.old_value_char", "mail_tracking_value.new_value_char", "ir_attachment.index_content",
            // the standard Community modules (issue 15): blacklists, SMS, letters, calendar, sales, accounting, HR, events,
            // surveys, POS, livechat, mailings, and the wizards (transient tables) someone left open
            "mail_blacklist.email", "phone_blacklist.number", "mail_gateway_allowed.email", "mail_guest.name", "mail_activity.res_name",
            "mail_activity.summary", "sms_sms.number", "sms_sms.body", "snailmail_letter.street", "privacy_log.anonymized_email",
            "calendar_event.name", "calendar_event.location", "calendar_attendee.common_name", "sale_order.signed_by",
            "account_move.invoice_partner_display_name", "account_bank_statement_line.partner_name",
            "account_bank_statement_line.account_number", "account_bank_statement_line.payment_ref", "res_partner.contact_address_complete",
            "hr_leave.private_name", "hr_leave.notes", "hr_resume_line.description", "hr_contract.name", "hr_contract.notes",
            "fleet_vehicle.license_plate", "hr_attendance.in_ip_address", "hr_applicant.partner_name", "hr_applicant.email_from",
            "hr_applicant.partner_phone", "hr_candidate.partner_name", "hr_candidate.email_from", "project_task.name",
            "project_task.email_cc", "project_task.partner_email", "event_registration.name", "event_registration.email",
            "event_registration.phone", "event_registration_answer.value_text_box", "survey_user_input.email",
            "survey_user_input.nickname", "survey_user_input_line.value_char_box", "survey_user_input_line.value_text_box",
            "pos_payment.cardholder_name", "chatbot_message.user_raw_answer", "mail_channel.name", "mail_channel.anonymous_name",
            "discuss_channel.name", "discuss_channel.anonymous_name", "discuss_channel_member.custom_channel_name",
            "mail_channel_member.custom_channel_name", "mailing_contact.name", "mailing_contact.email", "mailing_contact.mobile",
            "mailing_trace.email", "link_tracker_click.ip", "mail_compose_message.email_from", "mail_compose_message.body",
            "sms_composer.numbers", "portal_wizard_user.email", "privacy_lookup_wizard.email", "iap_account_info.warning_email");

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void noSeededPersonalValueSurvivesInTheCopy(String series) throws Exception {
        String major = series.substring(0, 2);
        String prod = "leak_prod_" + major;
        String copy = "leak_copy_" + major;
        Seeded.create(PG.server(), prod, series, null);
        Seeded.copy(PG.server(), prod, copy);
        Needles needles = new Needles();
        try (Connection c = PG.server().connect(copy)) {
            for (String tc : PERSONAL) {
                String[] p = tc.split("\\.");
                if (!SqlQueries.columnExists(c, p[0], p[1])) {
                    continue;
                }
                String where = p[0].equals("res_partner") ? " AND id NOT IN (SELECT partner_id FROM res_company)"
                        : p[0].equals("res_users") && p[1].equals("login") ? " AND login NOT IN ('admin', '__system__', 'public', 'default')"
                        // tracked values of personal fields (e-mails, addresses); not the stage names of leads
                        : p[0].equals("mail_tracking_value") ? " AND (" + p[1] + " LIKE '%@%' OR " + p[1] + " LIKE '%(previous address)%')" : "";
                for (String v : SqlQueries.strings(c, "SELECT DISTINCT " + p[1] + "::text FROM " + p[0] + " WHERE " + p[1] + " IS NOT NULL" + where)) {
                    needles.add(tc, v);
                }
            }
            if (series.equals("18.0")) {
                SqlQueries.strings(c, "SELECT v FROM res_partner, jsonb_each_text(barcode) AS b(k, v)").forEach(v -> needles.add("res_partner.barcode", v));
            } else {
                SqlQueries.strings(c, "SELECT value_text FROM ir_property WHERE name = 'barcode'").forEach(v -> needles.add("ir_property.value_text", v));
            }
            assertThat(needles.size()).as("personal values collected").isGreaterThan(3000);
            assertThat(needles.fromColumns()).as("from every kind").contains("res_partner.email", "res_partner_bank.acc_number",
                    "res_partner.vat", "hr_employee.ssnid", "hr_employee.passport_id", "res_users.password", "mail_tracking_value.old_value_char");
            assertThat(scanSql(c, needles)).as("the seeded values are found before anonymization (the scan works)").isNotEmpty();

            AnonymizationReport r = new Anonymizer(Seeded.freshClone(c)).rules(AnonymizationRules.builtIn(series)).stagingPassword("staging")
                    .rewriteThreshold(1000).run();

            assertThat(r.warnings()).as("pg_statistic could be rewritten by the database owner").noneMatch(w -> w.contains("VACUUM"));
            assertThat(scanSql(c, needles)).as("no seeded personal value in any text/json column or in pg_stats").isEmpty();
        }
        PG.server().superExecute(copy, "CHECKPOINT");
        assertThat(scanFiles(prod, needles)).as("the file scan finds the values in production's files (it works)").isNotEmpty();
        assertThat(scanFiles(copy, needles)).as("no seeded personal value in the bytes of the copy's files "
                + "(dead row versions, old indexes, old statistics)").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void withoutVacuumFullOldRowVersionsKeepOriginalValuesInTheFiles() throws Exception {
        // the control experiment for the file scan above: an UPDATE alone leaves the originals on disk
        Seeded.create(PG.server(), "leak_novac_prod", "17.0", null);
        Seeded.copy(PG.server(), "leak_novac_prod", "leak_novac");
        Needles needles = new Needles();
        try (Connection c = PG.server().connect("leak_novac")) {
            SqlQueries.strings(c, "SELECT email FROM res_partner WHERE email IS NOT NULL AND id NOT IN (SELECT partner_id FROM res_company)")
                    .forEach(v -> needles.add("res_partner.email", v));
            new Anonymizer(Seeded.freshClone(c)).rules(AnonymizationRules.builtIn("17.0")).rewriteThreshold(Long.MAX_VALUE).vacuumFull(false).run();
            assertThat(scanSql(c, needles)).as("invisible to SQL").isEmpty();
        }
        PG.server().superExecute("leak_novac", "CHECKPOINT");
        assertThat(scanFiles("leak_novac", needles)).as("but still in the files without VACUUM FULL").isNotEmpty();
    }

    /** Where needles occur: "table.column: <which needle's column>" (no values in assertion messages). */
    static Set<String> scanSql(Connection c, Needles needles) throws Exception {
        Set<String> hits = new TreeSet<>();
        List<String[]> cols = SqlQueries.rows(c, """
                SELECT c.table_name, c.column_name FROM information_schema.columns c
                  JOIN information_schema.tables t USING (table_schema, table_name)
                 WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                   AND c.udt_name IN ('text', 'varchar', 'bpchar', 'jsonb', 'json')""");
        for (String[] tc : cols) {
            for (String v : SqlQueries.strings(c, "SELECT \"" + tc[1] + "\"::text FROM \"" + tc[0] + "\" WHERE \"" + tc[1] + "\" IS NOT NULL")) {
                String hit = needles.find(v);
                if (hit != null) {
                    hits.add(tc[0] + "." + tc[1] + " holds a value of " + hit);
                }
            }
        }
        for (String v : SqlQueries.strings(c, "SELECT concat_ws(' ', tablename, attname, most_common_vals::text, histogram_bounds::text) "
                + "FROM pg_stats WHERE schemaname = 'public'")) {
            String hit = needles.find(v);
            if (hit != null) {
                hits.add("pg_stats (" + v.substring(0, v.indexOf(' ', v.indexOf(' ') + 1)) + ") holds a value of " + hit);
            }
        }
        return hits;
    }

    Set<String> scanFiles(String db, Needles needles) throws Exception {
        Set<String> hits = new TreeSet<>();
        Map<String, String> relByFile = new HashMap<>();
        String dir;
        try (Connection c = PG.server().superConnect(db)) {
            dir = "base/" + SqlQueries.string(c, "SELECT oid FROM pg_database WHERE datname = current_database()");
            for (String[] r : SqlQueries.rows(c, "SELECT pg_relation_filenode(oid)::text, relname FROM pg_class WHERE pg_relation_filenode(oid) IS NOT NULL")) {
                relByFile.put(r[0], r[1]);
            }
        }
        try (Stream<Path> files = Files.list(PG.server().dataDir().resolve(dir))) {
            for (Path f : files.toList()) {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                String hit = needles.findBytes(new String(read(f), StandardCharsets.ISO_8859_1));
                if (hit != null) {
                    String node = f.getFileName().toString().replaceAll("[._].*$", "");
                    hits.add("file " + f.getFileName() + " (" + relByFile.getOrDefault(node, "?") + ") holds a value of " + hit);
                }
            }
        }
        return hits;
    }

    private static byte[] read(Path f) throws IOException {
        return Files.readAllBytes(f);
    }

    /** Substring search for many needles at once: an index on each needle's first 8 bytes (UTF-8, as in the files). */
    static final class Needles {
        static final int K = 8;
        private final Map<String, List<String[]>> byPrefix = new HashMap<>();
        private final Set<String> all = new LinkedHashSet<>();
        private final Set<String> columns = new TreeSet<>();

        void add(String column, String value) {
            if (value == null || value.length() < K) {
                return;
            }
            String bytes = new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            if (all.add(bytes)) {
                byPrefix.computeIfAbsent(bytes.substring(0, K), k -> new ArrayList<>()).add(new String[] {bytes, column});
                columns.add(column);
            }
        }

        int size() {
            return all.size();
        }

        Set<String> fromColumns() {
            return columns;
        }

        /** The column of a needle found in {@code text} (compared as UTF-8 bytes), or null. */
        String find(String text) {
            String t = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            return findBytes(t);
        }

        String findBytes(String t) {
            for (int i = 0; i + K <= t.length(); i++) {
                List<String[]> cands = byPrefix.get(t.substring(i, i + K));
                if (cands != null) {
                    for (String[] n : cands) {
                        if (t.startsWith(n[0], i)) {
                            return n[1];
                        }
                    }
                }
            }
            return null;
        }
    }
}
