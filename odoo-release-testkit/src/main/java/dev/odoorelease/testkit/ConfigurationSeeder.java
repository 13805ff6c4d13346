package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Always seeded, whatever the counts: the secrets and outside connections of a production database —
 * active production mail servers (SMTP password, Outlook/Gmail OAuth tokens) with the mail templates
 * bound to the first, an active IMAP fetchmail server, Stripe enabled with live keys, a DHL carrier
 * in production, IAP accounts, Google OAuth, the website's CDN, the mail queue cron active, a custom
 * cron with its server action, secret config parameters and web push devices (17/18).
 */
final class ConfigurationSeeder extends AreaSeeder {
    private final String smtpHost;
    private final int smtpPort;
    private final String smtpEncryption;
    private final boolean smtpLogin;

    ConfigurationSeeder(SeedRun run) {
        super(run);
        this.smtpHost = run.options.smtpHost();
        this.smtpPort = run.options.smtpPort();
        this.smtpEncryption = run.options.smtpEncryption();
        this.smtpLogin = run.options.smtpLogin();
    }

    @Override
    void seed() throws SQLException {
        progress.accept("configuration: mail servers, fetchmail, payment, carrier, IAP, OAuth, CDN, crons");
        long mailServerId = nextId("ir_mail_server");
        exec("ir_mail_server", """
                INSERT INTO ir_mail_server (id, name, from_filter, smtp_host, smtp_port, smtp_authentication, smtp_user,
                    smtp_pass, smtp_encryption, smtp_debug, sequence, active, create_uid, create_date, write_uid, write_date)
                VALUES (?, 'Mailgun (production)', NULL, ?, ?, 'login', ?, ?, ?, false, 10, true, 2, timestamp '2026-11-20 09:00:00',
                    2, timestamp '2026-11-20 09:00:00')
                """, mailServerId, smtpHost, smtpPort, smtpLogin ? "postmaster@mg.yourcompany.example.com" : null,
                smtpLogin ? "mg-smtp-4d7f1c9e2b6a8f3e0d5c1b9a7e4f2c8d" : null, smtpEncryption);
        sync("ir_mail_server");
        exec("ir_mail_server", """
                INSERT INTO ir_mail_server (name, from_filter, smtp_host, smtp_port, smtp_authentication, smtp_user, smtp_pass,
                    smtp_encryption, sequence, active, microsoft_outlook_refresh_token, microsoft_outlook_access_token,
                    microsoft_outlook_access_token_expiration, create_uid, create_date, write_uid, write_date)
                VALUES ('Office 365 (sales)', 'sales@yourcompany.example.com', 'smtp.office365.invalid', 587, 'outlook',
                    'sales@yourcompany.example.com', NULL, 'starttls', 20, true,
                    'M.C507_BAY.0.U.-Cq8sDfR2kLmNp9QvXyZ1aB3cD5eF7gH9iJ!kLmN*oPqR$sTuV', 'EwBYA8l6BAAUbDba3x2OMJElkF7gJ4z',
                    1795400000, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                ('Gmail (legacy)', NULL, 'smtp.gmail.invalid', 587, 'gmail', 'erp@yourcompany.example.com', NULL, 'starttls', 30, false,
                    NULL, NULL, NULL, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                """);
        exec(null, """
                UPDATE ir_mail_server SET google_gmail_refresh_token = '1//09xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789-abcdEFGH',
                    google_gmail_access_token = 'ya29.a0AfB_byC1dE2fG3hI4jK5lM6nO7pQ8rS9tU0vW', google_gmail_access_token_expiration = 1795400000
                 WHERE name = 'Gmail (legacy)'
                """);
        exec(null, "UPDATE mail_template SET mail_server_id = ?", mailServerId);
        exec("fetchmail_server", """
                INSERT INTO fetchmail_server (name, active, state, server, port, server_type, is_ssl, attach, original, "user",
                    password, object_id, priority, create_uid, create_date, write_uid, write_date)
                VALUES ('Support inbox', true, 'done', 'imap.yourcompany.invalid', 993, 'imap', true, true, false,
                    'support@yourcompany.example.com', 'imap-S3cr3t-9f8e7d6c', (SELECT id FROM ir_model WHERE model = 'crm.lead'), 5,
                    2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                ('Jobs inbox (Gmail)', true, 'done', 'imap.gmail.invalid', 993, 'gmail', true, true, false,
                    'jobs@yourcompany.example.com', NULL, NULL, 5, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                """);
        exec(null, """
                UPDATE fetchmail_server SET google_gmail_refresh_token = '1//04jobsRefreshTokenXYZ0987654321-abcdefghij'
                 WHERE name = 'Jobs inbox (Gmail)'
                """);
        exec(null, """
                UPDATE payment_provider SET state = 'enabled', is_published = true,
                    stripe_publishable_key = 'pk_live_51Hx4Y2KcJ3mN8pQ0rS5tU7vW9xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH',
                    stripe_secret_key = 'sk_live_51Hx4Y2KcJ3mN8pQ0rS5tU7vW9xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdIJKL',
                    stripe_webhook_secret = 'whsec_4f9a2c7e1b8d3f6a0c5e9b2d7f1a4c8e'
                 WHERE code = 'stripe'
                """);
        exec(null, "UPDATE payment_provider SET state = 'test' WHERE id = (SELECT min(id) FROM payment_provider WHERE code = 'none')");
        exec(null, "UPDATE delivery_carrier SET prod_environment = true");
        exec("delivery_carrier", """
                INSERT INTO delivery_carrier (name, active, sequence, delivery_type, integration_level, prod_environment,
                    debug_logging, company_id, product_id, invoice_policy, margin, free_over, amount, fixed_price,
                    create_uid, create_date, write_uid, write_date)
                VALUES ('{"en_US": "DHL Express"}', true, 20, 'dhl', 'rate_and_ship', true, false, 1, 2, 'real', 0, false,
                    0, 0, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                """);
        String iap = v("""
                INSERT INTO iap_account (service_name, account_token, create_uid, create_date, write_uid, write_date)
                VALUES ('sms', '7c1e9a4f2b8d6e3a0f5c9b1d7e4a2f8c', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                       ('partner_autocomplete', '0d3f6a9c2e5b8f1a4d7c0e3b6a9f2c5e', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                """, """
                INSERT INTO iap_account (name, service_name, account_token, create_uid, create_date, write_uid, write_date)
                VALUES ('SMS', 'sms', '7c1e9a4f2b8d6e3a0f5c9b1d7e4a2f8c', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                       ('Partner Autocomplete', 'partner_autocomplete', 'legacy-0d3f6a9c2e5b8f1a4d7c0e3b6a9f2c5e1b4d',
                        2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                """, """
                INSERT INTO iap_account (name, service_id, service_locked, account_token, balance, warning_threshold, state,
                    create_uid, create_date, write_uid, write_date)
                VALUES ('SMS', 1, true, '7c1e9a4f2b8d6e3a0f5c9b1d7e4a2f8c', '250.00', 50, 'registered', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                       ('Partner Autocomplete', 2, true, 'legacy-0d3f6a9c2e5b8f1a4d7c0e3b6a9f2c5e1b4d', '1000', 100, 'registered',
                        2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                """);
        exec("iap_account", iap);
        exec("iap_account_res_company_rel", "INSERT INTO iap_account_res_company_rel SELECT id, 1 FROM iap_account");
        exec(null, """
                UPDATE auth_oauth_provider SET enabled = true,
                    client_id = '123456789012-0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p.apps.googleusercontent.com'
                 WHERE name = 'Google OAuth2'
                """);
        exec(null, """
                UPDATE website SET cdn_activated = true, cdn_url = 'https://cdn.yourcompany.example.com',
                    google_maps_api_key = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', robots_txt = E'User-agent: *\\nAllow: /'
                """);
        exec(null, "UPDATE ir_cron SET active = true WHERE id = (SELECT res_id FROM ir_model_data WHERE module = 'mail' AND name = 'ir_cron_mail_scheduler_action')");
        long actionId;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT nextval('ir_actions_id_seq')")) {
            rs.next();
            actionId = rs.getLong(1);
        }
        exec("ir_act_server", """
                INSERT INTO ir_act_server (id, name, type, binding_type, usage, state, model_id, model_name, code,
                    create_uid, create_date, write_uid, write_date)
                VALUES (?, '{"en_US": "ERP: push confirmed orders to the warehouse"}', 'ir.actions.server', 'action', 'ir_cron', 'code',
                    (SELECT id FROM ir_model WHERE model = 'res.partner'), 'res.partner',
                    'env["res.partner"]._push_to_wms(url="https://wms.yourcompany.example.com/api", token=env["ir.config_parameter"].get_param("custom.wms_api_token"))',
                    2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                """, actionId);
        long cronId = nextId("ir_cron");
        exec("ir_cron", "INSERT INTO ir_cron (id, ir_actions_server_id, cron_name, user_id, active, interval_number, interval_type, "
                + (major < 18 ? "numbercall, doall, " : "") + "nextcall, priority, create_uid, create_date, write_uid, write_date) "
                + "VALUES (?, ?, 'ERP: push confirmed orders to the warehouse', 2, true, 5, 'minutes', "
                + (major < 18 ? "-1, false, " : "") + "timestamp '2026-11-22 10:05:00', 10, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')",
                cronId, actionId);
        sync("ir_cron");
        exec("ir_model_data", """
                INSERT INTO ir_model_data (name, module, model, res_id, noupdate) VALUES
                    ('ir_cron_push_orders_ir_actions_server', 'custom_erp_sync', 'ir.actions.server', ?, true),
                    ('ir_cron_push_orders', 'custom_erp_sync', 'ir.cron', ?, true)
                """, actionId, cronId);
        exec("ir_config_parameter", """
                INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date) VALUES
                    ('custom.wms_api_token', 'wms-live-3b9f1d7a5c2e8f4a6d0b', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                    ('google_recaptcha_private_key', '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                ON CONFLICT (key) DO NOTHING
                """);
        if (major >= 17) {
            String device = major == 17 ? "mail_partner_device" : "mail_push_device";
            String push = major == 17 ? "mail_notification_web_push" : "mail_push";
            String fk = major == 17 ? "user_device" : "mail_push_device_id";
            exec(device, "INSERT INTO " + device + " (partner_id, endpoint, keys, expiration_time, create_uid, create_date) "
                    + "SELECT 3, 'https://fcm.googleapis.com/fcm/send/' || md5('device' || i) || ':APA91b' || md5('k' || i), "
                    + "'{\"p256dh\": \"BN' || md5('p' || i) || '\", \"auth\": \"' || left(md5('a' || i), 22) || '\"}', NULL, 2, "
                    + "timestamp '2026-11-20 09:00:00' FROM generate_series(1, 3) i");
            exec(push, "INSERT INTO " + push + " (" + fk + ", payload, create_uid, create_date) "
                    + "SELECT (SELECT min(id) FROM " + device + "), '{\"title\": \"New message\", \"options\": {\"body\": \"Order ' || i || ' confirmed\"}}', 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(1, 5) i");
        }
        c.commit();
    }
}
