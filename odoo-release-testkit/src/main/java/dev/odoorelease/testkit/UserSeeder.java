package dev.odoorelease.testkit;

import static dev.odoorelease.testkit.SeedSql.*;

import java.sql.SQLException;

/**
 * Users, each with its own partner: logins, password hashes, signatures, TOTP secrets and trusted
 * devices, API keys, OAuth uids/tokens, calendar tokens (Google, Microsoft), settings, device logs
 * (18) and groups; every 5th is a portal user with a signup token.
 */
final class UserSeeder extends AreaSeeder {
    UserSeeder(SeedRun run) {
        super(run);
    }

    @Override
    void seed() throws SQLException {
        if (users == 0) {
            return;
        }
        long upBase = nextId("res_partner");
        ids.firstUser = nextId("res_users");
        progress.accept("res_users: " + users + " users from id " + ids.firstUser);
        String first = "d.fn[1 + (j * 11 + 5) % 60]";
        String last = "d.ln[1 + (j * 17 + 3) % 60]";
        String email = "CASE WHEN j % 5 = 4 THEN " + slug(first, ".") + " || '.' || " + slug(last, ".") + " || '.' || j "
                + "|| '@customer-portal.example.com' ELSE " + slug(first, ".") + " || '.' || " + slug(last, ".") + " || '.' || j "
                + "|| '@yourcompany.example.com' END";
        String signup = major < 18 ? ", signup_token, signup_type, signup_expiration" : ", signup_type";
        String signupVals = major < 18
                ? ", CASE WHEN j % 5 = 4 THEN left(md5('signup' || j), 20) END, CASE WHEN j % 5 = 4 THEN 'signup' END, "
                + "CASE WHEN j % 5 = 4 THEN timestamp '2026-12-01 00:00:00' END"
                : ", CASE WHEN j % 5 = 4 THEN 'signup' END";
        exec("res_partner", "WITH " + VOCAB + " INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, "
                + "is_company, commercial_partner_id, email, email_normalized, phone, phone_sanitized, street, zip, city, country_id, "
                + "lang, tz, partner_share, employee, color" + signup + ", create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + j, " + first + " || ' ' || " + last + ", " + first + " || ' ' || " + last + ", 1, 'contact', "
                + "true, false, ?::bigint + j, " + email + ", lower(" + email + "), " + phone("'+32'", digits9("j", 7, 470000000))
                + ", '+32' || " + digits9("j", 7, 470000000) + ", d.st[1 + j % 20] || ' ' || (1 + j % 120), '1000', 'Brussels', 1, "
                + "'en_US', 'Europe/Brussels', j % 5 = 4, false, 0" + signupVals + ", 2, "
                + ts("2022-01-01 08:00:00", "j", 94_608_000L) + ", 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) j, d", upBase, upBase, users - 1);
        sync("res_partner");
        long gcBase = 0;
        long mcBase = 0;
        if (major < 18) {
            gcBase = nextId("google_calendar_credentials");
            exec("google_calendar_credentials", """
                    INSERT INTO google_calendar_credentials (id, calendar_rtoken, calendar_token, calendar_token_validity,
                        calendar_sync_token, calendar_cal_id, synchronization_stopped, create_uid, create_date)
                    SELECT ?::bigint + j / 7, '1//0e' || md5('grt' || j) || md5('grt2' || j), 'ya29.a0' || md5('gat' || j),
                           timestamp '2026-11-22 11:00:00', 'CPDAlvWD' || left(md5('gst' || j), 16), 'primary', false,
                           2, timestamp '2026-11-20 09:00:00'
                      FROM generate_series(0::bigint, ?::bigint, 7) j
                    """, gcBase, users - 1);
            sync("google_calendar_credentials");
            if (major == 17) {
                mcBase = nextId("microsoft_calendar_credentials");
                exec("microsoft_calendar_credentials", """
                        INSERT INTO microsoft_calendar_credentials (id, calendar_sync_token, synchronization_stopped, last_sync_date,
                            create_uid, create_date)
                        SELECT ?::bigint + j / 7, 'https://graph.microsoft.com/v1.0/me/events/delta?$deltatoken=' || md5('mst' || j),
                               false, timestamp '2026-11-22 09:00:00', 2, timestamp '2026-11-20 09:00:00'
                          FROM generate_series(0::bigint, ?::bigint, 7) j
                        """, mcBase, users - 1);
                sync("microsoft_calendar_credentials");
            }
        }
        String rounds = major == 16 ? "25000" : "600000";
        String calCols = v(", google_calendar_account_id, microsoft_calendar_sync_token, microsoft_synchronization_stopped",
                ", google_calendar_account_id, microsoft_calendar_account_id", "");
        String calVals = v(
                ", CASE WHEN j % 7 = 0 THEN " + gcBase + " + j / 7 END, CASE WHEN j % 7 = 0 THEN 'ms-sync-' || md5('mss' || j) END, false",
                ", CASE WHEN j % 7 = 0 THEN " + gcBase + " + j / 7 END, CASE WHEN j % 7 = 0 THEN " + mcBase + " + j / 7 END", "");
        exec("res_users", "WITH " + VOCAB + " INSERT INTO res_users (id, login, password, active, partner_id, company_id, share, "
                + "signature, notification_type, totp_secret, oauth_provider_id, oauth_uid, oauth_access_token, "
                + "microsoft_calendar_rtoken, microsoft_calendar_token, microsoft_calendar_token_validity" + calCols
                + ", create_uid, create_date, write_uid, write_date) "
                + "SELECT ?::bigint + j, p.email, '$pbkdf2-sha512$" + rounds + "$' || "
                + "translate(left(encode(sha256(('salt' || j)::bytea), 'base64'), 22), '+', '.') || '$' || "
                + "translate(rtrim(encode(sha512(('pw' || j)::bytea), 'base64'), '='), '+', '.'), "
                + "j % 25 <> 24, p.id, 1, j % 5 = 4, "
                + "'<p>-- <br/>' || p.name || '<br/>' || p.phone || '<br/>' || p.email || '</p>', "
                + "CASE WHEN j % 5 <> 4 AND j % 2 = 0 THEN 'inbox' ELSE 'email' END, "
                + "CASE WHEN j % 5 <> 4 AND j % 3 = 0 THEN upper(translate(left(md5('totp' || j) || md5('totp2' || j), 32), '0189', 'wxyz')) END, "
                + "CASE WHEN j % 10 = 1 THEN 2 END, CASE WHEN j % 10 = 1 THEN (100000000000000000000 + j * 7919)::text END, "
                + "CASE WHEN j % 10 = 1 THEN 'ya29.a0Ae' || md5('oauth' || j) || md5('oauth2' || j) END, "
                + "CASE WHEN j % 7 = 0 THEN 'M.R3_BAY.' || md5('mrt' || j) END, CASE WHEN j % 7 = 0 THEN 'EwB4A' || md5('mat' || j) END, "
                + "CASE WHEN j % 7 = 0 THEN timestamp '2026-11-22 11:00:00' END" + calVals + ", 2, p.create_date, 2, timestamp '2026-11-20 09:00:00' "
                + "FROM generate_series(0::bigint, ?::bigint) j JOIN res_partner p ON p.id = ?::bigint + j, d",
                ids.firstUser, users - 1, upBase);
        sync("res_users");
        exec(null, "UPDATE res_partner SET user_id = u.id FROM res_users u WHERE u.partner_id = res_partner.id AND u.id >= ?", ids.firstUser);
        String settingsCols = major == 18 ? ", google_calendar_rtoken, google_calendar_token, google_calendar_token_validity, "
                + "google_calendar_sync_token, google_calendar_cal_id, google_synchronization_stopped, "
                + "microsoft_calendar_sync_token, microsoft_synchronization_stopped, microsoft_last_sync_date" : "";
        String settingsVals = major == 18 ? ", CASE WHEN j % 7 = 0 THEN '1//0e' || md5('grt' || j) || md5('grt2' || j) END, "
                + "CASE WHEN j % 7 = 0 THEN 'ya29.a0' || md5('gat' || j) END, CASE WHEN j % 7 = 0 THEN timestamp '2026-11-22 11:00:00' END, "
                + "CASE WHEN j % 7 = 0 THEN 'CPDAlvWD' || left(md5('gst' || j), 16) END, CASE WHEN j % 7 = 0 THEN 'primary' END, false, "
                + "CASE WHEN j % 7 = 0 THEN 'https://graph.microsoft.com/v1.0/me/events/delta?$deltatoken=' || md5('mst' || j) END, false, "
                + "CASE WHEN j % 7 = 0 THEN timestamp '2026-11-22 09:00:00' END" : "";
        exec("res_users_settings", "INSERT INTO res_users_settings (user_id, is_discuss_sidebar_category_channel_open, "
                + "is_discuss_sidebar_category_chat_open, use_push_to_talk, voice_active_duration" + settingsCols
                + ", create_uid, create_date, write_uid, write_date) SELECT ?::bigint + j, true, true, false, 200" + settingsVals
                + ", 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' FROM generate_series(0::bigint, ?::bigint) j",
                ids.firstUser, users - 1);
        exec("res_groups_users_rel", """
                INSERT INTO res_groups_users_rel (gid, uid)
                SELECT CASE WHEN j % 5 = 4 THEN 5 ELSE 1 END, ?::bigint + j FROM generate_series(0::bigint, ?::bigint) j
                UNION ALL
                SELECT 6, ?::bigint + j FROM generate_series(0::bigint, ?::bigint) j WHERE j % 10 = 0
                """, ids.firstUser, users - 1, ids.firstUser, users - 1);
        exec("res_company_users_rel", "INSERT INTO res_company_users_rel (cid, user_id) SELECT 1, ?::bigint + j "
                + "FROM generate_series(0::bigint, ?::bigint) j", ids.firstUser, users - 1);
        exec("res_users_apikeys", """
                INSERT INTO res_users_apikeys (name, user_id, scope, index, key, create_date)
                SELECT 'Integration ' || CASE j % 3 WHEN 0 THEN 'Zapier' WHEN 1 THEN 'BI export' ELSE 'CI deploy' END,
                       ?::bigint + j, CASE WHEN j % 2 = 0 THEN 'rpc' END, left(md5('apikey' || j), 8),
                       '$pbkdf2-sha512$6000$' || translate(left(encode(sha256(('ks' || j)::bytea), 'base64'), 22), '+', '.') || '$'
                         || translate(rtrim(encode(sha512(('key' || j)::bytea), 'base64'), '='), '+', '.'),
                       timestamp '2025-03-01 10:00:00' + j * interval '1 hour'
                  FROM generate_series(0::bigint, ?::bigint) j WHERE j % 4 = 0 AND j % 5 <> 4
                """, ids.firstUser, users - 1);
        exec("auth_totp_device", """
                INSERT INTO auth_totp_device (name, user_id, scope, index, key, create_date)
                SELECT CASE WHEN j % 2 = 0 THEN 'Firefox on Linux' ELSE 'Chrome on Windows' END, ?::bigint + j, 'browser',
                       left(md5('dev' || j), 8),
                       '$pbkdf2-sha512$6000$' || translate(left(encode(sha256(('ds' || j)::bytea), 'base64'), 22), '+', '.') || '$'
                         || translate(rtrim(encode(sha512(('dk' || j)::bytea), 'base64'), '='), '+', '.'),
                       timestamp '2026-10-01 09:00:00' + j * interval '1 hour'
                  FROM generate_series(0::bigint, ?::bigint) j WHERE j % 5 <> 4 AND j % 3 = 0
                """, ids.firstUser, users - 1);
        if (major == 18) {
            exec("res_device_log", """
                    INSERT INTO res_device_log (session_identifier, platform, browser, ip_address, country, city, device_type,
                        user_id, first_activity, last_activity, revoked, create_uid, create_date, write_uid, write_date)
                    SELECT left(md5('sess' || j || '-' || s), 42), CASE WHEN s = 0 THEN 'windows' ELSE 'android' END,
                           CASE WHEN s = 0 THEN 'chrome' ELSE 'firefox' END,
                           CASE WHEN s = 0 THEN '203.0.113.' || (1 + j % 254) ELSE '198.51.100.' || (1 + j % 254) END,
                           'Belgium', CASE WHEN j % 2 = 0 THEN 'Brussels' ELSE 'Antwerp' END,
                           CASE WHEN s = 0 THEN 'computer' ELSE 'mobile' END, ?::bigint + j,
                           timestamp '2026-09-01 08:00:00' + j * interval '1 minute', timestamp '2026-11-21 17:00:00' - j * interval '1 minute',
                           false, ?::bigint + j, timestamp '2026-11-20 09:00:00', ?::bigint + j, timestamp '2026-11-20 09:00:00'
                      FROM generate_series(0::bigint, ?::bigint) j, generate_series(0, 1) s WHERE j % 5 <> 4
                    """, ids.firstUser, ids.firstUser, ids.firstUser, users - 1);
        }
        c.commit();
    }
}
