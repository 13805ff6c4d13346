package dev.odoorelease.engine.internal.staging;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.CarryOver;
import dev.odoorelease.engine.internal.db.DbNames;
import dev.odoorelease.engine.result.CarriedRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The staging-only records a refresh keeps ({@link CarryOver}), read from staging before the copy replaces it and
 * written into the copy after its neutralization and anonymization, in one transaction (verification then checks them
 * with the rest). The values (password hashes, credentials) stay in memory and are never logged nor reported: the
 * report says which record was kept and how, not what it holds.
 *
 * <ul>
 * <li>a user: an existing user of the copy with that login gets staging's password and active flag; a missing one is
 * created with staging's user and partner columns, its company (staging's, when the copy has it, else the copy's
 * first) and the groups the two databases share by XML id;</li>
 * <li>a parameter: its value, created when the copy lacks it;</li>
 * <li>a payment provider: for each of staging's providers with that code, the copy's provider with the same code and
 * company gets staging's state and credentials (every column but ids, references and bookkeeping); the copy must have
 * it (its module installed), else the refresh fails.</li>
 * </ul>
 */
public final class CarriedRecords {
    /** Never written from staging: keys and references, bookkeeping, and what neutralization must have removed. */
    private static final Set<String> NOT_CARRIED = Set.of("id", "create_uid", "write_uid", "create_date", "write_date",
            "totp_secret", "commercial_partner_id", "parent_id");

    /** One record read from staging: its rows (column → value as text) and, for a user, its partner and groups. */
    private record Read(CarryOver what, List<Map<String, String>> rows, Map<String, String> partner, List<String> groups) {
        /** What it is, never what it holds (password hashes, credentials). */
        @Override
        public String toString() {
            return what.describe();
        }
    }

    private final List<Read> records;

    private CarriedRecords(List<Read> records) {
        this.records = records;
    }

    /** Nothing to carry over. */
    public static CarriedRecords none() {
        return new CarriedRecords(List.of());
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    /**
     * Reads the declared records from staging's database.
     *
     * @throws OdooReleaseException {@link ErrorCode#PRECONDITION} when one is not there (nothing has changed yet)
     */
    public static CarriedRecords read(Connection staging, List<CarryOver> declared, String environment) throws SQLException {
        List<Read> out = new ArrayList<>();
        for (CarryOver c : declared) {
            CarryOver.Kind k = c.kind();
            if (!tableExists(staging, k.table())) {
                throw missing(c, environment, "its database has no table " + k.table() + " (the module is not installed there)");
            }
            List<Map<String, String>> rows = rows(staging, "SELECT * FROM " + k.table() + " WHERE " + k.keyColumn() + " = ? ORDER BY id",
                    c.key());
            if (rows.isEmpty()) {
                throw missing(c, environment, "its database has no " + k.label() + " with " + k.keyColumn() + " '" + c.key() + "'");
            }
            Map<String, String> partner = null;
            List<String> groups = List.of();
            if (k == CarryOver.Kind.USER) {
                String pid = rows.get(0).get("partner_id");
                if (pid != null) {
                    List<Map<String, String>> p = rows(staging, "SELECT * FROM res_partner WHERE id = ?::integer", pid);
                    partner = p.isEmpty() ? null : p.get(0);
                }
                groups = strings(staging, "SELECT d.module || '.' || d.name FROM res_groups_users_rel r JOIN ir_model_data d "
                        + "ON d.model = 'res.groups' AND d.res_id = r.gid WHERE r.uid = ?::integer ORDER BY 1", rows.get(0).get("id"));
            }
            out.add(new Read(c, rows, partner, groups));
        }
        return new CarriedRecords(List.copyOf(out));
    }

    private static OdooReleaseException missing(CarryOver c, String environment, String why) {
        return new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to refresh " + environment + " (nothing was changed): the "
                + c.describe() + " it must keep cannot be read from it: " + why + ". Create it on " + environment
                + ", or remove it from staging.carryOver." + c.kind().configKey() + ".");
    }

