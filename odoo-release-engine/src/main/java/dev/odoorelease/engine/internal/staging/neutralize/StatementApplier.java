package dev.odoorelease.engine.internal.staging.neutralize;

import static dev.odoorelease.engine.internal.db.DbNames.quoteIdentifier;
import static dev.odoorelease.engine.internal.db.Pg.firstLine;

import dev.odoorelease.engine.internal.db.ReferencingIndexes;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.NeutralizationReport.Action;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Applies neutralization statements to the copy and records each in the log: the rules (Odoo's own per
 * module, and the gaps), fitted to the schema that is there, and the project's SQL files, as written.
 */
final class StatementApplier {
    /** Columns that hold credentials: their values are collected beforehand so no message can show them. */
    private static final Pattern SECRET_COLUMN = Pattern.compile(
            "(?i).*(secret|pass|pwd|token|key|private|credential|account_info|signature).*");

    private final CopyDatabase copy;
    private final NeutralizationLog log;
    private final RowChanges rowChanges;
    private final ProgressListener progress;

    StatementApplier(CopyDatabase copy, NeutralizationLog log, RowChanges rowChanges, ProgressListener progress) {
        this.copy = copy;
        this.log = log;
        this.rowChanges = rowChanges;
        this.progress = progress;
    }

    /**
     * Applies a rule's statements on the tables and columns that exist: a statement whose table or
     * required column is absent is skipped, an UPDATE loses the assignments to absent columns; either
     * is a warning when the rule's module is installed (a customised schema).
     */
    void applyRule(Rules.Rule rule) throws SQLException {
        Catalog catalog = copy.catalog();
        Set<String> installed = copy.installed();
        for (SqlScript.Statement s : rule.script().statements()) {
            String module = s.module() != null ? s.module() : rule.module() != null ? rule.module() : "base";
            boolean expected = installed.contains(module);
            SqlShape shape = SqlShape.of(s.sql());
            String what = s.description().isEmpty() ? shape.operation + " " + shape.table : s.description();
            List<String> missing = new ArrayList<>();
            Set<String> tables = new LinkedHashSet<>(shape.tables);
            tables.addAll(s.requires().keySet());
            for (String t : tables) {
                if (!catalog.hasTable(t)) {
                    missing.add("table " + t);
                }
            }
            s.requires().forEach((t, cols) -> cols.forEach(col -> {
                if (catalog.hasTable(t) && !catalog.hasColumn(t, col)) {
                    missing.add("column " + t + "." + col);
                }
            }));
            for (String col : shape.insertColumns) {
                if (catalog.hasTable(shape.table) && !catalog.hasColumn(shape.table, col)) {
                    missing.add("column " + shape.table + "." + col);
                }
            }
            if (shape.operation == SqlShape.Operation.OTHER || shape.table == null) {
                throw new IllegalStateException("neutralization rule " + rule.source() + " line " + s.line()
                        + " is not an UPDATE, INSERT, DELETE or TRUNCATE");
            }
            if (!missing.isEmpty()) {
                if (expected) {
                    log.warn(rule.source() + ": \"" + what + "\" skipped: " + String.join(", ", missing)
                            + " absent although module " + module + " is installed (a customised schema?)");
                }
                continue;
            }
            String sql = s.sql();
            List<String> columns = new ArrayList<>();
            if (shape.operation == SqlShape.Operation.UPDATE) {
                if (shape.assignments.isEmpty()) {
                    throw new IllegalStateException("neutralization rule " + rule.source() + " line " + s.line()
                            + ": its SET list cannot be read");
                }
                List<SqlShape.Assignment> keep = new ArrayList<>();
                List<String> dropped = new ArrayList<>();
                for (SqlShape.Assignment a : shape.assignments) {
                    if (catalog.hasColumn(shape.table, a.column())) {
                        keep.add(a);
                        columns.add(a.column());
                    } else {
                        dropped.add(a.column());
                    }
                }
                if (!dropped.isEmpty() && expected) {
                    log.warn(rule.source() + ": \"" + what + "\": column" + (dropped.size() > 1 ? "s " : " ")
                            + shape.table + "." + String.join(", " + shape.table + ".", dropped) + " absent although module "
                            + module + " is installed (not stored? e.g. OCA mail_environment)"
                            + (keep.isEmpty() ? "; statement skipped" : "; the other columns were set"));
                }
                if (keep.isEmpty()) {
                    continue;
                }
                if (!dropped.isEmpty()) {
                    sql = shape.updateWith(keep);
                }
                for (String col : columns) {
                    if (SECRET_COLUMN.matcher(col).matches() && catalog.isText(shape.table, col)) {
                        collectSecrets(shape.table, col);
                    }
                }
            } else if (shape.operation == SqlShape.Operation.INSERT) {
                columns.addAll(shape.insertColumns);
            }
            long rows = execute(sql, shape, () -> "rule " + rule.source() + " (line " + s.line() + ")");
            record(shape, rule.source(), s.description(), columns, rows);
        }
    }

