package dev.odoorelease.engine.internal.staging;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.result.VerificationCheck;

/**
 * Fail-closed assertions on a neutralized and anonymized copy, before it may replace staging: nothing
 * can send mail except the catcher, no cron outside the allowlist runs, no payment provider or carrier
 * is live, the database says it is neutralized and knows its own URL, no sampled e-mail, phone, login
 * or password hash of the original survives, API keys and TOTP devices are gone.
 */
public final class StagingVerifier {
    private final Connection c;
    private final StagingPolicy policy;

    private java.util.Set<String> kept = java.util.Set.of();

    public StagingVerifier(Connection copy, StagingPolicy policy) {
        this.c = copy;
        this.policy = policy;
    }

    /**
     * Tables ("table") and columns ("table.column") the anonymization rules keep as they are on
     * purpose: the search for production's values skips them.
     */
    public StagingVerifier kept(java.util.Set<String> tablesAndColumns) {
        this.kept = java.util.Set.copyOf(tablesAndColumns);
        return this;
    }

    public List<VerificationCheck> verify(PersonalDataSample before) throws SQLException {
        List<VerificationCheck> checks = neutrality();
        checks.add(noneLeft("no original e-mail address left", before.emails, List.of(
                "SELECT count(*) FROM res_partner WHERE email = ANY(?)",
                "SELECT count(*) FROM res_users WHERE login = ANY(?)",
                tableExists("mail_message") ? "SELECT count(*) FROM mail_message WHERE email_from = ANY(?)" : null)));
        checks.add(noneLeft("no original phone number left", before.phones, List.of(
                "SELECT count(*) FROM res_partner WHERE phone = ANY(?) OR mobile = ANY(?)")));
        checks.add(noneLeft("no original user login left", before.logins, List.of("SELECT count(*) FROM res_users WHERE login = ANY(?)")));
        checks.add(everyTextColumn(before));
        checks.add(passwords(before));
        for (String t : List.of("res_users_apikeys", "auth_totp_device")) {
            if (tableExists(t)) {
                long n = count("SELECT count(*) FROM " + t);
                checks.add(VerificationCheck.of(t + " emptied", n == 0, "0 rows", n + " rows"));
            }
        }
        return checks;
    }

    /**
     * The checks that say the copy cannot reach out (the first part of {@link #verify}; no sample of the original needed):
     * only the catcher or Odoo's dummy server may send, no incoming mail server, no cron outside the allowlist, no payment
     * provider or carrier in production mode, flagged neutralized, on the policy's URL, frozen. A rehearsal runs them on its
     * copy, which is neutralized but not anonymized, right before it starts Odoo on it.
     */
    public List<VerificationCheck> neutrality() throws SQLException {
        List<VerificationCheck> checks = new ArrayList<>();
        checks.add(mailServers());
        if (tableExists("fetchmail_server")) {
            long n = count("SELECT count(*) FROM fetchmail_server WHERE active");
            checks.add(VerificationCheck.of("incoming mail servers inactive", n == 0, "0 active", n + " active"));
        }
        checks.add(crons());
        if (tableExists("payment_provider")) {
            long n = count("SELECT count(*) FROM payment_provider WHERE state = 'enabled'");
            checks.add(VerificationCheck.of("no payment provider in production mode", n == 0, "0 enabled", n + " enabled"));
        }
        if (tableExists("delivery_carrier")) {
            long n = count("SELECT count(*) FROM delivery_carrier WHERE prod_environment AND active");
            checks.add(VerificationCheck.of("no carrier in production mode", n == 0, "0 active in production", n + " active in production"));
        }
        String neutralized = param("database.is_neutralized");
        checks.add(VerificationCheck.of("database.is_neutralized", "true".equalsIgnoreCase(neutralized), "true",
                String.valueOf(neutralized)));
        String url = param("web.base.url");
        String freeze = param("web.base.url.freeze");
        checks.add(VerificationCheck.of("web.base.url is staging's and frozen",
                policy.targetUrl().equals(url) && freeze != null && !freeze.isBlank() && !"false".equalsIgnoreCase(freeze),
                policy.targetUrl() + " (frozen)", url + (freeze == null ? " (not frozen)" : " (freeze=" + freeze + ")")));
        return checks;
    }

