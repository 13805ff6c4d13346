package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.List;

/**
 * What an {@link Anonymizer} run did. Names, strategies and counts only: no value of the database
 * (original or pseudonym) and no rule condition appears in it, so it can go into build logs and
 * history as it is. Jackson-writable ({@code Json.write(report)}) and serializable.
 *
 * @param columns     per rule applied to a column: how many rows it changed
 * @param deletions   per delete rule: rows deleted
 * @param attachments per attachment rule: rows dropped or blanked and file names unlinked from the filestore copy
 * @param tables      per table: how it was rewritten (update or rewrite), its rows, time, whether it was vacuumed
 * @param skipped     rules not applied because their table or column does not exist in this database
 * @param warnings    things the operator should know (no staging password, no filestore given, ...)
 * @param elapsedMs   wall time of the whole run
 */
public record AnonymizationReport(List<ColumnResult> columns, List<Deletion> deletions, List<AttachmentResult> attachments,
                                  List<TableResult> tables, List<SkippedRule> skipped, List<String> warnings, long elapsedMs)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public AnonymizationReport {
        columns = List.copyOf(columns);
        deletions = List.copyOf(deletions);
        attachments = List.copyOf(attachments);
        tables = List.copyOf(tables);
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    /**
     * @param table    table
     * @param column   column
     * @param strategy strategy id
     * @param method   "update", "rewrite" or "stream" (applied while a live copy streamed the rows; rows counted on the source)
     * @param rows     rows whose value the rule replaced
     * @param origin   where the rule comes from
     */
    public record ColumnResult(String table, String column, String strategy, String method, long rows, String origin)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Rows deleted from a table by a delete rule ({@code conditional}: the rule had a where). */
    public record Deletion(String table, long rows, boolean conditional, String origin) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param model         res_model
     * @param action        "drop" or "blank"
     * @param rows          ir_attachment rows deleted or blanked
     * @param filesUnlinked file names removed from the copy's filestore (no row of the copy used them any more)
     * @param origin        where the rule comes from
     */
    public record AttachmentResult(String model, String action, long rows, long filesUnlinked, String origin) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * @param table     table
     * @param method    "update" (UPDATE in place, then VACUUM FULL), "rewrite" (one ALTER TABLE rewrite
     *                  of the table), "stream" (the live copy received pseudonyms only: no change on the copy)
     *                  or "delete" (only rows deleted)
     * @param rows      rows in the table when it was anonymized
     * @param elapsedMs time of its transaction (plus vacuum and analyze); for "stream", of counting its rows on the source
     * @param vacuumed  whether VACUUM FULL rewrote it afterwards (drops the old row versions)
     * @param note      why the method differs from the size rule (e.g. "a view uses a column"), or null
     */
    public record TableResult(String table, String method, long rows, long elapsedMs, boolean vacuumed, String note)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A rule not applied: {@code key} is "table.column" or "table"; {@code reason} names what is missing. */
    public record SkippedRule(String key, String strategy, String origin, String reason) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Rows the rule of {@code table.column} changed, or -1 when no such rule ran. */
    public long rows(String table, String column) {
        return columns.stream().filter(c -> c.table().equals(table) && c.column().equals(column)).mapToLong(ColumnResult::rows)
                .findFirst().orElse(-1);
    }

    /** The table's result, or null. */
    public TableResult table(String table) {
        return tables.stream().filter(t -> t.table().equals(table)).findFirst().orElse(null);
    }
}
