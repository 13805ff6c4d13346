package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/**
 * Customer partners (base): companies (every 10th) with their contacts, invoice and delivery
 * addresses — names, e-mails, phones, streets, VAT numbers (valid Belgian check digits), HTML
 * comments with phone numbers, company-dependent barcodes (ir_property in 16/17, jsonb in 18) —
 * the IBANs of every 5th company and the followers of every company.
 */
final class PartnerSeeder extends AreaSeeder {
    PartnerSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (partners == 0) {
            return;
        }
        ids.firstPartner = nextId("res_partner");
        progress.accept("res_partner: " + partners + " partners from id " + ids.firstPartner);
        String coName = "d.ca[1 + (c * 3) % 20] || ' ' || d.cb[1 + (c * 7 + c / 20) % 12] || ' ' || d.suf[1 + ctry]";
        String extraCols = v(", date, signup_type", ", date, signup_type", ", barcode, signup_type");
        String extraVals = v(
                ", CASE WHEN k % 40 = 5 THEN date '2019-06-01' + (k % 1500)::int END, NULL",
                ", CASE WHEN k % 40 = 5 THEN date '2019-06-01' + (k % 1500)::int END, NULL",
                ", CASE WHEN k % 20 = 3 THEN jsonb_build_object('1', 'PRT' || lpad(k::text, 9, '0')) END, NULL");
        String sql = "WITH " + VOCAB + ", g AS (SELECT k, k / 10 AS c, (k % 10 = 0) AS is_co, ((k / 10) % 8)::int AS ctry, "
                + "(((k / 10) / 8) % 4)::int AS cty, " + digits9("k", 7919, 1234567) + " AS num, "
                + digits9("k", 104729, 7654321) + " AS num2, " + digits9("k / 10", 15485863, 99991) + " AS conum "
                + "FROM generate_series(?::bigint, ?::bigint) k), "
                + "n AS (SELECT g.*, d.fn[1 + (k * 7) % 60] AS first, d.ln[1 + (k * 13 + k / 60) % 60] AS last, "
                + coName + " AS coname, d.pfx[1 + ctry] AS pfx, d.city[1 + ctry * 4 + cty] AS city, "
                + "d.zip[1 + ctry * 4 + cty] AS zip, NULLIF(d.stt[1 + ctry * 4 + cty], '')::int AS state_id, "
                + "d.st[1 + (c * 11) % 20] AS street_name, d.st[1 + (k * 3) % 20] AS own_street, d.tz[1 + ctry] AS tz, "
                + "d.lang[1 + ctry] AS lang, d.fu[1 + k % 10] AS func, d.fns[1 + (k * 7) % 60] AS fslug, "
                + "d.lns[1 + (k * 13 + k / 60) % 60] AS lslug, d.cas[1 + (c * 3) % 20] || '-' || d.cbs[1 + (c * 7 + c / 20) % 12] "
                + "|| '-' || d.sufs[1 + ctry] AS coslug FROM g, d), "
                + "e0 AS (SELECT n.*, lpad((1000000 + (c * 7919) % 8999999)::text, 7, '0') AS be7 FROM n), "
                + "e AS (SELECT e0.*, CASE WHEN is_co THEN 'info@' || coslug || '.example.com' "
                + "ELSE fslug || '.' || lslug || '.' || k || '@' || coslug || '.example.com' END AS mail FROM e0) "
                + "INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, is_company, parent_id, "
                + "commercial_partner_id, commercial_company_name, email, email_normalized, phone, mobile, phone_sanitized, "
                + "street, street2, zip, city, state_id, country_id, vat, company_registry, website, comment, function, ref, "
                + "lang, tz, partner_share, employee, color, title, industry_id, message_bounce" + extraCols
                + ", create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + k, "
                + "CASE WHEN is_co THEN coname ELSE first || ' ' || last END, "
                + "CASE WHEN is_co THEN coname ELSE coname || ', ' || first || ' ' || last END, "
                + "1, CASE WHEN k % 10 = 9 THEN 'invoice' WHEN k % 10 = 8 THEN 'delivery' ELSE 'contact' END, "
                + "(k % 50 <> 7), is_co, CASE WHEN is_co THEN NULL ELSE ?::bigint + (k / 10) * 10 END, "
                + "?::bigint + (k / 10) * 10, coname, "
                + "mail, lower(mail), "
                + "CASE WHEN is_co THEN " + phone("pfx", "conum") + " ELSE " + phone("pfx", "num") + " END, "
                + "CASE WHEN is_co OR k % 3 = 1 THEN NULL ELSE " + phone("pfx", "num2") + " END, "
                + "pfx || CASE WHEN is_co THEN conum ELSE num END, "
                + "CASE WHEN k % 10 = 8 THEN own_street || ' ' || (1 + (k * 37) % 250) ELSE street_name || ' ' || (1 + (c * 37) % 250) END, "
                + "CASE WHEN c % 4 = 0 THEN 'Floor ' || (1 + c % 9) END, zip, city, state_id, 1 + ctry, "
                + "CASE ctry WHEN 0 THEN 'BE0' || be7 || lpad((97 - mod(('0' || be7)::bigint, 97))::text, 2, '0') "
                + "WHEN 1 THEN 'FR' || lpad(((c * 13) % 100)::text, 2, '0') || conum WHEN 2 THEN 'DE' || conum "
                + "WHEN 3 THEN 'NL' || conum || 'B01' WHEN 5 THEN 'GB' || conum WHEN 6 THEN 'ESB' || left(conum, 8) "
                + "WHEN 7 THEN 'IT' || conum || lpad((c % 100)::text, 2, '0') END, "
                + "CASE WHEN is_co AND ctry IN (0, 1, 2) THEN left(conum, 9) END, "
                + "CASE WHEN is_co THEN 'https://www.' || coslug || '.example.com' END, "
                + "CASE WHEN is_co THEN '<p>Key account since ' || (2012 + c % 12) || '. Switchboard: ' || " + phone("pfx", "conum")
                + " || '.</p>' WHEN k % 3 = 0 THEN '<p>Met at the ' || city || ' trade fair. Private mobile: ' || "
                + phone("pfx", "num2") + " || ', prefers calls after 5 pm.</p>' END, "
                + "CASE WHEN is_co THEN NULL ELSE func END, CASE WHEN is_co THEN 'C' || lpad(c::text, 7, '0') END, "
                + "lang, tz, true, false, (k % 12)::int, CASE WHEN is_co OR k % 6 = 0 THEN NULL ELSE 1 + (k % 5)::int END, "
                + "CASE WHEN is_co THEN 1 + (c % 4)::int END, CASE WHEN k % 97 = 0 THEN 3 ELSE 0 END" + extraVals + ", "
                + "2, " + ts("2021-01-04 08:00:00", "k", 157_680_000L) + ", 2, "
                + ts("2024-06-01 08:00:00", "k", 31_536_000L) + " FROM e";
        String finalSql = sql;
        bulk("res_partner", partners, () ->
                chunked("res_partner", partners, (lo, hi) -> exec("res_partner", finalSql, lo, hi, ids.firstPartner, ids.firstPartner, ids.firstPartner)));
        sync("res_partner");
        if (major < 18) {
            chunked("ir_property", partners, (lo, hi) -> exec("ir_property", """
                    INSERT INTO ir_property (name, res_id, company_id, fields_id, value_text, type, create_uid, create_date, write_uid, write_date)
                    SELECT 'barcode', 'res.partner,' || (?::bigint + k), 1,
                           (SELECT id FROM ir_model_fields WHERE model = 'res.partner' AND name = 'barcode'),
                           'PRT' || lpad(k::text, 9, '0'), 'char', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'
                      FROM generate_series(?::bigint, ?::bigint) k WHERE k % 20 = 3
                    """, ids.firstPartner, lo, hi));
        }
        // bank accounts of every 5th company, followers of every company
        chunked("res_partner_bank", partners, (lo, hi) -> exec("res_partner_bank",
                "INSERT INTO res_partner_bank (active, acc_number, sanitized_acc_number, acc_holder_name, partner_id, "
                + "allow_out_payment, bank_id, sequence, company_id, create_uid, create_date, write_uid, write_date) "
                + "SELECT true, " + ibanFormatted(iban("k")) + ", " + iban("k") + ", p.name, p.id, true, 1 + (k % 3)::int, 10, NULL, "
                + "2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(?::bigint, ?::bigint) k JOIN res_partner p ON p.id = ?::bigint + k WHERE k % 50 = 0",
                lo, hi, ids.firstPartner));
        chunked("mail_followers", partners, (lo, hi) -> exec("mail_followers", """
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT 'res.partner', ?::bigint + k, 3 FROM generate_series(?::bigint, ?::bigint) k WHERE k % 10 = 0
                """, ids.firstPartner, lo, hi));
    }
}
