package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * Mail, SMS, snail mail and privacy: blacklisted e-mail addresses and numbers, guests, activities, sent
 * SMS, posted letters and the privacy log, copied from the sampled partners.
 */
final class MailDataSeeder extends PartnerSampleSeeder {
    MailDataSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        exec("mail_blacklist", "INSERT INTO mail_blacklist (email, active, " + cols + ") SELECT DISTINCT ON (p.email_normalized) "
                + "p.email_normalized, true, " + audit + from + " AND p.email_normalized IS NOT NULL AND p.id % 3 = 0");
        exec("phone_blacklist", "INSERT INTO phone_blacklist (number, active, " + cols + ") SELECT DISTINCT ON (p.phone_sanitized) "
                + "p.phone_sanitized, true, " + audit + from + " AND p.phone_sanitized IS NOT NULL AND p.id % 3 = 1");
        exec("mail_guest", "INSERT INTO mail_guest (name, access_token, lang, timezone, " + cols + ") SELECT p.name, md5('guest' || p.id), "
                + "p.lang, p.tz, " + audit + from);
        exec("mail_activity", "INSERT INTO mail_activity (res_model_id, res_id, res_model, res_name, summary, note, date_deadline, "
                + "user_id, " + cols + ") SELECT 1, p.id, 'res.partner', p.name, 'Call ' || p.name || ' at ' || p.phone, "
                + "'<p>Ask ' || p.email || ' about the new contract</p>', date '2026-12-01', 2, " + audit + from);
        exec("sms_sms", "INSERT INTO sms_sms (uuid, number, body, partner_id, state, " + cols + ") SELECT md5('sms' || p.id), p.mobile, "
                + "'Dear ' || p.name || ', your order is ready', p.id, 'sent', " + audit + from + " AND p.mobile IS NOT NULL");
        exec("snailmail_letter", "INSERT INTO snailmail_letter (model, res_id, partner_id, company_id, state, street, street2, zip, "
                + "city, country_id, " + cols + ") SELECT 'res.partner', p.id, p.id, 1, 'sent', p.street, p.street2, p.zip, p.city, "
                + "p.country_id, " + audit + from);
        exec("privacy_log", "INSERT INTO privacy_log (date, anonymized_name, anonymized_email, user_id, execution_details, "
                + "records_description, additional_note, " + cols + ") SELECT timestamp '2026-11-20 09:00:00', p.name, p.email, 2, "
                + "'Archived contact ' || p.email, 'res.partner: ' || p.name, 'asked by ' || p.email, " + audit + from + " AND p.id % 10 = 0");
        exec("mail_ice_server", "INSERT INTO mail_ice_server (server_type, uri, username, credential, " + cols + ") VALUES "
                + "('turn', 'turn.example.com:3478', 'odoo-production', 'turn-credential-0f3a9c', " + audit + ")");
        exec("bus_bus", "INSERT INTO bus_bus (channel, message, " + cols + ") SELECT '[\"db\", \"res.partner\", ' || p.id || ']', "
                + "json_build_object('type', 'mail.record/insert', 'payload', json_build_object('name', p.name, 'email', p.email))::text, "
                + audit + from);
        if (major >= 17) {
            exec(null, "UPDATE mail_notification n SET mail_email_address = p.email_normalized" + from
                    + " AND p.id = n.res_partner_id AND n.notification_type = 'email'");
        }
        if (major >= 18) {
            exec(null, "UPDATE mail_guest g SET email = p.email" + from + " AND g.name = p.name");
            exec(null, "UPDATE mail_message m SET incoming_email_to = p.email || ', sales@example.com', incoming_email_cc = p.email" + from
                    + " AND m.model = 'res.partner' AND m.res_id = p.id AND m.message_type = 'comment'");
        }
    }
}
