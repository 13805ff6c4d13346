package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SqlQueries.longs;
import static dev.odoorelease.testkit.SqlQueries.strings;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Loads each series' schema fixture into a real PostgreSQL cluster and checks its shape. */
class OdooSchemaIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("schema-it");

    private static int dbCounter;

    private static synchronized String newDb(String prefix) {
        return prefix + "_" + (++dbCounter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void loadsIntoAnEmptyDatabaseAsTheOwningRole(String series) throws SQLException {
        String db = newDb("schema" + series.substring(0, 2));
        PG.server().createDatabase(db);
        try (Connection c = PG.server().connect(db)) {
            OdooSchema.load(c, series);
            assertThat(c.getAutoCommit()).isTrue();

            // everything belongs to the odoo role
            assertThat(longs(c, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'odoo'")).containsExactly(0L);
            List<String> tables = strings(c, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
            assertThat(tables).contains("ir_module_module", "ir_model_data", "ir_config_parameter", "ir_cron", "ir_act_server",
                    "ir_actions", "ir_mail_server", "fetchmail_server", "ir_attachment", "ir_ui_view", "res_company", "res_partner",
                    "res_users", "res_users_apikeys", "auth_totp_device", "mail_message", "mail_mail", "mail_tracking_value",
                    "mail_template", "payment_provider", "payment_token", "payment_transaction", "delivery_carrier", "hr_employee",
                    "res_partner_bank", "crm_lead", "auth_oauth_provider", "iap_account", "website", "queue_job", "res_users_settings",
                    "mail_followers", "mail_notification");

            // the fresh-database rows
            assertThat(strings(c, "SELECT name || '=' || latest_version FROM ir_module_module WHERE name IN ('base', 'web') ORDER BY name"))
                    .containsExactly("base=" + series + ".1.3", "web=" + series + ".1.0");
            assertThat(longs(c, "SELECT count(*) FROM ir_module_module WHERE state = 'installed'")).containsExactly(23L);
            assertThat(strings(c, "SELECT login FROM res_users WHERE id = 2")).containsExactly("admin");
            assertThat(strings(c, "SELECT active::text FROM ir_ui_view WHERE key = 'web.neutralize_banner'")).containsExactly("false");
            assertThat(strings(c, "SELECT key FROM ir_config_parameter ORDER BY key"))
                    .contains("database.uuid", "database.secret", "database.create_date", "web.base.url", "report.url",
                            "database.enterprise_code", "mail.catchall.domain")
                    .doesNotContain("database.is_neutralized");
            assertThat(strings(c, "SELECT d.module || '.' || d.name FROM ir_model_data d JOIN ir_cron c ON c.id = d.res_id "
                    + "WHERE d.model = 'ir.cron' AND c.active ORDER BY 1"))
                    .contains("base.autovacuum_job", "mail.ir_cron_mail_scheduler_action");
            // ir_act_server inherits ir_actions (PostgreSQL inheritance, like base_data.sql)
            assertThat(longs(c, "SELECT count(*) FROM ir_actions")).containsExactly(longs(c, "SELECT count(*) FROM ir_act_server").get(0));
            assertThat(longs(c, "SELECT count(*) FROM ONLY ir_actions")).containsExactly(0L);

            // realistic foreign keys, many of them to res_partner and res_users
            assertThat(longs(c, "SELECT count(*) FROM pg_constraint WHERE contype = 'f'").get(0)).isGreaterThan(250L);
            assertThat(longs(c, "SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND confrelid = 'res_partner'::regclass").get(0))
                    .isGreaterThanOrEqualTo(15L);
            assertThat(orphans(c)).isEmpty();

            // per-series columns
            Map<String, String> cols = columns(c);
            int major = Integer.parseInt(series.substring(0, 2));
            assertThat(cols).containsKeys("res_partner.email", "res_partner.vat", "res_users.totp_secret", "res_users.oauth_access_token",
                    "ir_mail_server.smtp_pass", "ir_mail_server.google_gmail_refresh_token", "payment_provider.stripe_secret_key",
                    "delivery_carrier.prod_environment", "ir_attachment.store_fname", "ir_attachment.checksum", "ir_attachment.index_content");
            if (major == 16) {
                assertThat(cols).containsKeys("hr_employee.address_home_id", "mail_tracking_value.field", "res_partner.display_name",
                        "ir_property.value_text");
                assertThat(cols).doesNotContainKeys("ir_act_server.webhook_url", "hr_employee.private_email", "res_partner.barcode");
            } else {
                assertThat(cols).containsKeys("ir_act_server.webhook_url", "hr_employee.private_email", "hr_employee.private_street",
                        "mail_tracking_value.field_id", "res_partner.complete_name");
                assertThat(cols).doesNotContainKeys("hr_employee.address_home_id", "mail_tracking_value.field");
            }
            if (major == 18) {
                assertThat(cols).containsEntry("res_partner.barcode", "jsonb");
                assertThat(cols).containsKeys("res_device_log.ip_address", "res_users_settings.google_calendar_rtoken",
                        "mail_push_device.endpoint");
                assertThat(tables).doesNotContain("ir_property");
            } else {
                assertThat(cols).doesNotContainKey("res_device_log.ip_address");
            }
            if (major == 17) {
                assertThat(cols).containsKeys("mail_partner_device.endpoint", "mail_notification_web_push.payload");
            }
        }
    }

    @Test
    void sqlIsCachedAndNamedBySeries() {
        assertThat(OdooSchema.sql("17")).isSameAs(OdooSchema.sql("17.0"));
        assertThat(OdooSchema.Series.of("V18")).isEqualTo(OdooSchema.Series.V18);
        assertThat(OdooSchema.sql(OdooSchema.Series.V16)).contains("address_home_id").doesNotContain("webhook_url varchar");
    }

    /**
     * The stand-in's neutralize command (the real neutralize.sql effects) applies to each fixture in one
     * transaction, and its {@code --stdout} output applies the same. Run inside the stand-in image, as real Odoo's
     * {@code odoo neutralize} runs in the Odoo container: nothing of it (python3, psycopg2) is needed on the host.
     */
    @ParameterizedTest
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void standInNeutralizesTheFixture(String series) throws Exception {
        DockerEngine.require();
        String image = StandInImage.series(series).build();
        String db = newDb("neutral" + series.substring(0, 2));
        OdooDatabases.createWithSchema(PG.server(), db, series);
        Processes.Result r = StandInContainer.image(image).database(PG.server()).args("neutralize", "-d", db)
                .runToCompletion(Duration.ofMinutes(3));
        assertThat(r.exitCode()).as(r.combined()).isZero();
        assertThat(r.stderr()).contains("Neutralization finished");
        try (Connection c = PG.server().connect(db)) {
            assertThat(strings(c, "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'")).containsExactly("true");
            assertThat(strings(c, "SELECT d.name FROM ir_cron c JOIN ir_model_data d ON d.res_id = c.id AND d.model = 'ir.cron' WHERE c.active"))
                    .containsExactly("autovacuum_job");
            assertThat(strings(c, "SELECT smtp_host || ':' || smtp_port FROM ir_mail_server WHERE active")).containsExactly("invalid:1025");
            assertThat(strings(c, "SELECT active::text FROM ir_ui_view WHERE key = 'web.neutralize_banner'")).containsExactly("true");
        }
        // --stdout prints a transaction that applies the same
        String db2 = newDb("neutralstdout" + series.substring(0, 2));
        OdooDatabases.createWithSchema(PG.server(), db2, series);
        Processes.Result out = StandInContainer.image(image).database(PG.server()).args("neutralize", "-d", db2, "--stdout")
                .runToCompletion(Duration.ofMinutes(3));
        assertThat(out.exitCode()).as(out.combined()).isZero();
        assertThat(out.stdout()).startsWith("BEGIN;").contains("neutralization - disable emails").endsWith("COMMIT;\n");
        try (Connection c = PG.server().connect(db2)) {
            assertThat(strings(c, "SELECT count(*)::text FROM ir_config_parameter WHERE key = 'database.is_neutralized'")).containsExactly("0");
            try (Statement s = c.createStatement()) {
                s.setEscapeProcessing(false);
                s.execute(out.stdout());
            }
            assertThat(strings(c, "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'")).containsExactly("true");
        }
    }

    static Map<String, String> columns(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3));
            }
        }
        return out;
    }

    /** Rows whose single-column foreign key points nowhere, as "constraint: count" (empty when consistent). */
    static List<String> orphans(Connection c) throws SQLException {
        List<String[]> fks = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT con.conname, con.conrelid::regclass::text, a.attname, con.confrelid::regclass::text, af.attname
                  FROM pg_constraint con
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
                  JOIN pg_attribute af ON af.attrelid = con.confrelid AND af.attnum = con.confkey[1]
                 WHERE con.contype = 'f' AND array_length(con.conkey, 1) = 1
                """)) {
            while (rs.next()) {
                fks.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] fk : fks) {
            long n = longs(c, "SELECT count(*) FROM ONLY " + fk[1] + " t WHERE t." + fk[2] + " IS NOT NULL AND NOT EXISTS "
                    + "(SELECT 1 FROM " + fk[3] + " p WHERE p." + fk[4] + " = t." + fk[2] + ")").get(0);
            if (n > 0) {
                out.add(fk[0] + ": " + n);
            }
        }
        return out;
    }
}
