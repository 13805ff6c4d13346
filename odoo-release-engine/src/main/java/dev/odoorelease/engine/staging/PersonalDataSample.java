package dev.odoorelease.engine.staging;

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
 * never written to a report or log. Read from the copy itself, so production is not queried.
 */
public final class PersonalDataSample {
    static final int LIMIT = 2000;

    final List<String> emails;
    final List<String> phones;
    final List<String> logins;
    final Map<Long, String> passwords;

    private PersonalDataSample(List<String> emails, List<String> phones, List<String> logins, Map<Long, String> passwords) {
        this.emails = emails;
        this.phones = phones;
        this.logins = logins;
        this.passwords = passwords;
    }

    /**
     * @param keptLogins logins the anonymization rules deliberately keep (technical accounts, admin):
     *                   not sampled, so keeping them is not reported as a leak
     */
    public static PersonalDataSample collect(Connection c, java.util.Collection<String> keptLogins) throws SQLException {
        List<String> emails = strings(c, "SELECT DISTINCT email FROM res_partner WHERE email LIKE '%@%' ORDER BY email LIMIT " + LIMIT);
        List<String> phones = strings(c, "SELECT DISTINCT p FROM (SELECT phone AS p FROM res_partner UNION ALL "
                + "SELECT mobile FROM res_partner) x WHERE length(p) >= 6 ORDER BY p LIMIT " + LIMIT);
        List<String> logins = strings(c, "SELECT login FROM res_users ORDER BY id LIMIT " + LIMIT);
        logins.removeAll(keptLogins);
        Map<Long, String> passwords = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, password FROM res_users WHERE password IS NOT NULL AND password <> '' ORDER BY id LIMIT " + LIMIT)) {
            while (rs.next()) {
                passwords.put(rs.getLong(1), rs.getString(2));
            }
        }
        return new PersonalDataSample(emails, phones, logins, passwords);
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
        return emails.size() + phones.size() + logins.size() + passwords.size();
    }

    @Override
    public String toString() {
        return "PersonalDataSample[" + emails.size() + " e-mails, " + phones.size() + " phones, " + logins.size() + " logins, "
                + passwords.size() + " password hashes]";
    }
}
