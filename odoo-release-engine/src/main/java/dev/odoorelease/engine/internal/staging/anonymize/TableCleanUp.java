package dev.odoorelease.engine.internal.staging.anonymize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.progress.Sizes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * After the rules: no original value may stay in a file. Tables changed in place get {@code VACUUM FULL}
 * (old row versions), every touched table is analyzed (its statistics held original values), then the
 * statistics catalogs are rewritten (their previous rows are dead tuples with original values).
 */
final class TableCleanUp {
    private final CopySession session;
    private final AnonymizationResults results;

    TableCleanUp(CopySession session, AnonymizationResults results) {
        this.session = session;
        this.results = results;
    }

    void run() throws SQLException {
        Connection connection = session.connection();
        connection.setAutoCommit(true); // VACUUM runs outside a transaction
        try (Statement s = connection.createStatement()) {
            for (String table : results.touched) {
                vacuumOrAnalyze(s, table);
            }
            if (!results.touched.isEmpty()) {
                vacuumStatistics(s);
            }
        } finally {
            connection.setAutoCommit(false);
        }
        // tables only touched by delete/attachment rules
        for (String table : results.touched) {
            if (results.tables.stream().noneMatch(tr -> tr.table().equals(table))) {
                results.tables.add(new AnonymizationReport.TableResult(table, "delete", -1, results.tableMillis.getOrDefault(table, 0L),
                        session.vacuumFull() && results.dirty.contains(table), null));
            }
        }
    }

    private void vacuumOrAnalyze(Statement s, String table) {
        long t = System.nanoTime();
        boolean full = session.vacuumFull() && results.dirty.contains(table);
        String qt = quoteIdentifier(table);
        try {
            List<String> cols = results.analyzeColumns.get(table);
            s.execute(full ? "VACUUM (FULL, ANALYZE) " + qt : "ANALYZE " + qt + (cols == null ? ""
                    : " (" + String.join(", ", cols.stream().map(x -> quoteIdentifier(x)).toList()) + ")"));
        } catch (SQLException e) {
            throw new OdooReleaseException(e.getSQLState() != null && e.getSQLState().equals("53100") ? ErrorCode.IO : ErrorCode.SQL,
                    "Unable to " + (full ? "VACUUM FULL" : "ANALYZE") + " table " + table + " after anonymizing it: " + Anonymizer.primary(e)
                    + ". The rows are anonymized, but " + (full ? "old row versions with original values are still in its files"
                    : "its statistics may still hold original values") + "; fix the cause and run the anonymization again.", e);
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        results.addMillis(table, ms);
        for (int i = 0; i < results.tables.size(); i++) {
            AnonymizationReport.TableResult tr = results.tables.get(i);
            if (tr.table().equals(table)) {
                results.tables.set(i, new AnonymizationReport.TableResult(table, tr.method(), tr.rows(), tr.elapsedMs() + ms, full, tr.note()));
            }
        }
        if (full) {
            session.progress().info("  " + table + ": VACUUM FULL in " + Sizes.human(Duration.ofMillis(ms)));
        }
    }

    /**
     * ANALYZE rewrote the statistics; the previous rows (most common values, histogram bounds: original values)
     * are dead tuples in pg_statistic until it is rewritten.
     */
    private void vacuumStatistics(Statement s) throws SQLException {
        for (String catalogTable : List.of("pg_statistic", "pg_statistic_ext_data")) {
            try {
                s.execute("VACUUM FULL pg_catalog." + catalogTable);
            } catch (SQLException e) {
                results.warnings.add("could not VACUUM FULL " + catalogTable + " (" + Anonymizer.primary(e) + "): old statistics rows may "
                        + "keep original values in its file until it is vacuumed by its owner");
            }
        }
        if (s.getWarnings() != null) {
            for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                if (w.getMessage() != null && w.getMessage().contains("skipping")) {
                    results.warnings.add("VACUUM skipped a table (" + w.getMessage() + "): run it as the table's or database's owner");
                }
            }
        }
    }
}
