package dev.odoorelease.engine.internal.staging.anonymize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * A table's statement failed: which rules it is down to, as precisely as the server lets us tell, and
 * the error that names them with what to do.
 */
final class TableFailure {
    private TableFailure() {
    }

    /** The error for a table whose statement failed, naming the rules it is down to; {@code state}: how the table was left. */
    static OdooReleaseException error(String table, List<AnonymizationRule> suspects, SQLException e, String state) {
        String sqlState = e.getSQLState() == null ? "" : e.getSQLState();
        String who = suspects.size() == 1 ? "rule " + suspects.get(0).describe()
                : "one of the rules " + String.join(", ", suspects.stream().map(AnonymizationRule::describe).toList());
        ErrorCode code;
        String advice;
        if (sqlState.equals("53100")) {
            code = ErrorCode.IO;
            advice = "Free space on the database server, then run the anonymization again.";
        } else if (sqlState.equals("55P03")) {
            code = ErrorCode.LOCKED;
            advice = "Another session uses the table: stop the staging Odoo (and anything else connected to the copy), then run again.";
        } else if (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("42")) {
            code = ErrorCode.CONFIGURATION;
            advice = "Fix or remove the rule, then run the anonymization again (tables done before it are anonymized; rerunning gives them the same values).";
        } else {
            code = ErrorCode.SQL;
            advice = "Run the anonymization again once the cause is fixed (rerunning gives the same values).";
        }
        return new OdooReleaseException(code, "Unable to anonymize table " + table + " (" + who + ")" + state + ": "
                + Anonymizer.primary(e) + " (SQLSTATE " + sqlState + "). " + advice, e);
    }

    /**
     * Which rules a failed table statement is down to: the column the server names, the columns of the constraint
     * it names, the column part its error position falls in, or (a small table updated) each rule tried alone and
     * undone; else all of the table's rules. Leaves the connection's transaction rolled back.
     *
     * @param spans   where each column's part of the failed statement starts and ends
     * @param rewrite whether the failed statement rewrote the table (then no rule is tried alone: too slow)
     */
    static List<AnonymizationRule> diagnose(CopySession session, ColumnRuleSql sql, RulePlan.TablePlan tp, SQLException e,
                                            List<int[]> spans, boolean rewrite) {
        Connection connection = session.connection();
        List<RulePlan.ColumnPlan> cps = tp.columns();
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        try {
            if (m != null && m.getColumn() != null) {
                for (RulePlan.ColumnPlan cp : cps) {
                    if (cp.column().name().equals(m.getColumn())) {
                        return List.of(cp.rule());
                    }
                }
            }
            if (m != null && m.getConstraint() != null) {
                List<AnonymizationRule> found = new ArrayList<>();
                try (PreparedStatement ps = connection.prepareStatement(AnonymizerSql.CONSTRAINT_COLUMNS)) {
                    ps.setString(1, m.getConstraint());
                    ps.setString(2, quoteIdentifier(tp.table().name()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            for (RulePlan.ColumnPlan cp : cps) {
                                if (cp.column().name().equals(rs.getString(1))) {
                                    found.add(cp.rule());
                                }
                            }
                        }
                    }
                }
                connection.rollback();
                if (!found.isEmpty()) {
                    return found;
                }
            }
            if (m != null && m.getPosition() > 0) {
                int pos = m.getPosition() - 1;
                for (int i = 0; i < spans.size() && i < cps.size(); i++) {
                    if (pos >= spans.get(i)[0] && pos < spans.get(i)[1]) {
                        return List.of(cps.get(i).rule());
                    }
                }
            }
            if (!rewrite && cps.size() > 1) {
                // small table: try each rule alone, then undo everything
                List<AnonymizationRule> found = new ArrayList<>();
                try (Statement s = connection.createStatement()) {
                    session.setLocal(s);
                    for (RulePlan.ColumnPlan cp : cps) {
                        s.execute("SAVEPOINT odoo_release_probe");
                        try {
                            s.executeLargeUpdate("UPDATE " + quoteIdentifier(tp.table().name()) + " SET " + quoteIdentifier(cp.column().name())
                                    + " = " + sql.value(tp, cp) + " WHERE " + SqlExpressions.applies(cp.rule(), cp.column()));
                        } catch (SQLException probe) {
                            found.add(cp.rule());
                        }
                        s.execute("ROLLBACK TO SAVEPOINT odoo_release_probe");
                    }
                } finally {
                    connection.rollback();
                }
                if (!found.isEmpty()) {
                    return found;
                }
            }
        } catch (SQLException diagnosisFailed) {
            session.rollbackQuietly();
        }
        return ColumnRuleSql.rules(cps);
    }
}
