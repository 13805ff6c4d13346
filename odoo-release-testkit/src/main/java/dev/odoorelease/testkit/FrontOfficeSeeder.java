package dev.odoorelease.testkit;

import java.sql.SQLException;

/**
 * Website and front-office apps: project tasks, event registrations (and answers), survey answers,
 * point-of-sale card payments, livechat chatbot answers and discuss chats with the sampled partners.
 */
final class FrontOfficeSeeder extends PartnerSampleSeeder {
    FrontOfficeSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        exec("project_task", "INSERT INTO project_task (name, description, partner_id, email_cc, active, " + cols + ") "
                + "SELECT 'Install at ' || p.name, '<p>Ring ' || p.phone || '</p>', p.id, p.email, true, " + audit + from);
        if (major == 16) {
            exec(null, "UPDATE project_task t SET email_from = p.email, partner_email = p.email, partner_phone = p.phone "
                    + "FROM res_partner p WHERE p.id = t.partner_id");
        }
        exec("event_registration", "INSERT INTO event_registration (event_id, partner_id, name, email, phone, company_name, state, "
                + cols + ") SELECT 1, p.id, p.name, p.email, p.phone, p.company_name, 'open', " + audit + from);
        if (major == 16) {
            exec(null, "UPDATE event_registration r SET mobile = p.mobile FROM res_partner p WHERE p.id = r.partner_id");
        } else {
            exec("event_registration_answer", "INSERT INTO event_registration_answer (registration_id, question_id, value_text_box, "
                    + cols + ") SELECT r.id, 1, 'Allergic; call ' || r.phone, " + audit + " FROM event_registration r");
        }
        exec("survey_user_input", "INSERT INTO survey_user_input (survey_id, partner_id, email, nickname, access_token, state, " + cols + ") "
                + "SELECT 1, p.id, p.email, p.name, md5('survey' || p.id), 'done', " + audit + from);
        exec("survey_user_input_line", "INSERT INTO survey_user_input_line (user_input_id, answer_type, value_char_box, value_text_box, "
                + cols + ") SELECT i.id, 'text_box', p.phone, 'I live at ' || p.street, " + audit
                + " FROM survey_user_input i JOIN res_partner p ON p.id = i.partner_id");
        exec("survey_user_input_line", "INSERT INTO survey_user_input_line (user_input_id, answer_type, value_date, value_numerical_box, "
                + cols + ") SELECT i.id, 'date', date '1970-01-01' + (i.partner_id * 37 % 15000), 20 + i.partner_id % 50, " + audit
                + " FROM survey_user_input i");
        exec("pos_payment", "INSERT INTO pos_payment (pos_order_id, amount, cardholder_name, card_type, transaction_id, payment_status, "
                + cols + ") SELECT p.id, 10, upper(p.name), 'visa', 'TX' || md5(p.name), 'done', " + audit + from);
        if (major >= 17) {
            exec("pos_order", "INSERT INTO pos_order (id, name, partner_id, email, mobile, state, " + cols + ") SELECT p.id, 'Shop/' || p.id, "
                    + "p.id, p.email, p.mobile, 'paid', " + audit + from);
            sync("pos_order");
            exec(null, "UPDATE pos_payment SET card_no = lpad((pos_order_id * 7919 % 10000)::text, 4, '0')");
        }
        exec("chatbot_message", "INSERT INTO chatbot_message (user_raw_answer, " + cols + ") SELECT 'my e-mail is ' || p.email, " + audit + from);
        String channel = major == 16 ? "mail_channel" : "discuss_channel";
        long channels = nextId(channel);
        exec(channel, "INSERT INTO " + channel + " (id, name, channel_type, description, uuid, anonymous_name, " + cols + ") "
                + "SELECT ?::bigint + (p.id - ?::bigint), p.name || ', Mitchell Admin', 'chat', NULL, md5('ch' || p.id), p.name, " + audit
                + from, channels, ids.firstPartner);
        sync(channel);
        exec(channel + "_member", "INSERT INTO " + channel + "_member (channel_id, partner_id, custom_channel_name, " + cols + ") "
                + "SELECT ?::bigint + (p.id - ?::bigint), p.id, 'Chat with ' || p.name, " + audit + from, channels, ids.firstPartner);
    }
}
