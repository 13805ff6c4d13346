package dev.odoorelease.engine.internal.staging.neutralize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.internal.state.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every table of a database, as text values keyed by table and row key ({@code key}
 * for ir_config_parameter, {@code id} where there is one, else the whole row): what tests compare
 * to see exactly what a neutralization changed.
 */
final class DbRows {
    /** table → row key → column → value as JSON text (null for SQL NULL). */
    final Map<String, Map<String, Map<String, String>>> tables;

    private DbRows(Map<String, Map<String, Map<String, String>>> tables) {
        this.tables = tables;
    }

    static DbRows read(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        Map<String, Map<String, Map<String, String>>> all = new TreeMap<>();
        for (String t : names) {
            Map<String, Map<String, String>> rows = new TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT row_to_json(t)::text FROM \"" + t + "\" t")) {
                while (rs.next()) {
                    JsonNode row = Json.MAPPER.readTree(rs.getString(1));
                    Map<String, String> values = new TreeMap<>();
                    for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        values.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().toString());
                    }
                    String key = t.equals("ir_config_parameter") ? row.get("key").asText()
                            : row.has("id") ? row.get("id").asText() : row.toString();
                    rows.put(key, values);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            all.put(t, rows);
        }
        return new DbRows(all);
    }

    Map<String, Map<String, String>> table(String t) {
        return tables.getOrDefault(t, Map.of());
    }
}
