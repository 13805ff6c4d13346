package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * Sale and accounting: confirmed signed sale orders, posted invoices and the bank statement lines of the
 * sampled partners' payments (with their IBANs; the counterpart's details in 17/18).
 */
final class SaleAccountingSeeder extends PartnerSampleSeeder {
    SaleAccountingSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        exec("sale_order", "INSERT INTO sale_order (name, state, partner_id, partner_invoice_id, partner_shipping_id, company_id, "
                + "client_order_ref, note, access_token, signed_by, signed_on, signature, date_order, " + cols + ") "
                + "SELECT 'S' || lpad(p.id::text, 5, '0'), 'sale', p.id, p.id, p.id, 1, 'PO ' || p.ref, NULL, md5('so' || p.id), p.name, "
                + "timestamp '2026-11-20 09:00:00', convert_to(p.name, 'UTF8'), timestamp '2026-11-20 09:00:00', " + audit + from);
        long moves = nextId("account_move");
        exec("account_move", "INSERT INTO account_move (id, name, move_type, state, date, partner_id, commercial_partner_id, "
                + "invoice_partner_display_name, ref, payment_reference, access_token, company_id, " + cols + ") "
                + "SELECT ?::bigint + (p.id - ?::bigint), 'INV/2026/' || lpad(p.id::text, 5, '0'), 'out_invoice', 'posted', "
                + "date '2026-11-20', p.id, p.id, p.name, NULL, 'INV/2026/' || lpad(p.id::text, 5, '0'), md5('inv' || p.id), 1, "
                + audit + from, moves, ids.firstPartner);
        sync("account_move");
        exec("account_bank_statement_line", "INSERT INTO account_bank_statement_line (move_id, partner_id, partner_name, "
                + "account_number, payment_ref, amount, company_id, " + cols + ") SELECT ?::bigint + (p.id - ?::bigint), p.id, p.name, "
                + "b.acc_number, 'Payment from ' || p.name, 100, 1, " + audit + " FROM res_partner p "
                + "JOIN res_partner_bank b ON b.partner_id = p.id WHERE p.id >= ?::bigint AND p.id < ?::bigint", moves, ids.firstPartner, ids.firstPartner, ids.firstPartner + n);
        if (major >= 17) {
            exec(null, "UPDATE account_bank_statement_line l SET transaction_details = "
                    + "jsonb_build_object('counterpart_name', l.partner_name, 'iban', l.account_number) WHERE l.account_number IS NOT NULL");
            exec(null, "UPDATE res_partner p SET contact_address_complete = concat_ws(', ', p.street, p.zip || ' ' || p.city) "
                    + "WHERE p.street IS NOT NULL");
        }
    }
}
