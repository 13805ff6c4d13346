package dev.odoorelease.engine.internal.staging.anonymize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL of a table's column rules: each column's new value (one expression text serves
 * {@code UPDATE}, {@code ALTER ... USING} and {@code COPY (SELECT ...)}), the statement that updates or
 * rewrites the table, and the scan that counts the rows each rule changes. Each statement remembers
 * where each column's part starts and ends, so a server error's position names the rule.
 */
final class ColumnRuleSql {
    /** The staging password's hash the password rule writes, or null (passwords become NULL). */
    private final String passwordHash;

    ColumnRuleSql(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    String passwordHash() {
        return passwordHash;
    }

    /** Column → its new value's expression (the same text serves UPDATE, ALTER ... USING and COPY (SELECT ...)). */
    Map<String, String> expressions(RulePlan.TablePlan tp) {
        Map<String, String> m = new LinkedHashMap<>();
        for (RulePlan.ColumnPlan cp : tp.columns()) {
            m.put(cp.column().name(), value(tp, cp));
        }
        return m;
    }

    String value(RulePlan.TablePlan tp, RulePlan.ColumnPlan cp) {
        return SqlExpressions.value(cp.rule(), cp.column(), tp.table(), passwordHash);
    }

    /** One {@code UPDATE} of every rule's column, of the rows at least one rule changes; {@code spans}: each column's part. */
    String update(RulePlan.TablePlan tp, List<int[]> spans) {
        StringBuilder sb = new StringBuilder("UPDATE ").append(quoteIdentifier(tp.table().name())).append(" SET ");
        List<String> conds = new ArrayList<>();
        boolean all = false;
        for (int i = 0; i < tp.columns().size(); i++) {
            RulePlan.ColumnPlan cp = tp.columns().get(i);
            if (i > 0) {
                sb.append(", ");
            }
            int start = sb.length();
            sb.append(quoteIdentifier(cp.column().name())).append(" = ").append(value(tp, cp));
            spans.add(new int[] {start, sb.length()});
            String a = SqlExpressions.applies(cp.rule(), cp.column());
            if (a.equals("true")) {
                all = true;
            }
            conds.add("(" + a + ")");
        }
        if (!all) {
            sb.append(" WHERE ").append(String.join(" OR ", conds));
        }
        return sb.toString();
    }

    /**
     * One {@code ALTER TABLE ... ALTER COLUMN c TYPE <same type> USING <new value>} of every rule's column: PostgreSQL
     * writes a new heap and rebuilds the indexes, the table keeps its identity. {@code spans}: each column's part.
     */
    String rewrite(RulePlan.TablePlan tp, List<int[]> spans) {
        StringBuilder sb = new StringBuilder("ALTER TABLE ").append(quoteIdentifier(tp.table().name())).append(' ');
        for (int i = 0; i < tp.columns().size(); i++) {
            RulePlan.ColumnPlan cp = tp.columns().get(i);
            if (i > 0) {
                sb.append(", ");
            }
            int start = sb.length();
            sb.append("ALTER COLUMN ").append(quoteIdentifier(cp.column().name())).append(" TYPE ").append(cp.column().type());
            if (cp.column().collation() != null) {
                sb.append(" COLLATE ").append(cp.column().collation());
            }
            sb.append(" USING ").append(value(tp, cp));
            spans.add(new int[] {start, sb.length()});
        }
        return sb.toString();
    }

    /** One aggregate scan: the table's rows, and in {@code counts} the rows each column rule changes. */
    static long count(Statement s, RulePlan.TablePlan tp, long[] counts) throws SQLException {
        StringBuilder q = new StringBuilder("SELECT count(*)");
        for (RulePlan.ColumnPlan cp : tp.columns()) {
            q.append(", count(*) FILTER (WHERE ").append(SqlExpressions.applies(cp.rule(), cp.column())).append(')');
        }
        q.append(" FROM ").append(quoteIdentifier(tp.table().name()));
        try (ResultSet rs = s.executeQuery(q.toString())) {
            rs.next();
            for (int i = 0; i < counts.length; i++) {
                counts[i] = rs.getLong(i + 2);
            }
            return rs.getLong(1);
        }
    }

    static List<AnonymizationRule> rules(List<RulePlan.ColumnPlan> cps) {
        return cps.stream().map(RulePlan.ColumnPlan::rule).toList();
    }
}