    /**
     * Writes the records into the copy, in one transaction of {@code copy} (the caller's).
     *
     * @return what was kept, for the report
     * @throws OdooReleaseException {@link ErrorCode#VERIFICATION} when a record cannot be restored into the copy
     */
    public List<CarriedRecord> restore(Connection copy, String source, String target) throws SQLException {
        List<CarriedRecord> done = new ArrayList<>();
        for (Read r : records) {
            if (!tableExists(copy, r.what().kind().table())) {
                throw unrestorable(r.what(), source, target, "the copy has no table " + r.what().kind().table()
                        + " (the module is not installed in " + source + ")");
            }
            done.add(switch (r.what().kind()) {
                case CONFIG_PARAMETER -> parameter(copy, r);
                case PAYMENT_PROVIDER -> provider(copy, r, source, target);
                case USER -> user(copy, r, source, target);
            });
        }
        return done;
    }

    private static OdooReleaseException unrestorable(CarryOver c, String source, String target, String why) {
        return new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to keep the " + c.describe() + " of " + target
                + " in the refreshed copy of " + source + ": " + why + ". The copy was discarded and " + target
                + " keeps its previous data; make the copy able to hold it, or remove it from staging.carryOver."
                + c.kind().configKey() + ".");
    }

    private static CarriedRecord parameter(Connection copy, Read r) throws SQLException {
        String value = r.rows().get(0).get("value");
        try (PreparedStatement u = copy.prepareStatement("UPDATE ir_config_parameter SET value = ?, write_date = now() at time zone 'UTC' "
                + "WHERE key = ?")) {
            u.setString(1, value);
            u.setString(2, r.what().key());
            if (u.executeUpdate() > 0) {
                return record(r, "updated", "its value");
            }
        }
        try (PreparedStatement i = copy.prepareStatement("INSERT INTO ir_config_parameter (key, value, create_date, write_date) "
                + "VALUES (?, ?, now() at time zone 'UTC', now() at time zone 'UTC')")) {
            i.setString(1, r.what().key());
            i.setString(2, value);
            i.executeUpdate();
        }
        return record(r, "created", "not in the copy; created with its value");
    }

    private static CarriedRecord provider(Connection copy, Read r, String source, String target) throws SQLException {
        Map<String, String> types = columnTypes(copy, "payment_provider");
        List<String> columns = null;
        for (Map<String, String> row : r.rows()) {
            columns = carried(row, types);
            String sql = "UPDATE payment_provider SET " + String.join(", ", columns.stream()
                    .map(c -> DbNames.quoteIdentifier(c) + " = ?::" + types.get(c)).toList())
                    + (types.containsKey("write_date") ? ", write_date = now() at time zone 'UTC'" : "")
                    + " WHERE code = ? AND company_id = ?::integer";
            try (PreparedStatement u = copy.prepareStatement(sql)) {
                int i = bind(u, columns, row);
                u.setString(i++, r.what().key());
                u.setString(i, row.get("company_id"));
                if (u.executeUpdate() == 0) {
                    throw unrestorable(r.what(), source, target, "the copy has no payment provider with code '" + r.what().key()
                            + "' for company " + row.get("company_id") + " (its module is not installed in " + source
                            + ", or the provider belongs to another company there)");
                }
            }
        }
        return record(r, "updated", r.rows().size() + " provider(s): " + (columns == null ? "" : String.join(", ", columns)));
    }

    private static CarriedRecord user(Connection copy, Read r, String source, String target) throws SQLException {
        Map<String, String> row = r.rows().get(0);
        try (PreparedStatement u = copy.prepareStatement("UPDATE res_users SET password = ?, active = ?::boolean WHERE login = ?")) {
            u.setString(1, row.get("password"));
            u.setString(2, row.get("active") == null ? "true" : row.get("active"));
            u.setString(3, r.what().key());
            if (u.executeUpdate() > 0) {
                return record(r, "updated", "password and active flag (the copy's user keeps its groups)");
            }
        }
        String company = firstOf(copy, "SELECT id FROM res_company WHERE id = ?::integer UNION ALL (SELECT min(id) FROM res_company) LIMIT 1",
                row.get("company_id"));
        if (company == null) {
            throw unrestorable(r.what(), source, target, "the copy has no company to create the user in");
        }
        if (r.partner() == null) {
            throw unrestorable(r.what(), source, target, "its partner could not be read from " + target);
        }
        String partnerId = insert(copy, "res_partner", r.partner(), Map.of("company_id", company));
        try (PreparedStatement p = copy.prepareStatement("UPDATE res_partner SET commercial_partner_id = id WHERE id = ?::integer")) {
            p.setString(1, partnerId);
            p.executeUpdate();
        }
        String userId = insert(copy, "res_users", row, Map.of("company_id", company, "partner_id", partnerId));
        exec(copy, "INSERT INTO res_company_users_rel (cid, user_id) VALUES (?::integer, ?::integer) ON CONFLICT DO NOTHING", company, userId);
        List<String> missingGroups = new ArrayList<>();
        for (String xmlid : r.groups()) {
            int dot = xmlid.indexOf('.');
            String gid = firstOf(copy, "SELECT res_id::text FROM ir_model_data WHERE model = 'res.groups' AND module = ? AND name = ?",
                    xmlid.substring(0, dot), xmlid.substring(dot + 1));
            if (gid == null) {
                missingGroups.add(xmlid);
            } else {
                exec(copy, "INSERT INTO res_groups_users_rel (gid, uid) VALUES (?::integer, ?::integer) ON CONFLICT DO NOTHING", gid, userId);
            }
        }
        return record(r, "created", "not in the copy; created with its partner and password, " + (r.groups().size() - missingGroups.size())
                + " group(s)" + (missingGroups.isEmpty() ? "" : "; not in the copy, so not given: " + String.join(", ", missingGroups)));
    }

    /** Inserts {@code row}'s carried columns (plus {@code set}) into {@code table}; returns the new id. */
    private static String insert(Connection copy, String table, Map<String, String> row, Map<String, String> set) throws SQLException {
        Map<String, String> types = columnTypes(copy, table);
        Map<String, String> values = new LinkedHashMap<>();
        for (String c : carried(row, types)) {
            values.put(c, row.get(c));
        }
        values.putAll(set);
        List<String> cols = new ArrayList<>(values.keySet());
        List<String> stamps = types.keySet().stream().filter(c -> c.equals("create_date") || c.equals("write_date")).toList();
        String sql = "INSERT INTO " + table + " (" + String.join(", ", cols.stream().map(DbNames::quoteIdentifier).toList())
                + stamps.stream().map(c -> ", " + c).reduce("", String::concat) + ") VALUES ("
                + String.join(", ", cols.stream().map(c -> "?::" + types.get(c)).toList())
                + stamps.stream().map(c -> ", now() at time zone 'UTC'").reduce("", String::concat) + ") RETURNING id";
        try (PreparedStatement s = copy.prepareStatement(sql)) {
            int i = 1;
            for (String c : cols) {
                s.setString(i++, values.get(c));
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The columns of a staging row written into the copy: those both have, but ids, references and bookkeeping. */
    private static List<String> carried(Map<String, String> row, Map<String, String> copyTypes) {
        return row.keySet().stream().filter(copyTypes::containsKey).filter(c -> !NOT_CARRIED.contains(c))
                .filter(c -> !c.endsWith("_id") && !c.endsWith("_uid")).toList();
    }

    private static int bind(PreparedStatement s, List<String> columns, Map<String, String> row) throws SQLException {
        int i = 1;
        for (String c : columns) {
            s.setString(i++, row.get(c));
        }
        return i;
    }

    private static CarriedRecord record(Read r, String action, String detail) {
        return new CarriedRecord(r.what().kind().label(), r.what().key(), action, detail);
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        return firstOf(c, "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?", table) != null;
    }

    /** The copy's columns of {@code table} and their types as SQL spells them ({@code character varying(64)}, {@code jsonb}). */
    private static Map<String, String> columnTypes(Connection c, String table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Every row of a query, each column as text. */
    private static List<Map<String, String>> rows(Connection c, String sql, String param) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rs = s.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int i = 1; i <= n; i++) {
                        row.put(rs.getMetaData().getColumnName(i), rs.getString(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    private static List<String> strings(Connection c, String sql, String param) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static String firstOf(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void exec(Connection c, String sql, String... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
