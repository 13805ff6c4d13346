package dev.odoorelease.engine.internal.staging.anonymize;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an anonymization rule does to its column (or table). Every value strategy keeps NULL (and,
 * for text, the empty string) as it is: "no data" stays "no data", so the copy keeps its shape.
 * Every value is derived from the row's primary key {@code id} (or from integer columns of the
 * row), never from the original value: the same production row gets the same pseudonym on every
 * refresh, and nothing of the original survives.
 */
public enum Strategy {
    /** Text from a template such as {@code "Partner {id}"}; on date/timestamp columns, a date derived from the id. */
    PSEUDONYM("pseudonym", false, true),
    /** An address from a template (default {@code "{table}{id}@example.invalid"}), lower-cased. */
    EMAIL("email", false, true),
    /**
     * Phone numbers no subscriber can have: every value starts with {@code "+0"} (no E.164 country
     * code starts with 0, so no network anywhere routes it), and keeps the original's layout from
     * its third character on: every character except {@code " +-()./"} becomes a digit derived from
     * the id and its position, so "+32 470 12 34 56" becomes "+0N NNN NN NN NN". Same length;
     * values longer than 32 characters are cut to 32.
     */
    PHONE("phone", false, true),
    /**
     * Format-preserving digits: every character except {@code " +-()./"} becomes a digit derived from
     * the id and its position, same layout and length. For zip codes, PINs, card endings — not for
     * phone numbers (a derived number can be a real one: use {@link #PHONE}). Cut to 32 characters.
     */
    DIGITS("digits", false, true),
    /** A valid Belgian IBAN derived from the id (checksums right), spaced like the original or compact. */
    IBAN("iban", false, true),
    /** One fixed value (cast to the column's type; checked before anything changes). */
    FIXED("fixed", false, true),
    /** NULL. */
    NULL("null", false, true),
    /** HTML columns: one neutral text (template, default {@code "<p>Anonymized</p>"}). */
    HTML("html", false, true),
    /** jsonb: the string value of every object member (company-dependent columns) becomes the template. */
    JSONB("jsonb", false, true),
    /** res_users.password: the passlib pbkdf2-sha512 hash of the staging password, or NULL when none is set. */
    PASSWORD("password", false, true),
    /** Table rule: delete the table's rows (all, or those matching {@code where}). */
    DELETE("delete", true, false),
    /** Explicitly not personal: no change, and the PII gate no longer reports the column (or table). */
    KEEP("keep", true, true);

    private final String id;
    private final boolean tableLevel;
    private final boolean columnLevel;

    Strategy(String id, boolean tableLevel, boolean columnLevel) {
        this.id = id;
        this.tableLevel = tableLevel;
        this.columnLevel = columnLevel;
    }

    /** The name used in rule files: "pseudonym", "email", ... */
    public String id() {
        return id;
    }

    public boolean tableLevel() {
        return tableLevel;
    }

    public boolean columnLevel() {
        return columnLevel;
    }

    /** Parses a rule file name. */
    public static Optional<Strategy> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String n = s.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.id.equals(n)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
