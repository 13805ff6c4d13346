package dev.odoorelease.engine.internal.staging.anonymize;

import java.io.Serializable;
import java.util.List;

/**
 * One rule: {@code table.column → strategy} (or {@code table → delete/keep}).
 *
 * @param table    table name (validated identifier)
 * @param column   column name, or {@code null} for a table rule
 * @param strategy what to do
 * @param template pseudonym/email/html/jsonb template with {@code {id}}, {@code {table}}, {@code {column}} and
 *                 {@code {<integer column>}} placeholders; {@code null} for the strategy's default
 * @param value    the value of a {@code fixed} rule
 * @param where    SQL condition limiting the rows (rule files are code, like SQL scripts); {@code null} for all rows
 * @param except   values left as they are (e.g. the logins that stay: admin)
 * @param env      for {@code password}: the environment variable holding the staging password
 * @param origin   where the rule comes from ("built-in 17.0", a file name), for reports and errors
 */
public record AnonymizationRule(String table, String column, Strategy strategy, String template, String value, String where,
                                List<String> except, String env, String origin) implements Serializable {
    private static final long serialVersionUID = 1L;

    public AnonymizationRule {
        except = except == null ? List.of() : List.copyOf(except);
    }

    /** "table.column", or "table" for a table rule. */
    public String key() {
        return column == null ? table : table + "." + column;
    }

    public boolean tableRule() {
        return column == null;
    }

    /** "res_partner.email (email, built-in 17.0)": names the rule without any value. */
    public String describe() {
        return key() + " (" + strategy.id() + ", " + origin + ")";
    }
}
