package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Validation and quoting of database and role names. Nothing user-supplied reaches SQL without
 * passing through here: names are checked against Odoo's own database-name rule
 * ({@code ^[a-zA-Z0-9][a-zA-Z0-9_.-]+$}, odoo/service/db.py DBNAME_PATTERN) and PostgreSQL's
 * 63-byte limit, then double-quoted.
 */
public final class DbNames {
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final int MAX_BYTES = 63;

    private DbNames() {
    }

    public static String requireValidDatabase(String name) {
        if (name == null || !DATABASE.matcher(name).matches() || name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use database name '" + printable(name)
                    + "': it must start with a letter or digit, contain only letters, digits, '_', '.' and '-', "
                    + "and be at most 63 bytes (Odoo's rule). Choose another name.");
        }
        return name;
    }

    public static String requireValidRole(String name) {
        if (name == null || !ROLE.matcher(name).matches() || name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use role name '" + printable(name)
                    + "': it must start with a letter or '_', contain only letters, digits, '_', '.' and '-', "
                    + "and be at most 63 bytes. Choose another role.");
        }
        return name;
    }

    /** A validated, double-quoted database identifier. */
    public static String quoteDatabase(String name) {
        return "\"" + requireValidDatabase(name) + "\"";
    }

    /** A validated, double-quoted role identifier. */
    public static String quoteRole(String name) {
        return "\"" + requireValidRole(name) + "\"";
    }

    /** Quotes a table or column name read from the catalog (not user input): doubles embedded quotes. */
    public static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
