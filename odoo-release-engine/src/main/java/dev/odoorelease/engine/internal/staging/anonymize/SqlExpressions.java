package dev.odoorelease.engine.internal.staging.anonymize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL expressions of the strategies. Each is one plain expression over the row's own columns
 * (no subquery), so the same text serves an {@code UPDATE ... SET} and an
 * {@code ALTER TABLE ... ALTER COLUMN ... TYPE ... USING}. Values are derived from the row's
 * integer id (or integer columns a template names) with fixed arithmetic (no server hash function
 * whose output could change between PostgreSQL versions): deterministic and free of the original.
 */
final class SqlExpressions {
    /** 2^31 - 1: ids are reduced modulo this prime before mixing, so no product overflows bigint. */
    private static final long P = 2_147_483_647L;
    /** Characters of a phone-shaped value kept in place; every other one becomes a digit. */
    private static final String SEPARATORS = " +-()./";
    private static final int[] PHONE_TIERS = {8, 16, 32};
    /** How every phone pseudonym starts: not a number in any numbering plan (see {@link #phone}). */
    static final String FICTIONAL_PREFIX = "+0";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final String JSON_MEMBER = "(\"(?:[^\"\\\\]|\\\\.)*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"";

    static final String DEFAULT_HTML = "<p>Anonymized</p>";

    private SqlExpressions() {
    }

    /** A SQL string literal (standard-conforming strings; the engine never sets them off). */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** An E'' literal, independent of standard_conforming_strings (for regular expressions). */
    static String escapeLiteral(String s) {
        return "E'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * When the rule changes a row: the value is there (not NULL; for text, not empty), the
     * rule's {@code where} holds, and the value is not one of its {@code except} values. Password
     * rules change every row.
     */
    static String applies(AnonymizationRule r, Catalog.Column c) {
        String col = quoteIdentifier(c.name());
        List<String> conds = new ArrayList<>();
        if (r.strategy() != Strategy.PASSWORD) {
            conds.add(col + " IS NOT NULL");
            if (c.text()) {
                conds.add(col + " <> ''");
            }
        }
        if (r.where() != null) {
            conds.add("(" + r.where() + ")");
        }
        if (!r.except().isEmpty()) {
            List<String> vals = new ArrayList<>();
            for (String v : r.except()) {
                vals.add(literal(v));
            }
            conds.add(col + "::text NOT IN (" + String.join(", ", vals) + ")");
        }
        return conds.isEmpty() ? "true" : String.join(" AND ", conds);
    }

    /** The column's new value: the strategy's value where the rule applies, the old value elsewhere. */
    static String value(AnonymizationRule r, Catalog.Column c, Catalog.Table t, String passwordHash) {
        String v = strategyValue(r, c, t, passwordHash);
        String cond = applies(r, c);
        if (cond.equals("true")) {
            return v;
        }
        return "CASE WHEN " + cond + " THEN " + v + " ELSE " + quoteIdentifier(c.name()) + " END";
    }

    private static String strategyValue(AnonymizationRule r, Catalog.Column c, Catalog.Table t, String passwordHash) {
        String col = quoteIdentifier(c.name());
        int salt = salt(r);
        String typed = switch (r.strategy()) {
            case PSEUDONYM -> c.date() ? derivedDate(salt) : template(r.template() == null ? "{table} {id}" : r.template(), r, t);
            case EMAIL -> "lower(" + template(r.template() == null ? "{table}{id}@example.invalid" : r.template(), r, t) + ")";
            case PHONE -> phone(col, salt, bigintId(t));
            case DIGITS -> digits(col, salt, bigintId(t));
            case IBAN -> iban(col);
            case FIXED -> literal(r.value());
            case NULL -> "NULL";
            case HTML -> template(r.template() == null ? DEFAULT_HTML : r.template(), r, t);
            case JSONB -> {
                String tpl = template(r.template() == null ? "{table} {id}" : r.template(), r, t);
                // objects ({"<company id>": value}): every member's string value; any other JSON value: the template as a string
                yield "CASE WHEN jsonb_typeof(" + col + "::jsonb) = 'object' THEN regexp_replace(" + col + "::text, "
                        + escapeLiteral(JSON_MEMBER) + ", " + escapeLiteral("\\1\"") + " || " + tpl + " || '\"', 'g') ELSE to_jsonb(CAST("
                        + tpl + " AS text))::text END";
            }
            case PASSWORD -> passwordHash == null ? "NULL" : literal(passwordHash);
            default -> throw new IllegalArgumentException("not a value strategy: " + r.strategy());
        };
        return "CAST(" + typed + " AS " + c.type() + ")";
    }

    /** A template as SQL: literal parts quoted, {@code {id}} and integer columns as text. */
    static String template(String template, AnonymizationRule r, Catalog.Table t) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        StringBuilder lit = new StringBuilder();
        while (m.find()) {
            lit.append(template, last, m.start());
            String p = m.group(1);
            switch (p) {
                case "table" -> lit.append(r.table());
                case "column" -> lit.append(r.column());
                default -> {
                    if (lit.length() > 0) {
                        parts.add(literal(lit.toString()));
                        lit.setLength(0);
                    }
                    parts.add("coalesce(" + quoteIdentifier(p) + "::text, '')");
                }
            }
            last = m.end();
        }
        lit.append(template.substring(last));
        if (lit.length() > 0 || parts.isEmpty()) {
            parts.add(literal(lit.toString()));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" || ", parts) + ")";
    }

