package dev.odoorelease.engine.internal.staging.anonymize;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The tables and columns of the {@code public} schema (ordinary and partitioned tables), read once. */
final class Catalog {
    private static final Set<String> INTEGER_TYPES = Set.of("int2", "int4", "int8");

    /** A column: its SQL type as {@code format_type} writes it, and what the strategies need to know. */
    record Column(String name, String type, String typeName, String category, boolean notNull, String collation, int attnum) {
        boolean text() {
            return "S".equals(category);
        }

        boolean date() {
            return Set.of("date", "timestamp", "timestamptz").contains(typeName);
        }

        boolean json() {
            return "jsonb".equals(typeName) || "json".equals(typeName);
        }

        boolean integer() {
            return INTEGER_TYPES.contains(typeName);
        }
    }

    /** A table, its columns in order and its planner row estimate (-1 when never analyzed). */
    record Table(String name, Map<String, Column> columns, long estimatedRows) {
        boolean hasIntegerId() {
            Column id = columns.get("id");
            return id != null && id.integer();
        }
    }

    private final Map<String, Table> tables;

    private Catalog(Map<String, Table> tables) {
        this.tables = tables;
    }

    static Catalog read(Connection c) throws SQLException {
        Map<String, Map<String, Column>> cols = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT cl.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typname, t.typcategory, a.attnotnull,
                       CASE WHEN a.attcollation <> 0 THEN quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END,
                       a.attnum, cl.reltuples::bigint
                  FROM pg_class cl
                  JOIN pg_namespace n ON n.oid = cl.relnamespace AND n.nspname = 'public'
                  JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped
                  JOIN pg_type t ON t.oid = a.atttypid
                  LEFT JOIN pg_collation co ON co.oid = a.attcollation
                  LEFT JOIN pg_namespace cn ON cn.oid = co.collnamespace
                 WHERE cl.relkind IN ('r', 'p') AND NOT cl.relispartition
                 ORDER BY cl.relname, a.attnum""")) {
            while (rs.next()) {
                String table = rs.getString(1);
                cols.computeIfAbsent(table, k -> new LinkedHashMap<>()).put(rs.getString(2), new Column(rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getInt(8)));
                rows.put(table, rs.getLong(9));
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        cols.forEach((t, c2) -> tables.put(t, new Table(t, Collections.unmodifiableMap(c2), rows.get(t))));
        return new Catalog(Collections.unmodifiableMap(tables));
    }

    Table table(String name) {
        return tables.get(name);
    }

    Map<String, Table> tables() {
        return tables;
    }
}
