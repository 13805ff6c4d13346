package dev.odoorelease.engine.internal.staging.anonymize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plans, on the SOURCE in the copied snapshot, the column rules a live copy applies while its rows stream:
 * the rules are resolved and checked as on the copy (a rule that cannot work stops the clone before any
 * row is copied), then the rows each rule changes are counted there. Read only; never ends the
 * connection's transaction (unless a check fails: then the clone stops).
 */
final class StreamPlanner {
    private final CopySession session;

    StreamPlanner(CopySession session) {
        this.session = session;
    }

    StreamedAnonymization plan(AnonymizationRules rules, String stagingPassword, Map<String, String> environment) throws SQLException {
        Connection connection = session.connection();
        long t0 = System.nanoTime();
        RulePlan plan = RulePlan.resolve(Catalog.read(connection), TransientTables.emptied(connection, rules));
        PlanChecks checks = new PlanChecks(connection, plan);
        checks.checkFixedValues(false);
        ColumnRuleSql sql = new ColumnRuleSql(checks.passwordHash(stagingPassword, environment, null, session.progress()));
        Map<String, StreamedAnonymization.Table> tables = new LinkedHashMap<>();
        Map<String, Long> emptied = new LinkedHashMap<>();
        for (RulePlan.TablePlan tp : plan.tables().values()) {
            if (tp.delete() != null && tp.delete().where() == null) {
                // emptied: not one row is streamed; the source's count is what the delete rule removes
                try (Statement s = connection.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quoteIdentifier(tp.table().name()))) {
                    rs.next();
                    emptied.put(tp.table().name(), rs.getLong(1));
                }
                continue;
            }
            if (tp.delete() != null || tp.columns().isEmpty()) {
                continue;
            }
            long t = System.nanoTime();
            long[] counts = new long[tp.columns().size()];
            long total;
            try (Statement s = connection.createStatement()) {
                CopySession.noJit(s);
                total = ColumnRuleSql.count(s, tp, counts);
            }
            String table = tp.table().name();
            long ms = (System.nanoTime() - t) / 1_000_000;
            tables.put(table, new StreamedAnonymization.Table(table, sql.expressions(tp), total, counts,
                    ColumnRuleSql.rules(tp.columns()), ms));
            session.progress().info("  " + table + ": " + total + " rows, " + tp.columns().size() + " columns anonymized while streaming");
        }
        return new StreamedAnonymization(tables, emptied, sql.passwordHash(), (System.nanoTime() - t0) / 1_000_000);
    }
}