    /** Applies a project SQL file's statements as written, in order. */
    void applyProjectFile(ProjectSqlFile f) throws SQLException {
        progress.info("  project SQL " + f.name() + ": " + f.script().statements().size() + " statements");
        int i = 0;
        for (SqlScript.Statement s : f.script().statements()) {
            i++;
            int number = i;
            SqlShape shape = SqlShape.of(s.sql());
            List<String> columns = new ArrayList<>();
            shape.assignments.forEach(a -> columns.add(a.column()));
            columns.addAll(shape.insertColumns);
            long rows = execute(s.sql(), shape, () -> "project SQL file " + f.path() + ", statement " + number
                    + " (line " + s.line() + ")");
            record(shape, f.name(), s.description(), columns, rows);
        }
        log.customApplied.add(f.name());
    }

    private long execute(String sql, SqlShape shape, Supplier<String> where) throws SQLException {
        Catalog catalog = copy.catalog();
        try {
            if (shape.table != null) {
                rowChanges.remember(shape.table);
            }
            for (String t : shape.tables) {
                rowChanges.remember(t);
            }
            long before = 0;
            if (shape.operation == SqlShape.Operation.TRUNCATE) {
                for (String t : shape.tables) {
                    if (catalog.hasTable(t)) {
                        before += copy.count("SELECT count(*) FROM " + quoteIdentifier(t));
                    }
                }
            }
            // ON DELETE actions run per deleted row: unindexed foreign keys to the table (Odoo's
            // mail_notification.mail_mail_id) would be scanned once per row
            ReferencingIndexes indexes = shape.operation == SqlShape.Operation.DELETE && shape.table != null
                    && catalog.hasTable(shape.table) ? ReferencingIndexes.create(copy.connection, shape.table) : null;
            boolean result = copy.execute(sql);
            if (indexes != null) {
                indexes.drop(copy.connection);
            }
            if (shape.operation == SqlShape.Operation.TRUNCATE) {
                return before;
            }
            long n = result ? 0 : copy.updateCount();
            return Math.max(n, 0);
        } catch (SQLException e) {
            throw log.failure(where.get() + " failed: " + firstLine(e.getMessage()) + " (SQLSTATE " + e.getSQLState()
                    + "). Statement: " + abbreviate(sql), e);
        }
    }

    private void record(SqlShape shape, String source, String description, List<String> columns, long rows) {
        String table = shape.table != null ? shape.table : "(other statements)";
        log.action(table, new Action(source, log.redactor().redact(description), shape.operation.name(), columns, rows));
        if (shape.operation == SqlShape.Operation.DELETE || shape.operation == SqlShape.Operation.TRUNCATE) {
            log.rowsDeleted.merge(table, rows, Long::sum);
        }
    }

    /** Remembers the values of a credential column before a rule clears it, so no message can show them. */
    private void collectSecrets(String table, String column) throws SQLException {
        try (Statement s = copy.connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT " + quoteIdentifier(column) + "::text FROM " + quoteIdentifier(table)
                     + " WHERE " + quoteIdentifier(column) + " IS NOT NULL LIMIT 5000")) {
            while (rs.next()) {
                log.addSecret(rs.getString(1));
            }
        }
    }

    private static String abbreviate(String sql) {
        String s = sql.replaceAll("\\s+", " ").strip();
        return s.length() > 400 ? s.substring(0, 397) + "..." : s;
    }
}
