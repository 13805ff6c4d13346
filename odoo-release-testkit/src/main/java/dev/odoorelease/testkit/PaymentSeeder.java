package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/** Payment tokens and transactions (Stripe) of 1 % of the customer partners. */
final class PaymentSeeder extends AreaSeeder {
    PaymentSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (partners == 0) {
            return;
        }
        String pm = major >= 17 ? ", payment_method_id" : "";
        String pmVal = major >= 17 ? ", 1" : "";
        String mandate = major >= 17 ? ", stripe_mandate" : ", verified";
        String mandateVal = major >= 17 ? ", NULL" : ", true";
        long tokenBase = nextId("payment_token");
        exec("payment_token", "INSERT INTO payment_token (id, provider_id" + pm + ", company_id, payment_details, partner_id, "
                + "provider_ref, active, stripe_payment_method" + mandate + ", create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + k / 100, (SELECT id FROM payment_provider WHERE code = 'stripe')" + pmVal + ", 1, "
                + "lpad(((k * 7919) % 10000)::text, 4, '0'), ?::bigint + k, 'cus_' || left(md5('cus' || k), 14), true, "
                + "'pm_' || left(md5('pm' || k), 24)" + mandateVal + ", 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) k WHERE k % 100 = 1", tokenBase, ids.firstPartner, partners - 1);
        sync("payment_token");
        String txExtra = major == 16 ? ", stripe_payment_intent" : "";
        String txExtraVal = major == 16 ? ", 'pi_' || left(md5('pi' || k), 24)" : "";
        exec("payment_transaction", "INSERT INTO payment_transaction (provider_id" + pm + ", company_id, reference, provider_reference, "
                + "amount, currency_id, token_id, state, last_state_change, operation, is_post_processed, tokenize, partner_id, "
                + "partner_name, partner_lang, partner_email, partner_address, partner_zip, partner_city, partner_country_id, "
                + "partner_phone" + txExtra + ", create_uid, create_date, write_uid, write_date) "
                + "SELECT (SELECT id FROM payment_provider WHERE code = 'stripe')" + pmVal + ", 1, 'S' || lpad(k::text, 7, '0') || '-1', "
                + "'pi_' || left(md5('pi' || k), 24), (50 + (k * 37) % 5000)::numeric, 1, ?::bigint + k / 100, "
                + "'done', timestamp '2026-11-20 09:00:00', 'online_token', true, false, p.id, p.name, p.lang, p.email, "
                + "concat_ws(' ', p.street, p.street2), p.zip, p.city, p.country_id, p.phone" + txExtraVal + ", 2, "
                + "timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) k JOIN res_partner p ON p.id = ?::bigint + k WHERE k % 100 = 1",
                tokenBase, partners - 1, ids.firstPartner);
        c.commit();
    }
}
