package dev.odoorelease.engine.internal.staging.neutralize;

import static dev.odoorelease.testkit.SqlQueries.count;
import static dev.odoorelease.testkit.SqlQueries.exec;
import static dev.odoorelease.testkit.SqlQueries.string;
import static dev.odoorelease.testkit.SqlQueries.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.result.NeutralizationReport.ParameterChange;
import dev.odoorelease.engine.internal.state.Json;
import dev.odoorelease.testkit.OdooSchema;
import dev.odoorelease.testkit.OdooDatabases;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import dev.odoorelease.engine.result.NeutralizationReport;

/**
 * The neutralizer on real PostgreSQL, on the Odoo-shaped schema of each series filled with the
 * testkit's realistic production data (live mail servers with passwords, Stripe live keys, API
 * keys, TOTP, OAuth tokens, queue jobs, a mail queue...), and compared with what Odoo's own
 * {@code neutralize} does to the same data (the stand-in's per-series neutralize.sql).
 */
class NeutralizerIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("neutralize");

    static final String TARGET = "https://staging.example.com";
    private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();
    private static final AtomicInteger COPIES = new AtomicInteger();
    @TempDir
    Path dir;

    // ----- fixtures ---------------------------------------------------------------------------

    /** A seeded production-like database of the series, kept as the template of every copy. */
    private static synchronized String template(String series) throws SQLException {
        String key = PG.server().port() + "/" + series;
        String existing = TEMPLATES.get(key);
        if (existing != null) {
            return existing;
        }
        String name = "prod" + OdooSchema.Series.of(series).major();
        OdooDatabases.createWithSchema(PG.server(), name, series);
        OdooDatabases.seed(PG.server(), name, OdooSeeder.forSeries(series).partners(60).users(12).employees(4).leads(10).messages(40)
                .mailQueue(8).progress(null));
        TEMPLATES.put(key, name);
        return name;
    }

    /** A fresh copy of the series' production database (what a stage clone neutralizes). */
    private static String copy(String series) throws SQLException {
        String name = "copy" + OdooSchema.Series.of(series).major() + "_" + COPIES.incrementAndGet();
        PG.server().superExecute("postgres", "CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template(series) + "\" OWNER odoo");
        return name;
    }

    private static Connection connect(String db) throws SQLException {
        return PG.server().connect(db);
    }

    private static String param(Connection c, String key) throws SQLException {
        return string(c, "SELECT value FROM ir_config_parameter WHERE key = '" + key + "'");
    }

    private static Neutralizer neutralizer(Connection c) {
        return new Neutralizer(c).targetUrl(TARGET);
    }

    private static final String NOT_AUTOVACUUM = "id NOT IN (SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' "
            + "AND module = 'base' AND name = 'autovacuum_job')";

    /** Modules of auth_ldap (all series) and auth_passkey (18) with a production row each: not in the schema fixture. */
    private static void addLdapAndPasskeys(Connection c, String series) throws SQLException {
        exec(c, "CREATE TABLE res_company_ldap (id serial PRIMARY KEY, sequence integer, company integer NOT NULL, "
                + "ldap_server varchar NOT NULL, ldap_server_port integer NOT NULL, ldap_binddn varchar, ldap_password varchar, "
                + "ldap_filter varchar NOT NULL, ldap_base varchar NOT NULL, \"user\" integer, create_user boolean, ldap_tls boolean)");
        exec(c, "INSERT INTO res_company_ldap (sequence, company, ldap_server, ldap_server_port, ldap_binddn, ldap_password, "
                + "ldap_filter, ldap_base, create_user, ldap_tls) VALUES (10, 1, 'ldap.yourcompany.example.com', 636, "
                + "'cn=odoo,dc=yourcompany,dc=example,dc=com', 'ldap-bind-S3cret-7781', '(uid=%s)', 'dc=yourcompany,dc=example,dc=com', true, true)");
        exec(c, "INSERT INTO ir_module_module (name, state, latest_version) VALUES ('auth_ldap', 'installed', '" + series + ".1.0')");
        if (series.equals("18.0")) {
            exec(c, "CREATE TABLE auth_passkey_key (id serial PRIMARY KEY, name varchar NOT NULL, credential_identifier varchar NOT NULL, "
                    + "public_key varchar, sign_count integer, create_uid integer, create_date timestamp)");
            exec(c, "INSERT INTO auth_passkey_key (name, credential_identifier, public_key, sign_count, create_uid) "
                    + "VALUES ('YubiKey of admin', 'cred-8f2a', 'pQECAyYgASFYIG...', 3, 2)");
            exec(c, "INSERT INTO ir_module_module (name, state, latest_version) VALUES ('auth_passkey', 'installed', '18.0.1.0')");
        }
    }

    /** Secret values of the seeded production data that must never show in a report. */
    private static List<String> secrets(Connection c) throws SQLException {
        List<String> s = new ArrayList<>();
        s.addAll(strings(c, "SELECT smtp_pass FROM ir_mail_server WHERE smtp_pass IS NOT NULL"));
        s.addAll(strings(c, "SELECT google_gmail_refresh_token FROM ir_mail_server WHERE google_gmail_refresh_token IS NOT NULL"));
        s.addAll(strings(c, "SELECT microsoft_outlook_refresh_token FROM ir_mail_server WHERE microsoft_outlook_refresh_token IS NOT NULL"));
        s.addAll(strings(c, "SELECT password FROM fetchmail_server WHERE password IS NOT NULL"));
        s.addAll(strings(c, "SELECT stripe_secret_key FROM payment_provider WHERE stripe_secret_key IS NOT NULL"));
        s.addAll(strings(c, "SELECT stripe_webhook_secret FROM payment_provider WHERE stripe_webhook_secret IS NOT NULL"));
        s.addAll(strings(c, "SELECT key FROM res_users_apikeys"));
        s.addAll(strings(c, "SELECT totp_secret FROM res_users WHERE totp_secret IS NOT NULL"));
        s.addAll(strings(c, "SELECT oauth_access_token FROM res_users WHERE oauth_access_token IS NOT NULL"));
        s.addAll(strings(c, "SELECT value FROM ir_config_parameter WHERE key IN ('database.secret', 'database.enterprise_code', "
                + "'google_gmail_client_secret', 'microsoft_outlook_client_secret', 'custom.wms_api_token', 'mail.web_push_vapid_private_key')"));
        s.add("ldap-bind-S3cret-7781");
        assertThat(s).as("the seeded production data has secrets to look for").hasSizeGreaterThan(10);
        return s;
    }

    // ----- tests ------------------------------------------------------------------------------

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void neutralizesEveryWayOutAndGivesTheCopyItsOwnIdentity(String series) throws Exception {
        String db = copy(series);
        try (Connection c = connect(db)) {
            addLdapAndPasskeys(c, series);
            exec(c, "INSERT INTO ir_config_parameter (key, value) VALUES ('auth_signup.reset_password', 'True') ON CONFLICT DO NOTHING");
            exec(c, "UPDATE mail_mail SET state = 'exception' WHERE id = (SELECT min(id) FROM mail_mail)");
            exec(c, "UPDATE mail_mail SET state = 'sent' WHERE id = (SELECT max(id) FROM mail_mail)");
            List<String> secrets = secrets(c);
            String uuidBefore = param(c, "database.uuid");
            String secretBefore = param(c, "database.secret");
            long queuedMails = count(c, "SELECT count(*) FROM mail_mail WHERE state IN ('outgoing', 'exception')");
            long jobsWaiting = count(c, "SELECT count(*) FROM queue_job WHERE state IN ('pending', 'enqueued', 'started', 'wait_dependencies')");
            long jobsCancelledBefore = count(c, "SELECT count(*) FROM queue_job WHERE state = 'cancelled'");
            assertThat(count(c, "SELECT count(*) FROM ir_cron WHERE active AND " + NOT_AUTOVACUUM))
                    .as("production has active scheduled actions").isGreaterThan(3);
            assertThat(count(c, "SELECT count(*) FROM res_users_apikeys")).as("production has API keys").isPositive();
            assertThat(jobsWaiting).as("production has waiting queue jobs").isPositive();
            assertThat(count(c, "SELECT count(*) FROM website WHERE google_analytics_key IS NOT NULL AND plausible_shared_key IS NOT NULL "
                    + "AND plausible_site IS NOT NULL AND google_maps_api_key IS NOT NULL"))
                    .as("production's website reports to analytics and has a Maps key").isPositive();
            List<String> progress = Collections.synchronizedList(new ArrayList<>());

            NeutralizationReport r = neutralizer(c).progress(progress::add).run();

            assertThat(c.getAutoCommit()).as("the connection's auto-commit is restored").isTrue();
            assertThat(r.series()).isEqualTo(series);
            // scheduled actions
            assertThat(count(c, "SELECT count(*) FROM ir_cron WHERE active AND " + NOT_AUTOVACUUM))
                    .as("no scheduled action is active but the autovacuum").isZero();
            assertThat(count(c, "SELECT count(*) FROM ir_cron WHERE active AND NOT " + NOT_AUTOVACUUM))
                    .as("base.autovacuum_job stays active").isEqualTo(1);
            // mail
            assertThat(strings(c, "SELECT name || ' ' || smtp_host || ':' || smtp_port FROM ir_mail_server WHERE active"))
                    .as("only Odoo's dummy mail server is active").containsExactly("neutralization - disable emails invalid:1025");
            assertThat(count(c, "SELECT count(*) FROM ir_mail_server WHERE smtp_user IS NOT NULL OR smtp_pass IS NOT NULL "
                    + "OR smtp_ssl_private_key IS NOT NULL OR google_gmail_refresh_token IS NOT NULL OR google_gmail_access_token IS NOT NULL "
                    + "OR microsoft_outlook_refresh_token IS NOT NULL OR microsoft_outlook_access_token IS NOT NULL"))
                    .as("no mail server keeps a login, password or OAuth token").isZero();
            assertThat(count(c, "SELECT count(*) FROM fetchmail_server WHERE active")).as("incoming mail servers are off").isZero();
            assertThat(count(c, "SELECT count(*) FROM fetchmail_server WHERE \"user\" IS NOT NULL OR password IS NOT NULL "
                    + "OR google_gmail_refresh_token IS NOT NULL")).as("incoming mail servers keep no credentials").isZero();
            assertThat(count(c, "SELECT count(*) FROM mail_template WHERE mail_server_id IS NOT NULL"))
                    .as("templates no longer force a server").isZero();
            assertThat(count(c, "SELECT count(*) FROM mail_mail WHERE state IN ('outgoing', 'exception')"))
                    .as("the outgoing mail queue is empty").isZero();
            assertThat(count(c, "SELECT count(*) FROM mail_mail WHERE state = 'sent'")).as("sent mails stay as history").isEqualTo(1);
            assertThat(count(c, "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'odoo_release_tmp%'"))
                    .as("no temporary index of the deletes left").isZero();
            // payment, delivery, IAP, OAuth
            assertThat(count(c, "SELECT count(*) FROM payment_provider WHERE state = 'enabled'")).as("no payment provider enabled").isZero();
            assertThat(string(c, "SELECT state FROM payment_provider WHERE code = 'stripe'")).isEqualTo("disabled");
            assertThat(count(c, "SELECT count(*) FROM payment_provider WHERE state = 'test'")).as("test providers stay in test").isPositive();
            assertThat(count(c, "SELECT count(*) FROM payment_provider WHERE stripe_secret_key IS NOT NULL "
                    + "OR stripe_publishable_key IS NOT NULL OR stripe_webhook_secret IS NOT NULL")).as("Stripe keys are gone").isZero();
            assertThat(count(c, "SELECT count(*) FROM delivery_carrier WHERE prod_environment")).as("no carrier in production").isZero();
            assertThat(count(c, "SELECT count(*) FROM delivery_carrier WHERE active AND delivery_type NOT IN ('fixed', 'base_on_rule')"))
                    .as("external carriers are archived").isZero();
            assertThat(strings(c, "SELECT account_token FROM iap_account")).as("IAP tokens are disabled")
                    .isNotEmpty().allMatch(t -> t.endsWith("+disabled"));
            assertThat(count(c, "SELECT count(*) FROM auth_oauth_provider WHERE enabled")).as("OAuth login is off").isZero();
            // watermarks, website
            assertThat(strings(c, "SELECT key FROM ir_ui_view WHERE active AND key IN ('web.neutralize_banner', 'website.neutralize_ribbon')"))
                    .as("banner and ribbon are on").containsExactlyInAnyOrder("web.neutralize_banner", "website.neutralize_ribbon");
            assertThat(count(c, "SELECT count(*) FROM website WHERE domain IS NOT NULL OR cdn_activated OR robots_txt <> E'User-agent: *\\nDisallow: /'"))
                    .as("websites: no domain, no CDN, no crawling").isZero();
            assertThat(count(c, "SELECT count(*) FROM website WHERE google_analytics_key IS NOT NULL OR plausible_shared_key IS NOT NULL "
                    + "OR plausible_site IS NOT NULL OR google_maps_api_key IS NOT NULL"))
                    .as("websites: staging's pages report to none of production's analytics and use no key of it").isZero();
            // logins
            assertThat(count(c, "SELECT count(*) FROM res_users_apikeys")).as("API keys are gone").isZero();
            assertThat(count(c, "SELECT count(*) FROM auth_totp_device")).as("trusted devices are gone").isZero();
            assertThat(count(c, "SELECT count(*) FROM res_users WHERE totp_secret IS NOT NULL OR oauth_access_token IS NOT NULL"))
                    .as("TOTP secrets and OAuth tokens are gone").isZero();
            assertThat(string(c, "SELECT ldap_server || ' ' || coalesce(ldap_password, '-') || ' ' || coalesce(ldap_binddn, '-') || ' ' || create_user "
                    + "FROM res_company_ldap")).as("LDAP points nowhere and binds with nothing").isEqualTo("invalid - - false");
            if (series.equals("18.0")) {
                assertThat(count(c, "SELECT count(*) FROM auth_passkey_key")).as("passkeys are gone").isZero();
            }
            // calendars
            String calendarTokens = series.equals("18.0")
                    ? "SELECT count(*) FROM res_users_settings WHERE google_calendar_rtoken IS NOT NULL OR microsoft_calendar_sync_token IS NOT NULL "
                    + "OR NOT google_synchronization_stopped OR NOT microsoft_synchronization_stopped"
                    : "SELECT count(*) FROM google_calendar_credentials WHERE calendar_rtoken IS NOT NULL OR NOT synchronization_stopped";
            assertThat(count(c, calendarTokens)).as("calendar synchronizations are stopped").isZero();
            assertThat(count(c, "SELECT count(*) FROM res_users WHERE microsoft_calendar_rtoken IS NOT NULL")).isZero();
            // queue jobs
            assertThat(count(c, "SELECT count(*) FROM queue_job WHERE state IN ('pending', 'enqueued', 'started', 'wait_dependencies')"))
                    .as("no queue job waits or runs").isZero();
            assertThat(count(c, "SELECT count(*) FROM queue_job WHERE state = 'cancelled'")).isEqualTo(jobsCancelledBefore + jobsWaiting);
            // webhooks, web push
            if (!series.equals("16.0")) {
                assertThat(strings(c, "SELECT DISTINCT webhook_url FROM ir_act_server WHERE state = 'webhook'"))
                        .as("webhooks call nothing").containsExactly("neutralization - disable webhook");
                String devices = series.equals("17.0") ? "mail_partner_device" : "mail_push_device";
                assertThat(count(c, "SELECT count(*) FROM " + devices)).as("web push devices are gone").isZero();
                assertThat(param(c, "mail.web_push_vapid_private_key")).isNull();
            }
            // configuration
            assertThat(param(c, "web.base.url")).isEqualTo(TARGET);
            assertThat(param(c, "report.url")).isEqualTo(TARGET);
            assertThat(param(c, "web.base.url.freeze")).isEqualTo("True");
            assertThat(param(c, "database.uuid")).as("a new database uuid").isNotEqualTo(uuidBefore)
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(param(c, "database.secret")).as("a new database secret").isNotEqualTo(secretBefore).hasSize(36);
            assertThat(param(c, "database.enterprise_code")).as("the subscription code is removed").isNull();
            assertThat(param(c, "google_gmail_client_secret")).isNull();
            assertThat(param(c, "microsoft_outlook_client_secret")).isNull();
            assertThat(param(c, "database.is_neutralized")).as("the flag Odoo reads").isEqualTo("true");

            // the report says so
            assertThat(r.modulesNeutralized()).as("modules neutralized like Odoo does").startsWith("base")
                    .contains("mail", "web", "website", "payment", "payment_stripe", "delivery", "iap", "auth_oauth",
                            "google_calendar", "microsoft_calendar").doesNotContain("hr", "crm");
            assertThat(r.cronsDisabled()).as("scheduled actions disabled, by name").contains("Mail: Email Queue Manager")
                    .doesNotContain("Base: Auto-vacuum internal data");
            assertThat(r.mailServersDisabled()).extracting(NeutralizationReport.MailServer::name)
                    .contains("Mailgun (production)", "Office 365 (sales)");
            assertThat(r.mailServersDisabled()).extracting(NeutralizationReport.MailServer::host).contains("smtp.mailgun.invalid");
            assertThat(r.fetchmailServersDisabled()).extracting(NeutralizationReport.MailServer::name).contains("Support inbox");
            assertThat(r.mailCatcher()).isNull();
            assertThat(r.rowsDeleted()).as("rows deleted per table").containsKeys("res_users_apikeys", "auth_totp_device", "mail_mail");
            assertThat(r.rowsDeleted().get("mail_mail")).isEqualTo(queuedMails).isPositive();
            assertThat(r.tables()).extracting(NeutralizationReport.TableChange::table)
                    .contains("ir_mail_server", "ir_cron", "payment_provider", "res_users", "ir_config_parameter");
            NeutralizationReport.TableChange mailServers = r.tables().stream().filter(t -> t.table().equals("ir_mail_server"))
                    .findFirst().orElseThrow();
            assertThat(mailServers.actions()).as("which columns, by which rule")
                    .anySatisfy(a -> assertThat(a.columns()).containsExactly("active"))
                    .anySatisfy(a -> assertThat(a.columns()).contains("smtp_user", "smtp_pass"));
            // issue 14: a live credential in a configuration parameter is removed, not warned about
            assertThat(param(c, "custom.wms_api_token")).as("a custom credential parameter is removed").isNull();
            assertThat(param(c, "auth_signup.reset_password")).as("a setting that only looks like one stays").isEqualTo("True");
            assertThat(r.tables()).filteredOn(t -> t.table().equals("ir_config_parameter")).singleElement()
                    .satisfies(t -> assertThat(t.actions()).as("the removal is written down, by key")
                            .anyMatch(a -> a.operation().equals("DELETE") && a.description().contains("custom.wms_api_token")));
            assertThat(r.warnings()).as("nothing left to warn about").noneMatch(w -> w.contains("custom.wms_api_token"));
            assertThat(r.elapsedMs()).isNotNegative();

            String json = Json.write(r);
            System.out.println(r.toMarkdown()); // in target/failsafe-reports/*-output.txt
            String all = json + r.toMarkdown() + String.join("\n", progress);
            assertThat(secretsOf(all, secrets)).as("no secret value in the report, its Markdown or the progress lines")
                    .isEmpty();
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void changesEverythingOdoosOwnNeutralizeChangesTheSameWay(String series) throws Exception {
        String ours = copy(series);
        String odoos = copy(series);
        DbRows original;
        NeutralizationReport report;
        try (Connection c = connect(ours)) {
            original = DbRows.read(c);
            report = neutralizer(c).run();
        }
        // Odoo's own `odoo neutralize`, run where real Odoo runs it: in its image (the stand-in's), not on the host
        Processes.Result p = StandInContainer.image(StandInImage.series(series).build()).database(PG.server())
                .env("STANDIN_OCA_QUEUE_NEUTRALIZE", "1").args("neutralize", "-d", odoos).runToCompletion(Duration.ofMinutes(3));
        assertThat(p.exitCode()).as("Odoo's neutralize (stand-in) succeeds: " + p.combined()).isZero();
        assertThat(p.stderr()).contains("Neutralization finished");
        DbRows afterOdoo;
        DbRows afterOurs;
        try (Connection c = connect(odoos)) {
            afterOdoo = DbRows.read(c);
        }
        try (Connection c = connect(ours)) {
            afterOurs = DbRows.read(c);
        }

        // the report's rows per table are the rows that really changed: each once, unchanged matches not counted
        for (NeutralizationReport.TableChange t : report.tables()) {
            if (!original.tables.containsKey(t.table())) {
                continue;
            }
            Map<String, Map<String, String>> o = original.table(t.table());
            Map<String, Map<String, String>> a = afterOurs.table(t.table());
            Set<String> keys = new TreeSet<>(o.keySet());
            keys.addAll(a.keySet());
            long changed = keys.stream().filter(k -> !Objects.equals(o.get(k), a.get(k))).count();
            assertThat(t.rowsTouched()).as("rows reported changed in %s (actions %s)", t.table(), t.actions()).isEqualTo(changed);
        }

        List<String> differences = new ArrayList<>();
        Set<String> changedByOdoo = new TreeSet<>();
        Set<String> tables = new TreeSet<>(original.tables.keySet());
        tables.addAll(afterOdoo.tables.keySet());
        for (String t : tables) {
            Map<String, Map<String, String>> o = original.table(t);
            Map<String, Map<String, String>> x = afterOdoo.table(t);
            Map<String, Map<String, String>> y = afterOurs.table(t);
            for (Map.Entry<String, Map<String, String>> row : o.entrySet()) {
                Map<String, String> xr = x.get(row.getKey());
                Map<String, String> yr = y.get(row.getKey());
                if (xr == null) {
                    changedByOdoo.add(t + " (deleted rows)");
                    if (yr != null) {
                        differences.add(t + " row " + row.getKey() + ": deleted by Odoo, kept by odoo-release");
                    }
                    continue;
                }
                for (String col : row.getValue().keySet()) {
                    if (Objects.equals(row.getValue().get(col), xr.get(col))) {
                        continue;
                    }
                    changedByOdoo.add(t + "." + col);
                    if (yr == null) {
                        if (!t.equals("ir_config_parameter")) {
                            differences.add(t + " row " + row.getKey() + ": Odoo sets " + col + ", odoo-release deleted the row");
                        }
                    } else if (!Objects.equals(xr.get(col), yr.get(col))) {
                        differences.add(t + "." + col + " of row " + row.getKey() + ": Odoo sets " + xr.get(col)
                                + ", odoo-release " + yr.get(col));
                    }
                }
            }
            for (Map.Entry<String, Map<String, String>> row : x.entrySet()) {
                if (o.containsKey(row.getKey())) {
                    continue;
                }
                changedByOdoo.add(t + " (inserted rows)");
                boolean found = y.entrySet().stream().anyMatch(e -> !o.containsKey(e.getKey()) && sameIgnoringId(row.getValue(), e.getValue()));
                if (!found) {
                    differences.add(t + ": Odoo inserts " + row.getValue() + ", odoo-release does not");
                }
            }
        }
        assertThat(changedByOdoo).as("Odoo's neutralize really changed the copy").contains("ir_cron.active", "ir_mail_server.active",
                "ir_mail_server (inserted rows)", "payment_provider.stripe_secret_key", "iap_account.account_token",
                "ir_config_parameter (inserted rows)", "queue_job.state");
        assertThat(differences).as("odoo-release changes every column Odoo's neutralize changes (" + changedByOdoo + "), the same way")
                .isEmpty();
    }

    private static boolean sameIgnoringId(Map<String, String> a, Map<String, String> b) {
        Map<String, String> x = new java.util.TreeMap<>(a);
        Map<String, String> y = new java.util.TreeMap<>(b);
        x.remove("id");
        y.remove("id");
        return x.equals(y);
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void aFailingProjectStatementLeavesTheDatabaseUnchangedAndIsNamed(String series) throws Exception {
        String db = copy(series);
        Path good = Files.writeString(dir.resolve("10-staging-partners.sql"), "UPDATE res_partner SET comment = 'staging';\n");
        Path bad = Files.writeString(dir.resolve("20-erp-bridge.sql"), """
                -- the ERP bridge points at its sandbox
                UPDATE ir_config_parameter SET value = 'https://sandbox.example.com' WHERE key = 'web.base.url';

                UPDATE res_partner
                   SET no_such_column = 1
                 WHERE id = 1;
                """);
        try (Connection c = connect(db)) {
            DbRows before = DbRows.read(c);
            assertThatThrownBy(() -> neutralizer(c).customSql(List.of(good, bad)).run())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.SQL);
                        assertThat(e.getMessage()).as("names the file, the statement and what failed")
                                .contains("20-erp-bridge.sql", "statement 2", "line 4", "no_such_column",
                                        "UPDATE res_partner SET no_such_column = 1 WHERE id = 1", "rolled back");
                    });
            assertThat(c.getAutoCommit()).as("auto-commit restored after the failure").isTrue();
            assertThat(DbRows.read(c).tables).as("nothing changed: the whole neutralization was rolled back")
                    .isEqualTo(before.tables);
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void projectSqlIsAppliedAndTheMailCatcherIsTheOnlyActiveServer(String series) throws Exception {
        String db = copy(series);
        Path first = Files.writeString(dir.resolve("partners.sql"), """
                -- partners of the copy are recognisable
                UPDATE res_partner SET comment = 'staging copy' WHERE is_company;
                """);
        Path second = Files.writeString(dir.resolve("queue.sql"), """
                -- the mail queue runs on staging, into the mail catcher
                UPDATE ir_cron SET active = true
                 WHERE id = (SELECT res_id FROM ir_model_data WHERE module = 'mail' AND name = 'ir_cron_mail_scheduler_action');
                INSERT INTO ir_config_parameter (key, value) VALUES ('custom.erp_bridge_url', 'https://erp-sandbox.example.com');
                """);
        try (Connection c = connect(db)) {
            NeutralizationReport r = neutralizer(c).mailCatcher("127.0.0.1", 2525).customSql(List.of(first, second)).run();

            assertThat(strings(c, "SELECT smtp_host || ':' || smtp_port || ' ' || smtp_encryption || ' ' || coalesce(smtp_user, '-') "
                    + "FROM ir_mail_server WHERE active")).as("exactly one active server: the catcher, no TLS, no login")
                    .containsExactly("127.0.0.1:2525 none -");
            assertThat(count(c, "SELECT count(*) FROM res_partner WHERE is_company AND comment IS DISTINCT FROM 'staging copy'"))
                    .as("the project's first file applied").isZero();
            assertThat(param(c, "custom.erp_bridge_url")).as("the second one too, in order").isEqualTo("https://erp-sandbox.example.com");
            assertThat(r.customSql()).containsExactly("partners.sql", "queue.sql");
            assertThat(r.mailCatcher()).isEqualTo(new NeutralizationReport.MailServer(Neutralizer.CATCHER_SERVER_NAME, "127.0.0.1", 2525));
            assertThat(r.tables()).filteredOn(t -> t.table().equals("res_partner")).singleElement()
                    .satisfies(t -> assertThat(t.actions()).singleElement()
                            .satisfies(a -> assertThat(a.source()).isEqualTo("partners.sql")));
            assertThat(r.configParameters()).contains(new ParameterChange("custom.erp_bridge_url", "added", false, null,
                    "https://erp-sandbox.example.com"));
            assertThat(r.warnings()).as("a scheduled action re-enabled by project SQL is allowed, and pointed out")
                    .anyMatch(w -> w.contains("after the project SQL") && w.contains("Mail: Email Queue Manager"));
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void projectSqlThatUndoesTheNeutralizationIsRefused(String series) throws Exception {
        String db = copy(series);
        Path undo = Files.writeString(dir.resolve("oops.sql"), "UPDATE ir_mail_server SET active = true WHERE name = 'Mailgun (production)';\n");
        try (Connection c = connect(db)) {
            DbRows before = DbRows.read(c);
            assertThatThrownBy(() -> neutralizer(c).customSql(List.of(undo)).run())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.VERIFICATION);
                        assertThat(e.getMessage()).contains("oops.sql", "Mailgun (production)", "rolled back");
                    });
            assertThat(DbRows.read(c).tables).isEqualTo(before.tables);
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void theReportShowsOldAndNewValuesButNoSecret(String series) throws Exception {
        String db = copy(series);
        try (Connection c = connect(db)) {
            addLdapAndPasskeys(c, series);
            List<String> secrets = secrets(c);
            String uuidBefore = param(c, "database.uuid");
            NeutralizationReport r = neutralizer(c).run();

            assertThat(r.configParameters()).as("web.base.url: old → new")
                    .contains(new ParameterChange("web.base.url", "changed", false, "https://erp.example.com", TARGET));
            assertThat(r.configParameters()).contains(new ParameterChange("database.uuid", "changed", false, uuidBefore,
                    param(c, "database.uuid")));
            assertThat(r.configParameters()).as("secrets only say what happened to them")
                    .contains(new ParameterChange("database.secret", "changed", true, "(secret)", "(regenerated)"))
                    .contains(new ParameterChange("database.enterprise_code", "removed", true, "(secret)", "(removed)"))
                    .contains(new ParameterChange("database.is_neutralized", "added", false, null, "true"));
            String json = Json.write(r);
            assertThat(json).contains("\"web.base.url\"", "https://erp.example.com", TARGET);
            assertThat(secretsOf(json + r.toMarkdown(), secrets)).as("no seeded secret (SMTP password, API key, Stripe key...) "
                    + "appears in the report").isEmpty();
            NeutralizationReport back = Json.MAPPER.readValue(json, NeutralizationReport.class);
            assertThat(back).as("the JSON reads back").isEqualTo(r);
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void anAbsentColumnIsSkippedWithAWarningAndTheRestApplied(String series) throws Exception {
        String db = copy(series);
        try (Connection c = connect(db)) {
            // like OCA mail_environment: the password comes from the server environment, the field is not stored
            exec(c, "ALTER TABLE ir_mail_server DROP COLUMN smtp_pass");
            exec(c, "ALTER TABLE payment_provider DROP COLUMN stripe_webhook_secret");
            exec(c, "ALTER TABLE fetchmail_server DROP COLUMN password");
            NeutralizationReport r = neutralizer(c).run();

            assertThat(r.warnings()).as("each absent column is reported")
                    .anyMatch(w -> w.contains("ir_mail_server.smtp_pass") && w.contains("gaps/credentials.sql"))
                    .anyMatch(w -> w.contains("payment_provider.stripe_webhook_secret") && w.contains("payment_stripe.sql"))
                    .anyMatch(w -> w.contains("fetchmail_server.password"));
            assertThat(count(c, "SELECT count(*) FROM ir_mail_server WHERE smtp_user IS NOT NULL")).as("the other columns are set").isZero();
            assertThat(count(c, "SELECT count(*) FROM fetchmail_server WHERE \"user\" IS NOT NULL")).isZero();
            assertThat(count(c, "SELECT count(*) FROM payment_provider WHERE stripe_secret_key IS NOT NULL OR stripe_publishable_key IS NOT NULL"))
                    .isZero();
            assertThat(count(c, "SELECT count(*) FROM ir_cron WHERE active AND " + NOT_AUTOVACUUM)).as("and everything else").isZero();
            assertThat(param(c, "database.is_neutralized")).isEqualTo("true");
        }
    }

    @ParameterizedTest(name = "Odoo {0}")
    @ValueSource(strings = {"16.0", "17.0", "18.0"})
    void aSchemaTheRulesCannotNeutralizeIsRefusedUnlessProjectSqlFinishesTheJob(String series) throws Exception {
        String db = copy(series);
        try (Connection c = connect(db)) {
            // a module made the field non-stored: Odoo's dummy mail server cannot be inserted as Odoo does
            exec(c, "ALTER TABLE ir_mail_server DROP COLUMN smtp_authentication");
            DbRows before = DbRows.read(c);
            assertThatThrownBy(() -> neutralizer(c).run()).isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.VERIFICATION);
                assertThat(e.getMessage()).as("says what is wrong and why")
                        .contains("active outgoing mail servers are []", "ir_mail_server.smtp_authentication", "customSql");
            });
            assertThat(DbRows.read(c).tables).as("refused: nothing changed").isEqualTo(before.tables);

            Path dummy = Files.writeString(dir.resolve("dummy-server.sql"), """
                    INSERT INTO ir_mail_server (name, smtp_port, smtp_host, smtp_encryption, active)
                    VALUES ('neutralization - disable emails', 1025, 'invalid', 'none', true);
                    """);
            NeutralizationReport r = neutralizer(c).customSql(List.of(dummy)).run();
            assertThat(r.warnings()).anyMatch(w -> w.contains("ir_mail_server.smtp_authentication"));
            assertThat(strings(c, "SELECT smtp_host FROM ir_mail_server WHERE active")).containsExactly("invalid");
        }
    }

    @Test
    void refusesWhatIsNotASupportedOdooDatabaseOrHasNoTargetUrl() throws Exception {
        PG.server().createDatabase("not_odoo");
        try (Connection c = connect("not_odoo")) {
            assertThatThrownBy(() -> neutralizer(c).run()).isInstanceOfSatisfying(OdooReleaseException.class,
                    e -> assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.PRECONDITION));
        }
        String db = copy("17.0");
        try (Connection c = connect(db)) {
            exec(c, "UPDATE ir_module_module SET latest_version = '15.0.1.3' WHERE name = 'base'");
            assertThatThrownBy(() -> neutralizer(c).run()).isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
                assertThat(e.getMessage()).contains("15.0", "odoo-bin neutralize");
            });
            assertThatThrownBy(() -> new Neutralizer(c).run()).isInstanceOfSatisfying(OdooReleaseException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
            assertThatThrownBy(() -> new Neutralizer(c).targetUrl("staging.example.com").run())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
            assertThatThrownBy(() -> neutralizer(c).customSql(List.of(Path.of("/nonexistent/project.sql"))).run())
                    .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.getMessage()).contains("/nonexistent/project.sql"));
            assertThat(param(c, "web.base.url")).as("nothing was touched").isEqualTo("https://erp.example.com");
        }
    }

    // ----- helpers ----------------------------------------------------------------------------

    private static List<String> secretsOf(String text, List<String> secrets) {
        return secrets.stream().filter(s -> s != null && !s.isBlank() && text.contains(s)).toList();
    }

}
