package dev.odoorelease.engine.staging.anonymize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The PII coverage gate: columns of the copy whose <em>name</em> looks personal and that no rule
 * covers, so that a new custom module cannot leak personal data into staging silently.
 *
 * <p>Which columns: every column of an ordinary table of the {@code public} schema whose type can
 * hold a personal value (text types, json/jsonb, bytea, date/timestamp) and whose name, split at
 * '_' into words, matches one of {@link #PATTERNS} as whole words: {@code x_customer_iban} and
 * {@code private_phone} match, {@code zipper_size} and {@code shipping} do not. Plain {@code name}
 * is deliberately not a pattern (every Odoo model has one: products, countries, stages...); the
 * person-name columns that matter ({@code contact_name}, {@code partner_name},
 * {@code acc_holder_name}, {@code spouse_complete_name}, {@code firstname}...) are matched by
 * their own words, and res_partner/hr_employee/res_users names are covered by the built-in
 * rules. The gate looks at names only: it reads no value (no sample), and it reports empty columns
 * too (production will fill them).
 *
 * <p>Covered means: a rule for {@code table.column} (any strategy, {@code keep} included), a
 * table {@code keep}, or a table {@code delete} without {@code where}.
 */
public final class PiiCoverage {
    /** Whole-word patterns on the '_'-separated words of a column name. */
    static final List<String> PATTERNS = List.of(
            "emails?\\d*", "phones?\\d*", "mobiles?\\d*", "fax", "street\\d*", "zip(code)?", "postcode", "postal",
            "city", "vat", "iban", "acc_number", "account_number", "ssn", "ssnid", "sinid", "nin", "passport\\w*",
            "identification_id", "permit_no", "visa_no", "birth(day|date|place)?", "dob", "address(es)?", "login",
            "signature", "ip", "spouse", "emergency", "plate", "pin", "surname", "(first|last|maiden|middle)_?name",
            "contact_name", "partner_name", "holder_name", "common_name", "private");

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

    private PiiCoverage() {
    }

    /** The personal-looking columns of the database behind {@code c} that {@code rules} do not cover. */
    public static List<PiiColumn> uncovered(Connection c, AnonymizationRules rules) {
        Catalog catalog;
        try {
            catalog = Catalog.read(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new OdooReleaseException(ErrorCode.SQL, "Unable to read the copy's catalog for the PII coverage gate: "
                    + Anonymizer.primary(e) + " (SQLSTATE " + e.getSQLState() + ").", e);
        }
        List<PiiColumn> out = new ArrayList<>();
        for (Catalog.Table t : catalog.tables().values()) {
            Optional<AnonymizationRule> tableRule = rules.tableRule(t.name());
            if (tableRule.isPresent() && (tableRule.get().strategy() == Strategy.KEEP || tableRule.get().where() == null)) {
                continue;
            }
            for (Catalog.Column col : t.columns().values()) {
                if (!TYPES.contains(col.typeName())) {
                    continue;
                }
                Optional<String> why = personalPattern(col.name());
                if (why.isEmpty() || rules.rule(t.name(), col.name()).isPresent()) {
                    continue;
                }
                out.add(new PiiColumn(t.name(), col.name(), col.type(), "the name matches the personal-data word '" + why.get()
                        + "' and no anonymization rule covers it: add a rule for " + t.name() + "." + col.name()
                        + " (or 'keep' if it holds no personal data)"));
            }
        }
        return out;
    }

    /** The matched word when {@code column}'s name looks personal. */
    public static Optional<String> personalPattern(String column) {
        var m = WORDS.matcher(column.toLowerCase(java.util.Locale.ROOT));
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(2) != null ? m.group(2) : "private");
    }
}