    /** The id reduced modulo P (a bigint in [0, P)). */
    private static String id() {
        return "(\"id\"::bigint % " + P + ")";
    }

    /**
     * A digit as text, mixed from the id: the middle digits of id * mul (mul below 2^31, and
     * ids of Odoo's integer columns below 2^31, so the product fits a bigint).
     */
    private static String digit(String id, long mul) {
        return "((" + id + " * CAST(" + mul + " AS bigint) / 100003) % 10)::text";
    }

    /** Whether the table's id may exceed 2^31 - 1 (then it is reduced modulo P before mixing). */
    private static boolean bigintId(Catalog.Table t) {
        String type = t.columns().get("id").typeName();
        return !"int4".equals(type) && !"int2".equals(type);
    }

    /**
     * A phone number no subscriber can have: {@value #FICTIONAL_PREFIX}, then the original's layout
     * from its third character on (see {@link #layout}). E.164 country codes start with 1 to 9, so
     * "+0..." is not an international number anywhere, and a national number has no '+': the value
     * can never equal a real number, in any format, whatever the digits derived from the id.
     * Same length as the original (values of one or two characters get the prefix's first ones).
     */
    static String phone(String col, int salt, boolean bigintId) {
        return "CASE WHEN length(" + col + ") <= 2 THEN left(" + literal(FICTIONAL_PREFIX) + ", length(" + col + ")) ELSE "
                + literal(FICTIONAL_PREFIX) + " || " + layout(col, 3, salt, bigintId, true) + " END";
    }

    /** Format-preserving digits over the whole value (zip codes, PINs): see {@link #layout}. */
    static String digits(String col, int salt, boolean bigintId) {
        return layout(col, 1, salt, bigintId, false);
    }

    /**
     * The digit of position {@code i} (0-based) as text: digit {@code 9 - i % 10} of
     * (id * m + a) mod 10^10, one such number per block of ten positions. m is odd and not a
     * multiple of 5, so each block's number is a bijection of the id: distinct ids get distinct
     * numbers wherever ten digits are visible, and the fast-changing low digits come last.
     */
    private static String blockDigit(String id, int salt, int i) {
        int block = i / 10;
        long pow = (long) Math.pow(10, 9 - i % 10);
        return "((((" + id + " * CAST(" + multiplier(salt, 93 + block) + " AS bigint) + " + addend(salt, 93 + block)
                + ") % 10000000000) / " + pow + ") % 10)::text";
    }

