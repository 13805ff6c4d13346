package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * Marketing: mailing contacts and traces, link tracker clicks and (17/18) the mail gateway's allowed
 * senders and IAP account warnings, with the sampled partners' addresses and numbers.
 */
final class MarketingSeeder extends PartnerSampleSeeder {
    MarketingSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        exec("mailing_contact", "INSERT INTO mailing_contact (name, company_name, email, email_normalized, mobile, phone_sanitized, "
                + "country_id, is_blacklisted, " + cols + ") SELECT p.name, p.company_name, p.email, p.email_normalized, p.mobile, "
                + "p.phone_sanitized, p.country_id, false, " + audit + from);
        exec("mailing_trace", "INSERT INTO mailing_trace (trace_type, model, res_id, email, sms_number, message_id, trace_status, " + cols
                + ") SELECT 'mail', 'res.partner', p.id, p.email, p.mobile, '<' || md5(p.email) || '@example.com>', 'sent', " + audit + from);
        exec("link_tracker_click", "INSERT INTO link_tracker_click (link_id, ip, " + cols + ") SELECT 1, '192.0.2.' || (p.id % 250), "
                + audit + from);
        if (major >= 17) {
            exec("mail_gateway_allowed", "INSERT INTO mail_gateway_allowed (email, email_normalized, " + cols + ") "
                    + "SELECT p.email, p.email_normalized, " + audit + from + " AND p.id % 10 = 3");
            exec("iap_account_info", "INSERT INTO iap_account_info (account_token, balance, service_name, warn_me, warning_email, "
                    + cols + ") SELECT md5('iap' || p.id), 10, 'sms', true, p.email, " + audit + from + " AND p.id % 10 = 4");
        }
    }
}
