package dev.odoorelease.engine.internal.staging.anonymize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.internal.db.Transactions;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * Applies a table's column rules in one transaction of its own: a table of at least the rewrite threshold's
 * rows is rewritten ({@code ALTER TABLE ... TYPE ... USING}), a smaller one (or one a view depends on) is
 * updated. A failure rolls the table back whole and names the rules it is down to.
 */
final class ColumnRuleApplier {
    private final CopySession session;
    private final ColumnRuleSql sql;
    private final AnonymizationResults results;

    ColumnRuleApplier(CopySession session, ColumnRuleSql sql, AnonymizationResults results) {
        this.session = session;
        this.sql = sql;
        this.results = results;
    }

    void anonymize(RulePlan.TablePlan tp) throws SQLException {
        Connection connection = session.connection();
        ProgressListener progress = session.progress();
        String table = tp.table().name();
        String qt = quoteIdentifier(table);
        List<RulePlan.ColumnPlan> cps = tp.columns();
        long t = System.nanoTime();
        long total;
        long[] counts = new long[cps.size()];
        String method;
        String note;
        try (Statement s = connection.createStatement()) {
            session.setLocal(s);
            s.execute("LOCK TABLE " + qt + " IN ACCESS EXCLUSIVE MODE");
            total = ColumnRuleSql.count(s, tp, counts);
        } catch (SQLException e) {
            Transactions.rollback(connection, e);
            throw TableFailure.error(table, ColumnRuleSql.rules(cps), e, "");
        }
        boolean rewrite = total >= session.rewriteThreshold() && total > 0;
        progress.info("  " + table + ": " + total + " rows, " + cps.size() + " columns by " + (rewrite ? "table rewrite" : "update"));
        List<int[]> spans = new ArrayList<>();
        String[] noteHolder = new String[1];
        try {
            method = Transactions.commitOrRollback(connection, () -> {
                try (Statement s = connection.createStatement()) {
                    if (!rewrite) {
                        s.executeLargeUpdate(sql.update(tp, spans));
                        return "update";
                    }
                    s.execute("SAVEPOINT odoo_release_rewrite");
                    try {
                        s.execute(sql.rewrite(tp, spans));
                        return "rewrite";
                    } catch (SQLException e) {
                        String state = e.getSQLState() == null ? "" : e.getSQLState();
                        if (!state.equals("0A000") && !state.equals("42501")) {
                            throw e;
                        }
                        // a view depends on the table, or the rewrite needs ownership: update it instead
                        s.execute("ROLLBACK TO SAVEPOINT odoo_release_rewrite");
                        noteHolder[0] = "not rewritten (" + Anonymizer.primary(e) + "): updated instead";
                        progress.info("    " + noteHolder[0]);
                        spans.clear();
                        s.executeLargeUpdate(sql.update(tp, spans));
                        return "update";
                    }
                }
            });
            note = noteHolder[0];
        } catch (SQLException e) {
            throw TableFailure.error(table, TableFailure.diagnose(session, sql, tp, e, spans, rewrite), e,
                    " (its transaction was rolled back: the table is as it was)");
        }
        for (int i = 0; i < cps.size(); i++) {
            AnonymizationRule r = cps.get(i).rule();
            results.columns.add(new AnonymizationReport.ColumnResult(table, r.column(), r.strategy().id(), method, counts[i], r.origin()));
        }
        results.touched.add(table);
        if (method.equals("update")) {
            results.dirty.add(table);
        } else if (!results.dirty.contains(table)) {
            results.analyzeColumns.put(table, cps.stream().map(cp -> cp.column().name()).toList());
        }
        long ms = (System.nanoTime() - t) / 1_000_000;
        results.addMillis(table, ms);
        results.tables.add(new AnonymizationReport.TableResult(table, method, total, ms, false, note));
        progress.info("    done in " + Sizes.human(Duration.ofMillis(ms)));
    }
}