    /**
     * Format-preserving digits from character {@code from} on: position k keeps a separator of the
     * original and otherwise gets a digit derived from (id, k, rule). Values made of digits and '+'
     * only (sanitized numbers, most zip codes) take a short path: a leading '+' (when {@code from}
     * is 1) and their length, digits from two products of the id. Other values are tiered on length
     * so short ones pay for few positions; values longer than 32 characters are cut to 32.
     * {@code blocks}: digits from {@link #blockDigit} (phones: distinct ids get distinct numbers)
     * instead of the middle digits of a product per position (the zip codes' scheme, kept so their
     * pseudonyms do not change between refreshes).
     */
    private static String layout(String col, int from, int salt, boolean bigintId, boolean blocks) {
        String id = bigintId ? id() : "\"id\"";
        String d20 = "(lpad(((" + id + " * CAST(" + multiplier(salt, 91) + " AS bigint) + " + addend(salt, 91) + ") % 10000000000)::text, 10, '0')"
                + " || lpad(((" + id + " * CAST(" + multiplier(salt, 92) + " AS bigint) + " + addend(salt, 92) + ") % 10000000000)::text, 10, '0'))";
        String rest = "length(" + col + ") - " + (from - 1);
        // a regular expression is three times faster here than translate(); C collation: plain bytes
        StringBuilder sb = new StringBuilder("CASE WHEN " + col + " COLLATE \"C\" ~ '^[0-9+]+$' THEN ");
        if (from == 1) {
            sb.append("CASE WHEN left(").append(col).append(", 1) = '+' THEN '+' || right(").append(d20).append(", length(").append(col)
                    .append(") - 1) ELSE right(").append(d20).append(", length(").append(col).append(")) END");
        } else {
            sb.append("right(").append(d20).append(", ").append(rest).append(")");
        }
        for (int tier = 0; tier < PHONE_TIERS.length; tier++) {
            int n = PHONE_TIERS[tier];
            // octet_length (no character count): a multi-byte value may only land in a longer tier
            sb.append(tier == PHONE_TIERS.length - 1 ? " ELSE " : " WHEN octet_length(" + col + ") <= " + n + " THEN ");
            List<String> terms = new ArrayList<>();
            for (int k = from; k <= n; k++) {
                String ch = "substr(" + col + ", " + k + ", 1)";
                terms.add("CASE WHEN strpos(" + literal(SEPARATORS) + ", " + ch + ") > 0 THEN " + ch + " ELSE "
                        + (blocks ? blockDigit(id, salt, k - from) : digit(id, multiplier(salt, k))) + " END");
            }
            sb.append(String.join(" || ", terms));
        }
        return sb.append(" END").toString();
    }

    /**
     * A valid Belgian IBAN: BE, check digits, and a BBAN of 10 digits (the id times a unit modulo
     * 10^10, so distinct ids below 2^31 - 1 give distinct accounts) plus its national mod-97 check. Spaced by four
     * like the original when the original has a space, else compact. Derived from the id
     * alone (no per-column salt), so acc_number and sanitized_acc_number of a row stay the same account.
     */
    static String iban(String col) {
        String acc = "lpad(((" + id() + " * 2654435761) % 10000000000)::text, 10, '0')";
        String nat = "lpad(coalesce(nullif(mod(" + acc + "::bigint, 97), 0), 97)::text, 2, '0')";
        String bban = "(" + acc + " || " + nat + ")";
        String check = "lpad((98 - mod((" + bban + " || '111400')::numeric, 97))::text, 2, '0')";
        String compact = "('BE' || " + check + " || " + bban + ")";
        String spaced = "('BE' || " + check + " || ' ' || substr(" + bban + ", 1, 4) || ' ' || substr(" + bban + ", 5, 4) || ' ' || substr("
                + bban + ", 9, 4))";
        return "CASE WHEN strpos(" + col + ", ' ') > 0 THEN " + spaced + " ELSE " + compact + " END";
    }

    /** A date from 1950-01-01 to 2004-12-31 derived from the id. */
    static String derivedDate(int salt) {
        return "(date '1950-01-01' + (((" + id() + " * " + multiplier(salt, 0) + " + " + addend(salt, 0) + ") % " + P + ") % 20089)::int)";
    }

    /** A stable per-rule number (String.hashCode is specified, so it never changes). */
    static int salt(AnonymizationRule r) {
        return Math.floorMod((r.table() + "." + r.column()).hashCode(), 1_000_003);
    }

    private static long multiplier(int salt, int k) {
        // odd, not a multiple of 5, in [10^9, 2^31): with ids below 2^31 the products stay below 2^62
        long m = 1_000_000_007L + ((salt * 7919L + k * 104_729L) % 1_000_000_000L);
        m |= 1;
        return m % 5 == 0 ? m + 2 : m;
    }

    private static long addend(int salt, int k) {
        return (salt * 31L + k * 1_000_033L) % P;
    }
}
