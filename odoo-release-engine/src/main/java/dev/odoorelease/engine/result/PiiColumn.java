package dev.odoorelease.engine.result;

import java.io.Serializable;

/**
 * A column the PII gate reports: it looks personal (by its name, by the shape of sampled values, or
 * as a credential that still holds values) and no rule covers it. Contains no value of the column.
 *
 * @param table  table
 * @param column column
 * @param type   its SQL type ("character varying")
 * @param reason why it looks personal ("its name has the word 'iban'", "12 of 40 sampled values look like e-mail
 *               addresses"), without any value
 * @param rule   the rule that would cover it, as written in a rule file after {@code table.column:} ("iban",
 *               {@code {strategy: pseudonym, template: "Street {id}"}}, "null")
 */
public record PiiColumn(String table, String column, String type, String reason, String rule) implements Serializable {
    private static final long serialVersionUID = 2L;

    /** "res_partner.x_customer_iban". */
    public String key() {
        return table + "." + column;
    }

    @Override
    public String toString() {
        return key();
    }
}
