package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Neutralizer} run changed, for the stage clone's "differences" report (Jackson
 * writes it as JSON; {@link #toMarkdown()} renders it for people). It never holds a secret value:
 * credentials appear as the columns that were cleared, secret configuration parameters as
 * {@code (removed)}, {@code (regenerated)}..., and every text is redacted.
 *
 * @param series              the Odoo series of the database ("17.0")
 * @param modulesNeutralized  installed modules whose own neutralization (Odoo's {@code data/neutralize.sql}
 *                            of that series) was applied, in order
 * @param tables              per table, what was done to it, in order of first change
 * @param configParameters    {@code ir_config_parameter} keys added, changed or removed (old → new for
 *                            non-secret values; secrets only say what happened)
 * @param cronsDisabled       scheduled actions that were active and are not any more
 * @param mailServersDisabled outgoing mail servers that were active and are not any more
 * @param fetchmailServersDisabled incoming mail servers that were active and are not any more
 * @param mailCatcher         the one active outgoing server when a mail catcher was asked for, else null
 * @param rowsDeleted         rows deleted (or truncated) per table
 * @param customSql           the project's SQL files applied, in order
 * @param warnings            what was skipped and why (a column a module's rule needs is absent...),
 *                            and what the operator should look at
 * @param elapsedMs           wall time of the run, in milliseconds
 */
public record NeutralizationReport(String series, List<String> modulesNeutralized, List<TableChange> tables,
                                   List<ParameterChange> configParameters, List<String> cronsDisabled,
                                   List<MailServer> mailServersDisabled, List<MailServer> fetchmailServersDisabled,
                                   MailServer mailCatcher, Map<String, Long> rowsDeleted, List<String> customSql,
                                   List<String> warnings, long elapsedMs) implements Serializable {
    private static final long serialVersionUID = 1L;

    public NeutralizationReport {
        modulesNeutralized = List.copyOf(modulesNeutralized);
        tables = List.copyOf(tables);
        configParameters = List.copyOf(configParameters);
        cronsDisabled = List.copyOf(cronsDisabled);
        mailServersDisabled = List.copyOf(mailServersDisabled);
        fetchmailServersDisabled = List.copyOf(fetchmailServersDisabled);
        rowsDeleted = Collections.unmodifiableMap(new LinkedHashMap<>(rowsDeleted));
        customSql = List.copyOf(customSql);
        warnings = List.copyOf(warnings);
    }

    /**
     * Everything done to one table.
     *
     * @param table       the table
     * @param rowsTouched rows of the table the neutralization changed, each counted once (rows it wrote plus rows it
     *                    deleted), not the sum of the rows each statement matched
     * @param actions     the statements, in order
     */
    public record TableChange(String table, long rowsTouched, List<Action> actions) implements Serializable {
        private static final long serialVersionUID = 1L;

        public TableChange {
            actions = List.copyOf(actions);
        }
    }

    /**
     * One statement's effect on a table.
     *
     * @param source      where it comes from: a rule ({@code odoo/17/mail.sql}, {@code gaps/logins.sql}),
     *                    {@code odoo-release} for the target URL, identity and mail catcher, or a project SQL file name
     * @param description what it is for (the rule's comment), may be empty
     * @param operation   UPDATE, INSERT, DELETE, TRUNCATE, UPSERT (configuration parameters set by odoo-release) or OTHER
     * @param columns     the columns it sets or inserts (empty for DELETE, TRUNCATE, OTHER)
     * @param rows        rows it matched (TRUNCATE: rows the table had)
     */
    public record Action(String source, String description, String operation, List<String> columns, long rows)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        public Action {
            columns = List.copyOf(columns);
        }
    }

    /**
     * A configuration parameter that changed.
     *
     * @param key      the parameter
     * @param change   {@code added}, {@code changed} or {@code removed}
     * @param secret   true when its value is a secret: then the values are not shown
     * @param oldValue the value before (null when absent; {@code (secret)} for a secret)
     * @param newValue the value after (null when removed); for a secret {@code (removed)}, {@code (regenerated)},
     *                 {@code (blanked)}, {@code (changed)} or {@code (set)}
     */
    public record ParameterChange(String key, String change, boolean secret, String oldValue, String newValue)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A mail server (outgoing: {@code ir_mail_server}; incoming: {@code fetchmail_server}). */
    public record MailServer(String name, String host, Integer port) implements Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            return name + " (" + host + (port == null ? "" : ":" + port) + ")";
        }
    }

    /** The report for people: what was neutralized, in Markdown. */
    public String toMarkdown() {
        StringBuilder b = new StringBuilder();
        b.append("## Neutralization (Odoo ").append(series).append(")\n\n");
        b.append("- Modules neutralized like Odoo's own `neutralize`: ")
                .append(modulesNeutralized.isEmpty() ? "none" : String.join(", ", modulesNeutralized)).append('\n');
        b.append("- Scheduled actions disabled: ").append(cronsDisabled.size());
        if (!cronsDisabled.isEmpty()) {
            b.append(" (").append(String.join(", ", cronsDisabled)).append(')');
        }
        b.append('\n');
        b.append("- Outgoing mail servers disabled: ").append(names(mailServersDisabled)).append('\n');
        b.append("- Incoming mail servers disabled: ").append(names(fetchmailServersDisabled)).append('\n');
        b.append("- Only active outgoing mail server: ")
                .append(mailCatcher == null ? "the dummy server `invalid:1025` (nothing is sent)" : "the mail catcher " + mailCatcher)
                .append('\n');
        if (!customSql.isEmpty()) {
            b.append("- Project SQL applied: ").append(String.join(", ", customSql)).append('\n');
        }
        b.append("- Took ").append(elapsedMs).append(" ms\n");
        if (!warnings.isEmpty()) {
            b.append("\n### Warnings\n\n");
            for (String w : warnings) {
                b.append("- ").append(w).append('\n');
            }
        }
        if (!configParameters.isEmpty()) {
            b.append("\n### Configuration parameters\n\n| key | change | before | after |\n|---|---|---|---|\n");
            for (ParameterChange p : configParameters) {
                b.append("| `").append(p.key()).append("` | ").append(p.change()).append(" | ").append(cell(p.oldValue()))
                        .append(" | ").append(cell(p.newValue())).append(" |\n");
            }
        }
        if (!tables.isEmpty()) {
            b.append("\n### Tables\n\n| table | rows | what |\n|---|---|---|\n");
            for (TableChange t : tables) {
                StringBuilder what = new StringBuilder();
                for (Action a : t.actions()) {
                    if (what.length() > 0) {
                        what.append("; ");
                    }
                    what.append(a.operation());
                    if (!a.columns().isEmpty()) {
                        what.append(' ').append(String.join(", ", a.columns()));
                    }
                    what.append(" (").append(a.rows()).append(", ").append(a.source()).append(')');
                }
                b.append("| `").append(t.table()).append("` | ").append(t.rowsTouched()).append(" | ")
                        .append(what.toString().replace("|", "\\|")).append(" |\n");
            }
        }
        if (!rowsDeleted.isEmpty()) {
            b.append("\n### Rows deleted\n\n");
            rowsDeleted.forEach((t, n) -> b.append("- `").append(t).append("`: ").append(n).append('\n'));
        }
        return b.toString();
    }

    private static String names(List<MailServer> servers) {
        if (servers.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (MailServer s : servers) {
            b.append(b.length() == 0 ? "" : ", ").append(s);
        }
        return b.toString();
    }

    private static String cell(String v) {
        if (v == null) {
            return "—";
        }
        String s = v.length() > 120 ? v.substring(0, 117) + "..." : v;
        return "`" + s.replace("|", "\\|").replace("`", "'").replace("\n", " ") + "`";
    }
}
