package dev.odoorelease.engine.staging.anonymize;

import java.io.Serializable;

/**
 * A column the PII gate reports: its name looks personal and no rule covers it. Contains no value
 * of the column.
 *
 * @param table  table
 * @param column column
 * @param type   its SQL type ("character varying")
 * @param reason why it is reported and what to do
 */
public record PiiColumn(String table, String column, String type, String reason) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** "res_partner.x_customer_iban". */
    public String key() {
        return table + "." + column;
    }
}
