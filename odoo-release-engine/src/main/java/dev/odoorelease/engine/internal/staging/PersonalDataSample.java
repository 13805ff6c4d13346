package dev.odoorelease.engine.internal.staging;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values read BEFORE the copy is scrubbed — e-mail addresses, phone numbers, user logins and
 * password hashes — so that verification can prove none of them survived. Kept in memory only,
 * never written to a report or log. Read from the copy itself when it is copied as it is (clones
 * from a snapshot: production is not queried), or, for a live clone that anonymizes while streaming
 * (the copy never holds the originals), from the source inside the copied snapshot, read only.
 */
public final class PersonalDataSample {
    static final int LIMIT = 2000;
    /** Tables of up to this many rows are read whole (see {@link #blockSample}). */
    static final int FULL_SCAN = 100_000;

    final List<String> emails;
    final List<String> phones;
    final List<String> logins;
    final Map<Long, String> passwords;
    /** Names, streets, VAT numbers and IBANs (people's and companies'): searched in every text column too. */
    final List<String> others;

    private PersonalDataSample(List<String> emails, List<String> phones, List<String> logins, Map<Long, String> passwords,
                               List<String> others) {
        this.emails = emails;
        this.phones = phones;
        this.logins = logins;
        this.passwords = passwords;
        this.others = others;
    }

    /** Every sampled value that verification looks for in every text column (e-mails also lower-cased). */
    List<String> allValues() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        all.addAll(emails);
        emails.forEach(e -> all.add(e.toLowerCase(java.util.Locale.ROOT)));
        all.addAll(phones);
        all.addAll(logins);
        all.addAll(others);
        return List.copyOf(all);
    }

    /**
     * @param keptLogins logins the anonymization rules deliberately keep (technical accounts, admin):
     *                   not sampled, so keeping them is not reported as a leak
     */
    public static PersonalDataSample collect(Connection c, java.util.Collection<String> keptLogins) throws SQLException {
        // not the companies' own partners: their name and address stay on res_company
        String partners = "(SELECT * FROM res_partner" + blockSample(c, "res_partner")
                + (exists(c, "res_company") ? " WHERE id NOT IN (SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)" : "")
                + ") rp";
        List<String> emails = strings(c, "SELECT DISTINCT email FROM " + partners + " WHERE email LIKE '%@%' ORDER BY email LIMIT " + LIMIT);
        List<String> phones = strings(c, "SELECT DISTINCT p FROM (SELECT phone AS p FROM " + partners + " UNION ALL "
                + "SELECT mobile FROM " + partners + ") x WHERE length(p) >= 6 ORDER BY p LIMIT " + LIMIT);
        List<String> others = new ArrayList<>();
        // names of people and companies (two words at least: a one-word name can be anybody's word), streets, VAT numbers
        for (String[] col : new String[][] {{"name", "length(v) >= 6 AND v LIKE '% %'"}, {"street", "length(v) >= 8"},
            {"vat", "length(v) >= 6"}}) {
            if (hasColumn(c, "res_partner", col[0])) {
                others.addAll(strings(c, "SELECT DISTINCT v FROM (SELECT " + col[0] + " AS v FROM " + partners + ") x WHERE "
                        + col[1] + " ORDER BY v LIMIT " + LIMIT));
            }
        }
        if (exists(c, "res_partner_bank")) {
            others.addAll(strings(c, "SELECT DISTINCT v FROM (SELECT acc_number AS v FROM res_partner_bank"
                    + blockSample(c, "res_partner_bank") + " UNION ALL SELECT sanitized_acc_number FROM res_partner_bank"
                    + blockSample(c, "res_partner_bank") + ") x WHERE length(v) >= 8 ORDER BY v LIMIT " + LIMIT));
        }
        List<String> logins = strings(c, "SELECT login FROM res_users ORDER BY id LIMIT " + LIMIT);
        logins.removeAll(keptLogins);
        Map<Long, String> passwords = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, password FROM res_users WHERE password IS NOT NULL AND password <> '' ORDER BY id LIMIT " + LIMIT)) {
            while (rs.next()) {
                passwords.put(rs.getLong(1), rs.getString(2));
            }
        }
        return new PersonalDataSample(emails, phones, logins, passwords, others);
    }

    /**
     * A big table is sampled by blocks spread over the whole table (about four times the rows needed,
     * the same blocks on every refresh of unchanged data): sorting two million partners' e-mails and
     * phones only to keep 2 000 of each took seconds, a block sample milliseconds. Small tables
     * (fewer than {@value #FULL_SCAN} rows by the planner's estimate, or never analyzed) are read whole.
     */
    static String blockSample(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT reltuples FROM pg_class WHERE oid = to_regclass('public." + table + "')")) {
            double rows = rs.next() ? rs.getDouble(1) : -1;
            if (rows < FULL_SCAN) {
                return "";
            }
            return String.format(java.util.Locale.ROOT, " TABLESAMPLE SYSTEM (%.4f) REPEATABLE (0)", 100.0 * 4 * LIMIT / rows);
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) "
                + "AND attname = ? AND NOT attisdropped")) {
            ps.setString(1, "public." + table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public int size() {
        return emails.size() + phones.size() + logins.size() + passwords.size() + others.size();
    }

    @Override
    public String toString() {
        return "PersonalDataSample[" + emails.size() + " e-mails, " + phones.size() + " phones, " + logins.size() + " logins, "
                + passwords.size() + " password hashes, " + others.size() + " names, streets, VAT numbers and IBANs]";
    }
}
