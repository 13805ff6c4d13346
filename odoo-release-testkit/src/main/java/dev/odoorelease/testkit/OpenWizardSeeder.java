package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * Wizards someone left open (Odoo's autovacuum empties them after an hour): composers, blacklist
 * removals, portal and privacy wizards holding the sampled partners' data.
 */
final class OpenWizardSeeder extends PartnerSampleSeeder {
    OpenWizardSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        exec("mail_compose_message", "INSERT INTO mail_compose_message (subject, body, email_from, reply_to, author_id, model, res_ids, "
                + cols + ") SELECT 'Offer for ' || p.name, '<p>Dear ' || p.name || '</p>', p.email, p.email, p.id, 'res.partner', "
                + "'[' || p.id || ']', " + audit + from + " AND p.id % 10 = 5");
        exec("mail_blacklist_remove", "INSERT INTO mail_blacklist_remove (email, reason, " + cols + ") SELECT p.email, 'asked by phone', "
                + audit + from + " AND p.id % 10 = 6 AND p.email IS NOT NULL");
        exec("phone_blacklist_remove", "INSERT INTO phone_blacklist_remove (phone, reason, " + cols + ") SELECT p.phone, 'asked', "
                + audit + from + " AND p.id % 10 = 6 AND p.phone IS NOT NULL");
        exec("sms_composer", "INSERT INTO sms_composer (composition_mode, res_model, res_id, numbers, recipient_single_number_itf, body, "
                + cols + ") SELECT 'numbers', 'res.partner', p.id, p.mobile, p.mobile, 'Hello ' || p.name, " + audit + from
                + " AND p.id % 10 = 7");
        exec("portal_wizard_user", "INSERT INTO portal_wizard_user (wizard_id, partner_id, email, " + cols + ") SELECT 1, p.id, p.email, "
                + audit + from + " AND p.id % 10 = 8");
        exec("privacy_lookup_wizard", "INSERT INTO privacy_lookup_wizard (name, email, " + cols + ") SELECT p.name, coalesce(p.email, ''), "
                + audit + from + " AND p.id % 10 = 9");
    }
}
