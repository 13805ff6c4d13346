package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/**
 * Chatter (mail): messages on partners, leads and employees — comments, incoming e-mails and
 * tracking notifications whose {@code mail_tracking_value} rows keep old e-mail addresses — with
 * their recipients and notifications.
 */
final class MessageSeeder extends AreaSeeder {
    MessageSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (messages == 0) {
            return;
        }
        ids.firstMessage = nextId("mail_message");
        progress.accept("mail_message: " + messages + " messages from id " + ids.firstMessage);
        String extraCols = major >= 17 ? ", record_company_id, record_alias_domain_id" : "";
        String extraVals = major >= 17 ? ", 1, 1" : "";
        // x % 5: 0-2 partner, 3 lead, 4 employee (falling back to partners when there are none)
        String partnerTarget = partners > 0 ? ids.firstPartner + " + ((x * 7919) % " + partners + ")" : "3";
        String where = "x % 5 IN (0, 1, 2" + (leads == 0 ? ", 3" : "") + (employees == 0 ? ", 4" : "") + ")";
        bulk("mail_message", messages, () -> {
            insertMessages("res.partner", "res_partner", partnerTarget, where, "t.name", "t.email", "t.phone", "t.id", extraCols,
                    extraVals);
            if (leads > 0) {
                insertMessages("crm.lead", "crm_lead", ids.firstLead + " + ((x * 31) % " + leads + ")", "x % 5 = 3", "t.contact_name",
                        "t.email_from", "t.phone", "t.partner_id", extraCols, extraVals);
            }
            if (employees > 0) {
                insertMessages("hr.employee", "hr_employee", ids.firstEmployee + " + ((x * 17) % " + employees + ")", "x % 5 = 4", "t.name",
                        major == 16 ? "t.work_email" : "t.private_email", "t.mobile_phone", "t.work_contact_id", extraCols,
                        extraVals);
            }
        });
        sync("mail_message");
        long mEnd = ids.firstMessage + messages - 1;
        // tracking values of the notifications: old e-mail addresses, old private e-mails, stage changes
        String tvCols = major == 16
                ? "field, field_desc, field_type, old_value_char, new_value_char, old_value_integer, new_value_integer, tracking_sequence"
                : "field_id, old_value_char, new_value_char, old_value_integer, new_value_integer";
        String fieldId = "(SELECT id FROM ir_model_fields WHERE model = '%s' AND name = '%s')";
        String partnerTv = major == 16
                ? String.format(fieldId, "res.partner", "email") + ", 'Email', 'char', regexp_replace(t.email, '@.*$', '@previous-employer.example.net'), t.email, NULL, NULL, 100"
                : String.format(fieldId, "res.partner", "email") + ", regexp_replace(t.email, '@.*$', '@previous-employer.example.net'), t.email, NULL, NULL";
        bulk("mail_tracking_value", messages * 3 / 10, () -> {
            chunkedIds("mail_tracking_value", ids.firstMessage, mEnd, (lo, hi) -> exec("mail_tracking_value",
                    "INSERT INTO mail_tracking_value (" + tvCols + ", mail_message_id, create_uid, create_date, write_uid, write_date) "
                    + "SELECT " + partnerTv + ", m.id, 2, m.create_date, 2, m.create_date FROM mail_message m JOIN res_partner t ON t.id = m.res_id "
                    + "WHERE m.id BETWEEN ? AND ? AND m.model = 'res.partner' AND m.message_type = 'notification'", lo, hi));
            if (employees > 0) {
                final String empTv = major == 16
                        ? String.format(fieldId, "hr.employee", "address_home_id") + ", 'Private Address', 'many2one', t.name || ' (previous address)', t.name, t.address_home_id, t.address_home_id, 100"
                        : String.format(fieldId, "hr.employee", "private_email") + ", regexp_replace(t.private_email, '@.*$', '@old-provider.example.net'), t.private_email, NULL, NULL";
                chunkedIds("mail_tracking_value", ids.firstMessage, mEnd, (lo, hi) -> exec("mail_tracking_value",
                        "INSERT INTO mail_tracking_value (" + tvCols + ", mail_message_id, create_uid, create_date, write_uid, write_date) "
                        + "SELECT " + empTv + ", m.id, 2, m.create_date, 2, m.create_date FROM mail_message m JOIN hr_employee t ON t.id = m.res_id "
                        + "WHERE m.id BETWEEN ? AND ? AND m.model = 'hr.employee' AND m.message_type = 'notification'", lo, hi));
            }
            if (leads > 0) {
                String leadTv = major == 16
                        ? String.format(fieldId, "crm.lead", "stage_id") + ", 'Stage', 'many2one', 'New', 'Qualified', 1, 2, 100"
                        : String.format(fieldId, "crm.lead", "stage_id") + ", 'New', 'Qualified', 1, 2";
                chunkedIds("mail_tracking_value", ids.firstMessage, mEnd, (lo, hi) -> exec("mail_tracking_value",
                        "INSERT INTO mail_tracking_value (" + tvCols + ", mail_message_id, create_uid, create_date, write_uid, write_date) "
                        + "SELECT " + leadTv + ", m.id, 2, m.create_date, 2, m.create_date FROM mail_message m "
                        + "WHERE m.id BETWEEN ? AND ? AND m.model = 'crm.lead' AND m.message_type = 'notification'", lo, hi));
            }
        });
        chunkedIds("mail_message_res_partner_rel", ids.firstMessage, mEnd, (lo, hi) -> exec("mail_message_res_partner_rel", """
                INSERT INTO mail_message_res_partner_rel (mail_message_id, res_partner_id)
                SELECT m.id, m.res_id FROM mail_message m
                 WHERE m.id BETWEEN ? AND ? AND m.model = 'res.partner' AND m.message_type = 'comment' AND m.subtype_id = 1
                """, lo, hi));
        bulk("mail_notification", messages * 2 / 10, () -> chunkedIds("mail_notification", ids.firstMessage, mEnd, (lo, hi) -> exec("mail_notification", """
                INSERT INTO mail_notification (author_id, mail_message_id, res_partner_id, notification_type, notification_status,
                    is_read, read_date)
                SELECT m.author_id, m.id, m.res_id, 'email', 'sent', true, m.date FROM mail_message m
                 WHERE m.id BETWEEN ? AND ? AND m.model = 'res.partner' AND m.message_type = 'comment' AND m.subtype_id = 1
                """, lo, hi)));
    }

    void insertMessages(String model, String table, String target, String where, String name, String email, String phone,
                        String authorExpr, String extraCols, String extraVals) throws SQLException {
        String sql = "INSERT INTO mail_message (id, subject, date, body, model, res_id, record_name, message_type, subtype_id, "
                + "is_internal, email_from, author_id, message_id, reply_to, email_add_signature" + extraCols
                + ", create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + x, "
                + "CASE WHEN x % 10 BETWEEN 4 AND 6 THEN 'Re: Quotation S' || lpad((x % 100000)::text, 5, '0') END, "
                + ts("2022-01-01 08:00:00", "x", 126_230_400L) + ", "
                + "CASE WHEN x % 10 BETWEEN 0 AND 3 THEN '<p>Called <b>' || coalesce(" + name + ", '') || '</b> on ' || "
                + "coalesce(" + phone + ", 'n/a') || ' about order S' || lpad((x % 100000)::text, 5, '0') || '; offer sent to ' || "
                + "coalesce(" + email + ", 'n/a') || '.</p>' "
                + "WHEN x % 10 BETWEEN 4 AND 6 THEN '<p>Hello,</p><p>please find the signed quotation attached. You can reach me on ' || "
                + "coalesce(" + phone + ", 'n/a') || '.</p><p>Kind regards,<br/>' || coalesce(" + name + ", '') || '</p>' ELSE '' END, "
                + "'" + model + "', t.id, " + (model.equals("crm.lead") ? "t.name" : "t.name") + ", "
                + "CASE WHEN x % 10 BETWEEN 0 AND 3 THEN 'comment' WHEN x % 10 BETWEEN 4 AND 6 THEN 'email' ELSE 'notification' END, "
                + "CASE WHEN x % 10 IN (0, 2, 4, 5, 6) THEN 1 ELSE 2 END, "
                + "x % 10 IN (1, 3), "
                + "CASE WHEN x % 10 BETWEEN 4 AND 6 THEN '\"' || coalesce(" + name + ", '') || '\" <' || coalesce(" + email
                + ", 'unknown@example.com') || '>' ELSE '\"Mitchell Admin\" <admin@yourcompany.example.com>' END, "
                + "CASE WHEN x % 10 BETWEEN 4 AND 6 THEN " + authorExpr + " ELSE 3 END, "
                + "'<' || md5('msg' || x) || '-openerp-' || t.id || '-" + model + "@erp.yourcompany.example.com>', "
                + "CASE WHEN x % 10 BETWEEN 0 AND 3 THEN 'catchall@example.com' END, x % 10 BETWEEN 0 AND 3" + extraVals + ", "
                + "2, " + ts("2022-01-01 08:00:00", "x", 126_230_400L) + ", 2, " + ts("2022-01-01 08:00:00", "x", 126_230_400L)
                + " FROM generate_series(?::bigint, ?::bigint) x JOIN " + table + " t ON t.id = " + target + " WHERE " + where;
        chunked("mail_message (" + model + ")", messages, (lo, hi) -> exec("mail_message", sql, ids.firstMessage, lo, hi));
    }
}
