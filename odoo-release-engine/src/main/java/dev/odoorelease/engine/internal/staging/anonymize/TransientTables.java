package dev.odoorelease.engine.internal.staging.anonymize;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tables of Odoo's transient models (wizards: {@code models.TransientModel}), which a staging copy
 * empties instead of anonymizing: they only hold what someone typed into a dialog (an e-mail being
 * composed, a number to unblock, an account's token), and Odoo's own autovacuum deletes their rows
 * within hours. Which models are transient is read from the copy's registry ({@code ir_model.transient},
 * written by Odoo for every model), so a custom module's wizard is emptied too; its table is the
 * model's name with dots as underscores (transient models cannot choose another table).
 */
final class TransientTables {
    private TransientTables() {
    }

    /**
     * {@code rules} plus a table {@code delete} for every transient model's table present here that
     * the rules do not already handle with a table rule (a project can {@code keep} one).
     */
    static AnonymizationRules emptied(Connection c, AnonymizationRules rules) throws SQLException {
        Map<String, String> tables = read(c);
        LinkedHashMap<String, AnonymizationRule> add = new LinkedHashMap<>();
        tables.forEach((table, model) -> {
            if (rules.tableRule(table).isEmpty()) {
                add.put(table, new AnonymizationRule(table, null, Strategy.DELETE, null, null, null, null, null,
                        "transient model " + model));
            }
        });
        return add.isEmpty() ? rules : rules.merge(AnonymizationRules.of(add));
    }

    /** Table → model of every transient model whose table exists in the public schema. */
    static Map<String, String> read(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('public.ir_model') "
                    + "AND attname = 'transient' AND NOT attisdropped")) {
                if (!rs.next()) {
                    return out;
                }
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT m.model, replace(m.model, '.', '_') FROM ir_model m
                     WHERE m.transient AND to_regclass('public.' || quote_ident(replace(m.model, '.', '_'))) IS NOT NULL
                     ORDER BY 2""")) {
                while (rs.next()) {
                    out.put(rs.getString(2), rs.getString(1));
                }
            }
        }
        return out;
    }
}
