package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.internal.db.SqlResource;
import dev.odoorelease.engine.result.RehearsalResult.SchemaChange;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The tables of a database's public schema with their columns and types, read from {@code information_schema}, and
 * the differences between two such shapes: what a module update added, dropped or retyped.
 *
 * @param tables table → (column → type); a table without columns maps to an empty map
 */
record SchemaShape(Map<String, Map<String, String>> tables) {
    private static final String SQL = SqlResource.load(SchemaShape.class, "schema-shape.sql");

    static SchemaShape read(Connection c) throws SQLException {
        Map<String, Map<String, String>> tables = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SQL)) {
            while (rs.next()) {
                Map<String, String> columns = tables.computeIfAbsent(rs.getString(1), t -> new TreeMap<>());
                if (rs.getString(2) != null) {
                    columns.put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return new SchemaShape(tables);
    }

    /** What changed from this shape to {@code after}: tables added and dropped, then the columns of the tables in both. */
    List<SchemaChange> changesTo(SchemaShape after) {
        List<SchemaChange> out = new ArrayList<>();
        for (String t : after.tables.keySet()) {
            if (!tables.containsKey(t)) {
                out.add(new SchemaChange(SchemaChange.Kind.TABLE_ADDED, t, null, null, null));
            }
        }
        for (String t : tables.keySet()) {
            if (!after.tables.containsKey(t)) {
                out.add(new SchemaChange(SchemaChange.Kind.TABLE_DROPPED, t, null, null, null));
            }
        }
        for (Map.Entry<String, Map<String, String>> e : tables.entrySet()) {
            Map<String, String> now = after.tables.get(e.getKey());
            if (now == null) {
                continue;
            }
            Map<String, String> was = e.getValue();
            now.forEach((col, type) -> {
                if (!was.containsKey(col)) {
                    out.add(new SchemaChange(SchemaChange.Kind.COLUMN_ADDED, e.getKey(), col, null, type));
                } else if (!Objects.equals(was.get(col), type)) {
                    out.add(new SchemaChange(SchemaChange.Kind.COLUMN_RETYPED, e.getKey(), col, was.get(col), type));
                }
            });
            was.forEach((col, type) -> {
                if (!now.containsKey(col)) {
                    out.add(new SchemaChange(SchemaChange.Kind.COLUMN_DROPPED, e.getKey(), col, type, null));
                }
            });
        }
        return out;
    }
}
