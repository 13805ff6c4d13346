package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.result.PiiColumn;
import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PII coverage gate: columns of the copy that look personal and that no rule covers, so that a
 * new custom module cannot leak personal data into staging silently. A column looks personal when:
 * <ul>
 * <li>its <em>name</em>, split at '_' into words, matches one of {@link #PATTERNS} as whole words
 *     ({@code x_customer_iban} and {@code private_phone} match, {@code zipper_size} does not), for
 *     every type that can hold a personal value (text, json, bytea, date/timestamp) — empty columns
 *     too: production will fill them;</li>
 * <li>its <em>values</em> look personal: in a sample of each table's rows (one query per table, up to
 *     {@value #SAMPLE_ROWS} rows, a block sample of big tables), at least one in five non-empty
 *     values of a text or json column contains an e-mail address, or is a phone number
 *     ({@code +32 470 12 34 56}, {@code 0470/12.34.56}) or an IBAN. Only counts leave the server:
 *     the gate never reads a value. Odoo's technical tables ({@code ir_*}: views, translations,
 *     settings) are not sampled (their addresses are the company's, in templates);</li>
 * <li>its name says it is a <em>credential</em> ({@code api_key}, {@code secret}, {@code password},
 *     {@code refresh_token}...) and it still holds a value after neutralization: a live third-party
 *     credential fails the clone instead of a warning.</li>
 * </ul>
 * Plain {@code name} is not a pattern (every Odoo model has one); the person tables' names are
 * covered by the built-in rules. Covered means: a rule for {@code table.column} (any strategy,
 * {@code keep} included), a table {@code keep}, a table {@code delete} without {@code where}, or the
 * table of a transient model (emptied, {@link TransientTables}).
 */
public final class PiiCoverage {
    /** Whole-word patterns on the '_'-separated words of a column name. */
    static final List<String> PATTERNS = List.of(
            "emails?\\d*", "phones?\\d*", "mobiles?\\d*", "fax", "street\\d*", "zip(code)?", "postcode", "postal",
            "city", "vat", "iban", "acc_number", "account_number", "ssn", "ssnid", "sinid", "nin", "passport\\w*",
            "identification_id", "permit_no", "visa_no", "birth(day|date|place)?", "dob", "address(es)?", "login",
            "signature", "ip", "spouse", "emergency", "plate", "pin", "surname", "(first|last|maiden|middle)_?name",
            "contact_name", "partner_name", "holder_name", "common_name", "private");

    /** Whole-word patterns of credentials: reported when the column still holds a value. */
    static final Pattern CREDENTIAL = Pattern.compile("(^|_)(secret|secret_key|client_secret|password|passwd|pass|pwd|api_?key|"
            + "private_key|access_key|refresh_token|rtoken|auth_token|oauth_token|api_token|bearer_token|webhook_secret|credentials?)(_|$)");

    /** Rows sampled per table for the value shapes. */
    static final int SAMPLE_ROWS = 500;

    private static final Pattern WORDS;

    static {
        // (^|_)(p1|p2|...)(_|$), matched against the lower-cased name; "private" only as the first word
        StringBuilder sb = new StringBuilder("(^|_)(");
        boolean first = true;
        for (String p : PATTERNS) {
            if (p.equals("private")) {
                continue;
            }
            sb.append(first ? "" : "|").append(p);
            first = false;
        }
        sb.append(")(_|$)|^private_");
        WORDS = Pattern.compile(sb.toString());
    }

    private static final Set<String> TYPES = Set.of("text", "varchar", "bpchar", "citext", "name", "json", "jsonb", "bytea", "date",
            "timestamp", "timestamptz");
    private static final Set<String> SAMPLED_TYPES = Set.of("text", "varchar", "bpchar", "citext", "json", "jsonb");

    /** An e-mail address anywhere in the value (POSIX regular expression, case-insensitive). */
    static final String EMAIL_SQL = "[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}";
    /** A whole value that is a phone number: international (+...) or national with separators, 8 to 15 digits. */
    static final String PHONE_SQL = "^\\s*(\\+[0-9]|00[1-9]|0[1-9][0-9]*[ ./()-])[0-9 ./()-]{6,20}\\s*$";
    /** A whole value that is an IBAN (country, check digits, 11 to 30 characters, optionally spaced by four). */
    static final String IBAN_SQL = "^\\s*[A-Z]{2}[0-9]{2}( ?[A-Z0-9]){11,30}\\s*$";

    private PiiCoverage() {
    }

    /** The personal-looking columns of the database behind {@code c} that {@code rules} do not cover. */
    public static List<PiiColumn> uncovered(Connection c, AnonymizationRules rules) {
        try {
            Catalog catalog = Catalog.read(c);
            AnonymizationRules effective = TransientTables.emptied(c, rules);
            List<PiiColumn> out = new ArrayList<>();
            for (Catalog.Table t : catalog.tables().values()) {
                Optional<AnonymizationRule> tableRule = effective.tableRule(t.name());
                if (tableRule.isPresent() && (tableRule.get().strategy() == Strategy.KEEP || tableRule.get().where() == null)) {
                    continue;
                }
                List<Catalog.Column> sampled = new ArrayList<>();
                List<Catalog.Column> credentials = new ArrayList<>();
                for (Catalog.Column col : t.columns().values()) {
                    if (!TYPES.contains(col.typeName()) || effective.rule(t.name(), col.name()).isPresent()) {
                        continue;
                    }
                    Optional<String> why = personalPattern(col.name());
                    if (why.isPresent()) {
                        out.add(new PiiColumn(t.name(), col.name(), col.type(), "its name has the personal-data word '" + why.get() + "'",
                                suggestByWord(t.name(), col, why.get())));
                    } else if (credentialPattern(col.name()).isPresent()) {
                        credentials.add(col);
                    } else if (SAMPLED_TYPES.contains(col.typeName()) && !t.name().startsWith("ir_")) {
                        sampled.add(col);
                    }
                }
                out.addAll(credentialsWithValues(c, t, credentials));
                out.addAll(personalValues(c, t, sampled));
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return out;
        } catch (SQLException e) {
            throw new OdooReleaseException(ErrorCode.SQL, "Unable to check the copy's columns for the PII coverage gate: "
                    + Anonymizer.primary(e) + " (SQLSTATE " + e.getSQLState() + "). Check that the copy is readable by its owner.", e);
        }
    }

    /** One scan of a sample of {@code t}'s rows: the columns where e-mails, phones or IBANs are frequent. */
    private static List<PiiColumn> personalValues(Connection c, Catalog.Table t, List<Catalog.Column> cols) throws SQLException {
        if (cols.isEmpty()) {
            return List.of();
        }
        StringBuilder sel = new StringBuilder();
        StringBuilder inner = new StringBuilder();
        for (Catalog.Column col : cols) {
            String v = "nullif(" + quoteIdentifier(col.name()) + "::text, '')";
            inner.append(inner.length() == 0 ? "" : ", ").append(quoteIdentifier(col.name()));
            sel.append(sel.length() == 0 ? "" : ", ")
                    .append("count(").append(v).append("), ")
                    .append("count(*) FILTER (WHERE ").append(v).append(" ~* '").append(EMAIL_SQL).append("'), ")
                    .append("count(*) FILTER (WHERE ").append(v).append(" ~ '").append(PHONE_SQL).append("'), ")
                    .append("count(*) FILTER (WHERE ").append(v).append(" ~ '").append(IBAN_SQL).append("')");
        }
        String sample = t.estimatedRows() > 20L * SAMPLE_ROWS
                ? String.format(Locale.ROOT, " TABLESAMPLE SYSTEM (%.4f) REPEATABLE (0)", Math.min(100.0, 100.0 * 4 * SAMPLE_ROWS / t.estimatedRows()))
                : "";
        String sql = "SELECT " + sel + " FROM (SELECT " + inner + " FROM " + quoteIdentifier(t.name()) + sample + " LIMIT " + SAMPLE_ROWS + ") s";
        List<PiiColumn> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            for (int i = 0; i < cols.size(); i++) {
                long values = rs.getLong(4 * i + 1);
                long[] shape = {rs.getLong(4 * i + 2), rs.getLong(4 * i + 3), rs.getLong(4 * i + 4)};
                String[] what = {"e-mail addresses", "phone numbers", "IBANs"};
                String[] rule = {"email", "phone", "iban"};
                for (int k = 0; k < 3; k++) {
                    // at least one in five non-empty sampled values: a column of free text that mentions one address is not it
                    if (shape[k] > 0 && shape[k] * 5 >= values) {
                        Catalog.Column col = cols.get(i);
                        String r = col.json() ? "{strategy: jsonb, template: \"" + t.name() + " {id}\"}" : rule[k];
                        if (k == 0 && !col.json() && shape[k] < values) {
                            r = col.notNull() ? "{strategy: html, template: \"" + t.name() + " {id}\"}" : "null"; // text around the addresses
                        }
                        out.add(new PiiColumn(t.name(), col.name(), col.type(), shape[k] + " of " + values + " sampled values "
                                + (k == 0 ? "contain " : "are ") + what[k], r));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Credential-named columns that still hold a value (after neutralization, on the copy). */
    private static List<PiiColumn> credentialsWithValues(Connection c, Catalog.Table t, List<Catalog.Column> cols) throws SQLException {
        List<PiiColumn> out = new ArrayList<>();
        for (Catalog.Column col : cols) {
            String sql = "SELECT count(*) FROM " + quoteIdentifier(t.name()) + " WHERE nullif(" + quoteIdentifier(col.name()) + "::text, '') IS NOT NULL";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                long n = rs.getLong(1);
                if (n > 0) {
                    out.add(new PiiColumn(t.name(), col.name(), col.type(), "its name says it is a credential ('"
                            + credentialPattern(col.name()).orElseThrow() + "') and " + n + " row(s) still hold one: a live "
                            + "third-party credential must not reach staging", col.notNull() ? "{strategy: fixed, value: \"staging\"}" : "null"));
                }
            }
        }
        return out;
    }

    private static String suggestByWord(String table, Catalog.Column col, String word) {
        if (col.date()) {
            return "pseudonym";
        }
        if (col.json()) {
            return "{strategy: jsonb, template: \"" + table + " {id}\"}";
        }
        if ("bytea".equals(col.typeName())) {
            return "null";
        }
        if (word.startsWith("email")) {
            return "email";
        }
        if (word.startsWith("phone") || word.startsWith("mobile") || word.equals("fax")) {
            return "phone";
        }
        if (Set.of("iban", "acc_number", "account_number").contains(word)) {
            return "iban";
        }
        if (Set.of("zip", "zipcode", "postcode", "postal", "pin").contains(word)) {
            return "digits";
        }
        if (word.equals("signature")) {
            return "{strategy: html, template: \"<p>" + table + " {id}</p>\"}";
        }
        return "{strategy: pseudonym, template: \"" + col.name() + " {id}\"}";
    }

    /**
     * The gate's refusal for people: a table (table.column, type, why it looks personal, the rule to
     * add) and the YAML that would cover every column, to paste into the project's rule file.
     */
    public static String describe(List<PiiColumn> columns) {
        int k = "table.column".length();
        int ty = "type".length();
        int wh = "why it looks personal".length();
        for (PiiColumn p : columns) {
            k = Math.max(k, p.key().length());
            ty = Math.max(ty, p.type().length());
            wh = Math.max(wh, p.reason().length());
        }
        String row = "  %-" + k + "s  %-" + ty + "s  %-" + wh + "s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, row, "table.column", "type", "why it looks personal", "rule to add"));
        for (PiiColumn p : columns) {
            sb.append(String.format(Locale.ROOT, row, p.key(), p.type(), p.reason(), p.rule()));
        }
        sb.append(System.lineSeparator()).append("Add to the project's anonymization rule file (use 'keep' for a column that holds "
                + "no personal data):").append(System.lineSeparator()).append(yaml(columns));
        return sb.toString();
    }

    /** The rules that would cover {@code columns}, as a rule file. */
    public static String yaml(List<PiiColumn> columns) {
        StringBuilder sb = new StringBuilder("version: 1\nrules:\n");
        for (PiiColumn p : columns) {
            sb.append("  ").append(p.key()).append(": ").append(p.rule()).append('\n');
        }
        return sb.toString();
    }

    /** The matched word when {@code column}'s name looks personal. */
    public static Optional<String> personalPattern(String column) {
        var m = WORDS.matcher(column.toLowerCase(Locale.ROOT));
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(2) != null ? m.group(2) : "private");
    }

    /** The matched word when {@code column}'s name says it holds a credential. */
    public static Optional<String> credentialPattern(String column) {
        Matcher m = CREDENTIAL.matcher(column.toLowerCase(Locale.ROOT));
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }
}
