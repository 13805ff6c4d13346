package dev.odoorelease.engine.internal.staging.anonymize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.internal.db.ReferencingIndexes;
import dev.odoorelease.engine.internal.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * Applies a table's delete rule, in one transaction of its own: its rows (those its {@code where} selects,
 * or all) are deleted, and an emptied table loses the statistics that held its original values.
 */
final class RowDeleter {
    private final CopySession session;
    private final AnonymizationResults results;
    private final StreamedAnonymization streamed;

    RowDeleter(CopySession session, AnonymizationResults results, StreamedAnonymization streamed) {
        this.session = session;
        this.results = results;
        this.streamed = streamed;
    }

    void delete(RulePlan.TablePlan tp) throws SQLException {
        Connection connection = session.connection();
        AnonymizationRule r = tp.delete();
        String table = tp.table().name();
        long t = System.nanoTime();
        String sql = "DELETE FROM " + quoteIdentifier(table) + (r.where() == null ? "" : " WHERE (" + r.where() + ")");
        long n;
        try {
            n = Transactions.commitOrRollback(connection, () -> {
                try (Statement s = connection.createStatement()) {
                    session.setLocal(s);
                    ReferencingIndexes indexes = ReferencingIndexes.create(connection, table);
                    long deleted = s.executeLargeUpdate(sql);
                    indexes.drop(connection);
                    resetStatisticsIfEmpty(tp.table());
                    return deleted;
                }
            });
        } catch (SQLException e) {
            throw TableFailure.error(table, List.of(r), e, "");
        }
        Long streamedOut = streamed == null ? null : streamed.emptiedRows(table);
        // a table emptied while streaming never received its rows: the source's count is what this rule removed
        results.deletions.add(new AnonymizationReport.Deletion(table, streamedOut != null ? streamedOut + n : n, r.where() != null,
                r.origin()));
        if (n > 0) {
            results.changedInPlace(table);
        }
        results.addMillis(table, (System.nanoTime() - t) / 1_000_000);
        session.progress().info("  " + table + ": " + n + " rows deleted");
    }

    /**
     * ANALYZE keeps the old statistics (original values) of a table it finds empty; changing a
     * column's type (here to the same type, no rewrite of an empty table) drops them.
     */
    private void resetStatisticsIfEmpty(Catalog.Table t) throws SQLException {
        Connection connection = session.connection();
        String qt = quoteIdentifier(t.name());
        List<String> cols = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM " + qt + ")")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return;
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT attname FROM pg_stats WHERE schemaname = 'public' AND tablename = ? ORDER BY attname")) {
            ps.setString(1, t.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Catalog.Column c = t.columns().get(rs.getString(1));
                    if (c != null) {
                        String qc = quoteIdentifier(c.name());
                        cols.add("ALTER COLUMN " + qc + " TYPE " + c.type() + (c.collation() == null ? "" : " COLLATE " + c.collation())
                                + " USING " + qc);
                    }
                }
            }
        }
        if (!cols.isEmpty()) {
            try (Statement s = connection.createStatement()) {
                s.execute("ALTER TABLE " + qt + " " + String.join(", ", cols));
            }
        }
    }
}
