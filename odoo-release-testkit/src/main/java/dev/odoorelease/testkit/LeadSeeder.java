package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/** CRM leads and opportunities with contact data and HTML descriptions, and their followers. */
final class LeadSeeder extends AreaSeeder {
    LeadSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (leads == 0) {
            return;
        }
        ids.firstLead = nextId("crm_lead");
        progress.accept("crm_lead: " + leads + " leads from id " + ids.firstLead);
        String first = "d.fn[1 + (i * 3 + 1) % 60]";
        String last = "d.ln[1 + (i * 7 + 2) % 60]";
        String co = "d.ca[1 + (i * 5) % 20] || ' ' || d.cb[1 + (i * 3) % 12]";
        String coSlug = "d.cas[1 + (i * 5) % 20] || '-' || d.cbs[1 + (i * 3) % 12]";
        String email = slug(first, ".") + " || '.' || " + slug(last, ".") + " || '@' || " + coSlug + " || '.example.org'";
        String partnerExpr = partners > 0 ? "CASE WHEN i % 2 = 0 THEN " + ids.firstPartner + " + (i * 7) % " + partners + " END" : "NULL";
        String userExpr = users > 0 ? "CASE WHEN i % 3 = 0 THEN 2 ELSE " + ids.firstUser + " + ((i * 5) % " + users + ") / 5 * 5 END" : "2";
        String sql = "WITH " + VOCAB + " INSERT INTO crm_lead (id, name, user_id, team_id, company_id, referred, description, "
                + "active, type, priority, stage_id, color, expected_revenue, probability, automated_probability, date_closed, "
                + "date_open, date_deadline, date_last_stage_update, partner_id, contact_name, partner_name, function, title, "
                + "email_from, email_normalized, phone, mobile, phone_sanitized, phone_state, email_state, website, lang_id, street, "
                + "zip, city, state_id, country_id, message_bounce, create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + i, CASE i % 4 WHEN 0 THEN 'Interest in ERP rollout' WHEN 1 THEN 'Quote request: 40 licences' "
                + "WHEN 2 THEN 'Website contact form' ELSE 'Trade fair follow-up' END || ' - ' || " + co + ", "
                + userExpr + ", 1, 1, CASE WHEN i % 11 = 0 THEN 'Referred by ' || d.fn[1 + i % 60] END, "
                + "'<p>' || " + first + " || ' ' || " + last + " || ' (' || " + phone("'+32'", digits9("i", 19, 470000000))
                + " || ') asked for a demo. Budget approx. ' || (5000 + (i * 37) % 95000) || ' EUR. Home address: ' || "
                + "d.st[1 + i % 20] || ' ' || (1 + i % 99) || ', ' || d.city[1 + (i % 32)] || '.</p>', "
                + "i % 30 <> 29, CASE WHEN i % 10 < 3 THEN 'lead' ELSE 'opportunity' END, ((i % 4))::text, 1 + (i % 4)::int, 0, "
                + "(1000 + (i * 7919) % 99000)::numeric, CASE (i % 4) WHEN 0 THEN 10 WHEN 1 THEN 30 WHEN 2 THEN 60 ELSE 100 END, "
                + "20 + (i % 60), CASE WHEN i % 4 = 3 THEN " + ts("2025-01-01 09:00:00", "i", 31_536_000L) + " END, "
                + ts("2024-06-01 09:00:00", "i", 31_536_000L) + ", date '2026-12-31' + (i % 180)::int, "
                + ts("2025-06-01 09:00:00", "i", 15_768_000L) + ", " + partnerExpr + ", " + first + " || ' ' || " + last + ", "
                + co + ", d.fu[1 + i % 10], 1 + (i % 5)::int, " + email + ", lower(" + email + "), "
                + phone("'+32'", digits9("i", 19, 470000000)) + ", " + phone("'+32'", digits9("i", 23, 480000000)) + ", "
                + "'+32' || " + digits9("i", 19, 470000000) + ", 'correct', 'correct', 'https://www.' || " + coSlug
                + " || '.example.org', 1, d.st[1 + i % 20] || ' ' || (1 + i % 99), d.zip[1 + (i % 32)], d.city[1 + (i % 32)], "
                + "NULLIF(d.stt[1 + (i % 32)], '')::int, 1 + ((i % 32) / 4)::int, 0, 2, " + ts("2024-01-02 08:00:00", "i", 63_072_000L)
                + ", 2, timestamp '2026-11-20 09:00:00' FROM generate_series(?::bigint, ?::bigint) i, d";
        chunked("crm_lead", leads, (lo, hi) -> exec("crm_lead", sql, ids.firstLead, lo, hi));
        sync("crm_lead");
        chunked("mail_followers", leads, (lo, hi) -> exec("mail_followers", """
                INSERT INTO mail_followers (res_model, res_id, partner_id)
                SELECT 'crm.lead', ?::bigint + i, 3 FROM generate_series(?::bigint, ?::bigint) i
                """, ids.firstLead, lo, hi));
    }
}