    private VerificationCheck mailServers() throws SQLException {
        List<String> active = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT coalesce(smtp_host, ''), coalesce(smtp_port, 0) FROM ir_mail_server WHERE active ORDER BY id")) {
            while (rs.next()) {
                active.add(rs.getString(1) + ":" + rs.getInt(2));
            }
        }
        if (policy.mailCatcherHost() != null) {
            String catcher = policy.mailCatcherHost() + ":" + policy.mailCatcherPort();
            return VerificationCheck.of("only the mail catcher may send", active.equals(List.of(catcher)),
                    "exactly " + catcher + " active", active.isEmpty() ? "none active" : String.join(", ", active));
        }
        boolean ok = active.stream().allMatch(a -> a.startsWith("invalid:"));
        return VerificationCheck.of("no outgoing mail server can deliver", ok, "none, or Odoo's dummy server invalid:1025",
                active.isEmpty() ? "none active" : String.join(", ", active));
    }

    private VerificationCheck crons() throws SQLException {
        List<String> active = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT coalesce(d.module || '.' || d.name, 'ir_cron#' || c.id)
                  FROM ir_cron c LEFT JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
                 WHERE c.active ORDER BY c.id""")) {
            while (rs.next()) {
                active.add(rs.getString(1));
            }
        }
        List<String> outside = active.stream().filter(x -> !policy.cronAllowlist().contains(x)).toList();
        return VerificationCheck.of("no active cron outside the allowlist", outside.isEmpty(),
                "active only: " + policy.cronAllowlist(), outside.isEmpty() ? "ok" : "also active: " + outside);
    }

    /**
     * Production's sampled values (e-mails, phones, logins, names, streets, VAT numbers, IBANs) in EVERY
     * text-like column of the copy, not only where the rules put pseudonyms: a custom column that copied
     * them verbatim fails the clone. One scan per table, every column compared with the whole sample at
     * once ({@code = ANY(sample)}, which PostgreSQL hashes), json/jsonb by their string members; the
     * tables and columns the rules keep on purpose are skipped. Only counts leave the server.
     */
    private VerificationCheck everyTextColumn(PersonalDataSample before) throws SQLException {
        List<String> values = before.allValues();
        String name = "no production value (e-mail, phone, login, name, street, VAT, IBAN) in any text column";
        if (values.isEmpty()) {
            return VerificationCheck.of(name, true, "none of 0 sampled values", "nothing to sample");
        }
        java.util.Map<String, List<String[]>> tables = new java.util.LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT cl.relname, a.attname, t.typname
                  FROM pg_class cl
                  JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'
                  JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped
                  JOIN pg_type t ON t.oid = a.atttypid
                 WHERE cl.relkind IN ('r', 'p') AND NOT cl.relispartition
                   AND t.typname IN ('text', 'varchar', 'bpchar', 'citext', 'json', 'jsonb')
                 ORDER BY cl.relname, a.attnum""")) {
            while (rs.next()) {
                String table = rs.getString(1);
                if (kept.contains(table) || kept.contains(table + "." + rs.getString(2))) {
                    continue;
                }
                tables.computeIfAbsent(table, k -> new ArrayList<>()).add(new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        Array arr = c.createArrayOf("text", values.toArray());
        List<String> found = new ArrayList<>();
        long rows = 0;
        long scanned = 0;
        for (var e : tables.entrySet()) {
            StringBuilder sql = new StringBuilder("SELECT ");
            int params = 0;
            for (String[] col : e.getValue()) {
                String q = quoteIdentifier(col[0]);
                String match = col[1].startsWith("json")
                        ? "EXISTS (SELECT 1 FROM jsonb_path_query(" + q + "::jsonb, 'strict $.**') v WHERE jsonb_typeof(v) = 'string' "
                        + "AND v #>> '{}' = ANY(?))"
                        : q + "::text = ANY(?)";
                sql.append(params == 0 ? "" : ", ").append("count(*) FILTER (WHERE ").append(match).append(")");
                params++;
            }
            sql.append(" FROM ").append(quoteIdentifier(e.getKey()));
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 1; i <= params; i++) {
                    ps.setArray(i, arr);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    for (int i = 0; i < params; i++) {
                        long n = rs.getLong(i + 1);
                        if (n > 0) {
                            found.add(e.getKey() + "." + e.getValue().get(i)[0] + " (" + n + " rows)");
                            rows += n;
                        }
                    }
                }
            }
            scanned += params;
        }
        // the columns and counts only: the values never leave this method
        return VerificationCheck.of(name, found.isEmpty(), "none of " + values.size() + " sampled values in " + scanned
                + " columns of " + tables.size() + " tables", found.isEmpty() ? "none found" : rows + " rows hold one: "
                + String.join(", ", found) + " (cover these columns with anonymization rules)");
    }

    private VerificationCheck passwords(PersonalDataSample before) throws SQLException {
        long same = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM res_users WHERE id = ? AND password = ?")) {
            for (var e : before.passwords.entrySet()) {
                ps.setLong(1, e.getKey());
                ps.setString(2, e.getValue());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    same += rs.getLong(1);
                }
            }
        }
        return VerificationCheck.of("every user password reset", same == 0, "0 of " + before.passwords.size()
                + " sampled users keep their password hash", same + " keep it");
    }

    private VerificationCheck noneLeft(String name, List<String> values, List<String> queries) throws SQLException {
        if (values.isEmpty()) {
            return VerificationCheck.of(name, true, "none of 0 sampled values", "nothing to sample");
        }
        long found = 0;
        Array arr = c.createArrayOf("text", values.toArray());
        for (String q : queries) {
            if (q == null) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(q)) {
                int params = (int) q.chars().filter(ch -> ch == '?').count();
                for (int i = 1; i <= params; i++) {
                    ps.setArray(i, arr);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    found += rs.getLong(1);
                }
            }
        }
        // the count only: the values themselves never leave this method
        return VerificationCheck.of(name, found == 0, "none of " + values.size() + " sampled values", found + " rows still hold one");
    }

    private boolean tableExists(String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, "public." + table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String param(String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM ir_config_parameter WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
