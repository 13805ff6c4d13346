package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/** The outgoing mail queue (mail): {@code mail_mail} rows in state outgoing, each with its message. */
final class MailQueueSeeder extends AreaSeeder {
    MailQueueSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (mailQueue == 0) {
            return;
        }
        long qmBase = nextId("mail_message");
        long mmBase = nextId("mail_mail");
        progress.accept("mail_mail: " + mailQueue + " outgoing mails from id " + mmBase);
        String target = partners > 0 ? ids.firstPartner + " + ((i * 7) % " + partners + ")" : "3";
        String extraCols = major >= 17 ? ", record_company_id, record_alias_domain_id" : "";
        String extraVals = major >= 17 ? ", 1, 1" : "";
        long q1 = mailQueue - 1;
        exec("mail_message", "INSERT INTO mail_message (id, subject, date, body, model, res_id, record_name, message_type, "
                + "subtype_id, is_internal, email_from, author_id, message_id, reply_to, email_add_signature" + extraCols
                + ", create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + i, 'Your invoice INV/2026/' || lpad((i + 1)::text, 5, '0'), timestamp '2026-11-20 09:00:00', "
                + "'<p>Dear ' || t.name || ',</p><p>please find your invoice INV/2026/' || lpad((i + 1)::text, 5, '0') || "
                + "' of ' || (100 + (i * 37) % 9900) || '.00 EUR. Pay to IBAN BE68 5390 0754 7034.</p>', 'res.partner', t.id, t.name, "
                + "CASE WHEN i % 2 = 0 THEN 'email' ELSE 'comment' END, 1, false, "
                + "'\"My Company\" <info@yourcompany.example.com>', 3, "
                + "'<' || md5('queued' || i) || '-openerp-' || t.id || '-res.partner@erp.yourcompany.example.com>', "
                + "'\"My Company\" <catchall@example.com>', true" + extraVals + ", 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) i JOIN res_partner t ON t.id = " + target, qmBase, q1);
        sync("mail_message");
        String toDelete = major == 16 ? ", to_delete" : "";
        String toDeleteVal = major == 16 ? ", false" : "";
        exec("mail_mail", "INSERT INTO mail_mail (id, mail_message_id, body_html, \"references\", headers, is_notification, "
                + "email_to, email_cc, state, auto_delete" + toDelete + ", scheduled_date, create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + i, m.id, m.body || '<p>--<br/>My Company - +1 555-555-5556</p>', m.message_id, "
                + "'{\"X-Odoo-Objects\": \"res.partner-' || m.res_id || '\"}', i % 2 = 1, "
                + "CASE WHEN i % 2 = 0 THEN '\"' || p.name || '\" <' || p.email || '>' END, "
                + "CASE WHEN i % 10 = 0 THEN 'accounting@' || split_part(p.email, '@', 2) END, 'outgoing', i % 10 < 7" + toDeleteVal
                + ", NULL, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) i JOIN mail_message m ON m.id = ?::bigint + i "
                + "JOIN res_partner p ON p.id = m.res_id", mmBase, q1, qmBase);
        sync("mail_mail");
        exec("mail_mail_res_partner_rel", """
                INSERT INTO mail_mail_res_partner_rel (mail_mail_id, res_partner_id)
                SELECT mm.id, m.res_id FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
                 WHERE mm.id BETWEEN ? AND ? AND mm.email_to IS NULL
                """, mmBase, mmBase + q1);
        c.commit();
    }
}
