package dev.odoorelease.engine.internal.staging.neutralize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.result.NeutralizationReport.Action;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the rows a neutralization really changed, per table: each row once however many statements
 * matched it, and not the rows a statement matched but left as they were.
 */
final class RowChanges {
    private final CopyDatabase copy;
    /** Table → temporary table of its rows' ids and content hashes before this neutralization first changed it. */
    private final Map<String, String> rowsBefore = new LinkedHashMap<>();

    RowChanges(CopyDatabase copy) {
        this.copy = copy;
    }

    /**
     * Remembers a table's rows (id and a hash of the whole row, in a temporary table dropped at the end of the
     * transaction) before the first statement that may change it, so {@link #rowsChanged} can count the rows
     * whose content really changed. Only tables with an {@code id} column (every Odoo model's).
     */
    void remember(String table) throws SQLException {
        Catalog catalog = copy.catalog();
        if (rowsBefore.containsKey(table) || !catalog.hasTable(table) || !catalog.hasColumn(table, "id")) {
            return;
        }
        String temp = "ors_neutral_before_" + rowsBefore.size();
        try (Statement s = copy.connection.createStatement()) {
            s.execute("CREATE TEMP TABLE " + temp + " ON COMMIT DROP AS SELECT t.id, md5(t::text) AS h FROM "
                    + quoteIdentifier(table) + " t");
        }
        rowsBefore.put(table, temp);
    }

    /**
     * The rows of a table this neutralization changed, each counted once however many statements matched it and
     * not counting rows a statement matched but left as they were: rows whose content differs from before,
     * rows added and rows removed. (Summing the statements' matched rows counted a row twice when two rules
     * changed it, and counted rows an UPDATE set to the values they already had.) Tables without an {@code id}
     * column: the row versions this transaction wrote plus the rows deleted.
     */
    long rowsChanged(String table, List<Action> actions) throws SQLException {
        String before = rowsBefore.get(table);
        if (before != null) {
            String t = quoteIdentifier(table);
            return copy.count("SELECT (SELECT count(*) FROM " + t + " x LEFT JOIN " + before + " b ON b.id = x.id"
                    + " WHERE b.id IS NULL OR b.h <> md5(x::text))"
                    + " + (SELECT count(*) FROM " + before + " b WHERE NOT EXISTS (SELECT 1 FROM " + t + " x WHERE x.id = b.id))");
        }
        long removed = actions.stream().filter(a -> a.operation().equals("DELETE") || a.operation().equals("TRUNCATE"))
                .mapToLong(Action::rows).sum();
        if (!copy.catalog().hasTable(table)) {
            return removed;
        }
        return copy.count("SELECT count(*) FROM " + quoteIdentifier(table) + " WHERE xmin::text::bigint = txid_current() % 4294967296")
                + removed;
    }
}
