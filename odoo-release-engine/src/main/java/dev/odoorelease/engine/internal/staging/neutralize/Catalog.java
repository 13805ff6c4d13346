package dev.odoorelease.engine.internal.staging.neutralize;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The tables and stored columns of the database's current schema (where Odoo keeps its tables):
 * what a rule may touch. A field Odoo does not store (a computed field, or one made non-stored by
 * a module such as OCA's mail_environment) has no column here.
 */
final class Catalog {
    /** table → (column → type as format_type prints it). */
    private final Map<String, Map<String, String>> tables;

    private Catalog(Map<String, Map<String, String>> tables) {
        this.tables = tables;
    }

    static Catalog read(Connection c) throws SQLException {
        Map<String, Map<String, String>> t = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT cl.relname, a.attname, format_type(a.atttypid, a.atttypmod)
                       FROM pg_class cl
                       JOIN pg_namespace ns ON ns.oid = cl.relnamespace
                       JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped
                      WHERE ns.nspname = current_schema() AND cl.relkind IN ('r', 'p')""")) {
            while (rs.next()) {
                t.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return new Catalog(t);
    }

    boolean hasTable(String table) {
        return tables.containsKey(table);
    }

    boolean hasColumn(String table, String column) {
        Map<String, String> cols = tables.get(table);
        return cols != null && cols.containsKey(column);
    }

    /** The column's type ("character varying", "text", "bytea", "boolean"...), or null. */
    String type(String table, String column) {
        Map<String, String> cols = tables.get(table);
        return cols == null ? null : cols.get(column);
    }

    /** True for text-like columns (varchar, text, char): the ones that can hold a readable secret. */
    boolean isText(String table, String column) {
        String type = type(table, column);
        return type != null && (type.startsWith("character") || type.equals("text") || type.equals("jsonb")
                || type.equals("json"));
    }
}
