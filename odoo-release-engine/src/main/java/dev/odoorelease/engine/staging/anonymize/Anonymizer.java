package dev.odoorelease.engine.staging.anonymize;

import static dev.odoorelease.engine.db.DbNames.quoteIdentifier;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.db.ReferencingIndexes;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Anonymizes a staging copy of an Odoo database in place, by rules ({@link AnonymizationRules}).
 *
 * <pre>{@code
 * AnonymizationReport r = new Anonymizer(connection)   // the COPY, never production
 *         .rules(AnonymizationRules.builtIn("17.0").merge(AnonymizationRules.fromFile(Path.of("anonymization.yml"))))
 *         .filestore(filestoreDir)
 *         .progress(listener)
 *         .run();
 * }</pre>
 *
 * <p>Order: delete rules, then attachment rules (rows and filestore files), then the column rules
 * table by table. Each table is one transaction: a failure rolls that table back whole and names
 * the rule. Everything is set-based SQL inside the server:
 * <ul>
 * <li>tables of at least {@link #rewriteThreshold} rows are <b>rewritten</b>: one
 * {@code ALTER TABLE … ALTER COLUMN c TYPE <same type> USING <pseudonym>} per table makes
 * PostgreSQL write a new heap with the new values and rebuild every index, while the table keeps its
 * identity (oid), so every constraint, foreign key from other tables, default, sequence ownership,
 * trigger, grant and comment stays exactly as it was;</li>
 * <li>smaller tables (and big ones a view depends on, which cannot be rewritten that way) are
 * <b>updated</b> with one {@code UPDATE} per table, then {@code VACUUM FULL} so that no old row
 * version (original values) stays in the files.</li>
 * </ul>
 * Every touched table is analyzed afterwards, so {@code pg_statistic} no longer holds original values.
 */
public final class Anonymizer {
    /** Environment variable holding the staging password when no rule names another. */
    public static final String DEFAULT_PASSWORD_ENV = "ODOO_RELEASE_STAGING_PASSWORD";

    private final Connection connection;
    private AnonymizationRules rules = AnonymizationRules.empty();
    private Path filestore;
    private ProgressListener progress = ProgressListener.NONE;
    private long rewriteThreshold = 100_000;
    private String stagingPassword;
    private Map<String, String> environment = System.getenv();
    private boolean vacuumFull = true;
    private Duration lockTimeout = Duration.ofSeconds(60);
    private String maintenanceWorkMem = "256MB";
    private StreamedAnonymization streamed;

    /** @param connection a JDBC connection to the staging copy (its auto-commit setting is restored afterwards) */
    public Anonymizer(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    public Anonymizer rules(AnonymizationRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        return this;
    }

    /** The copy's filestore folder ({@code <data_dir>/filestore/<db>}), for attachment rules. */
    public Anonymizer filestore(Path filestoreDir) {
        this.filestore = filestoreDir;
        return this;
    }

    public Anonymizer progress(ProgressListener progress) {
        this.progress = progress == null ? ProgressListener.NONE : progress;
        return this;
    }

    /** Tables with at least this many rows are rewritten rather than updated (default 100 000). */
    public Anonymizer rewriteThreshold(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rewriteThreshold must not be negative");
        }
        this.rewriteThreshold = rows;
        return this;
    }

    /**
     * The password every staging user gets (password rules). Without it, the password rule's
     * environment variable ({@value #DEFAULT_PASSWORD_ENV} by default) is read; without either,
     * passwords become NULL (nobody logs in with a password) and the report says so.
     */
    public Anonymizer stagingPassword(String password) {
        this.stagingPassword = password;
        return this;
    }

    /** Where password rules read their environment variable (default: the process environment). */
    public Anonymizer environment(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        return this;
    }

    /**
     * Whether tables changed by UPDATE or DELETE get {@code VACUUM FULL} (default true): without it,
     * old row versions with original values stay in the table's files (invisible to SQL, but copied
     * by file-level snapshots) until reused.
     */
    public Anonymizer vacuumFull(boolean vacuumFull) {
        this.vacuumFull = vacuumFull;
        return this;
    }

    /** How long to wait for a table lock (another session on the copy) before failing; default 60 s. */
    public Anonymizer lockTimeout(Duration lockTimeout) {
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
        return this;
    }

    /** maintenance_work_mem for the index rebuilds of rewrites (default 256MB). */
    public Anonymizer maintenanceWorkMem(String setting) {
        if (setting == null || !setting.matches("\\d+\\s*(kB|MB|GB)?")) {
            throw new IllegalArgumentException("maintenance_work_mem must look like 256MB");
        }
        this.maintenanceWorkMem = setting;
        return this;
    }

    /**
     * The column rules a live copy already applied while streaming the rows ({@link #planStream} on
     * the source): they are not applied again, and the report lists them with method "stream" and the
     * row counts taken from the source. A table whose rules on the copy differ from the planned ones
     * (it cannot happen with the same rules and snapshot) is anonymized here as usual.
     */
    public Anonymizer streamed(StreamedAnonymization streamed) {
        this.streamed = streamed;
        return this;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Plans the column rules a live copy applies while it streams the rows (see
     * {@link StreamedAnonymization}). This Anonymizer's connection must be a connection to the
     * SOURCE sitting in the copied snapshot: the catalog is read and the rules are checked as
     * {@link #run} does (a rule that cannot work stops the clone before any row is copied), then the
     * rows each rule changes are counted there. Read only; never ends the connection's transaction
     * (unless a check fails: then the clone stops).
     */
    public StreamedAnonymization planStream() {
        long t0 = System.nanoTime();
        Run run = new Run();
        try {
            run.plan = RulePlan.resolve(Catalog.read(connection), TransientTables.emptied(connection, rules));
            run.checkFixedValues(false);
            run.passwordHash = run.password(false);
            Map<String, StreamedAnonymization.Table> tables = new LinkedHashMap<>();
            Map<String, Long> emptied = new LinkedHashMap<>();
            for (RulePlan.TablePlan tp : run.plan.tables().values()) {
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
                    noJit(s);
                    total = run.count(s, tp, counts);
                }
                String table = tp.table().name();
                long ms = (System.nanoTime() - t) / 1_000_000;
                tables.put(table, new StreamedAnonymization.Table(table, run.expressions(tp), total, counts, run.rules(tp.columns()), ms));
                progress.info("  " + table + ": " + total + " rows, " + tp.columns().size() + " columns anonymized while streaming");
            }
            return new StreamedAnonymization(tables, emptied, run.passwordHash, (System.nanoTime() - t0) / 1_000_000);
        } catch (SQLException e) {
            throw sqlError("plan the anonymization of the streamed rows", e);
        }
    }

    public AnonymizationReport run() {
        long t0 = System.nanoTime();
        boolean autoCommit;
        try {
            autoCommit = connection.getAutoCommit();
        } catch (SQLException e) {
            throw sqlError("read the connection's state", e);
        }
        Run run = new Run();
        try {
            connection.setAutoCommit(false);
            run.go();
        } catch (SQLException e) {
            rollbackQuietly();
            throw sqlError("anonymize the staging copy", e);
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            try {
                connection.setAutoCommit(autoCommit);
            } catch (SQLException ignored) {
                // the connection is broken; the caller sees the first error
            }
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        progress.info("Anonymization done in " + Sizes.human(Duration.ofMillis(ms)) + ": " + run.columns.size() + " column rules on "
                + run.tables.size() + " tables, " + run.deletions.size() + " delete rules, " + run.attachments.size()
                + " attachment rules, " + run.plan.skipped().size() + " rules skipped (absent here)");
        return new AnonymizationReport(run.columns, run.deletions, run.attachments, run.tables, run.plan.skipped(), run.warnings, ms);
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // nothing more to undo
        }
    }

    private final class Run {
        RulePlan plan;
        final List<AnonymizationReport.ColumnResult> columns = new ArrayList<>();
        final List<AnonymizationReport.Deletion> deletions = new ArrayList<>();
        final List<AnonymizationReport.AttachmentResult> attachments = new ArrayList<>();
        final List<AnonymizationReport.TableResult> tables = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        /** tables changed by UPDATE/DELETE: VACUUM FULL; all touched tables: ANALYZE */
        final Set<String> dirty = new LinkedHashSet<>();
        final Set<String> touched = new LinkedHashSet<>();
        final Map<String, Long> tableMillis = new LinkedHashMap<>();
        /** rewritten tables: only their anonymized columns lost their statistics and need new ones */
        final Map<String, List<String>> analyzeColumns = new LinkedHashMap<>();
        String passwordHash;

        void go() throws SQLException {
            Catalog catalog = Catalog.read(connection);
            AnonymizationRules effective = TransientTables.emptied(connection, rules);
            connection.commit();
            plan = RulePlan.resolve(catalog, effective);
            checkFixedValues(true);
            passwordHash = streamed != null && streamed.passwordHash() != null ? streamed.passwordHash() : password(true);
            warnAboutTriggers();
            progress.info("Anonymizing: " + plan.tables().size() + " tables to change, " + plan.skipped().size()
                    + " rules skipped (their table or column is absent), rewrite from " + rewriteThreshold + " rows");

            for (RulePlan.TablePlan tp : plan.tables().values()) {
                if (tp.delete() != null) {
                    delete(tp);
                }
            }
            if (catalog.table("ir_attachment") != null) {
                AttachmentScrubber scrubber = new AttachmentScrubber(connection, filestore, progress);
                attachments.addAll(scrubber.run(rules.attachments()));
                warnings.addAll(scrubber.warnings());
                if (scrubber.changedRows()) {
                    dirty.add("ir_attachment");
                    touched.add("ir_attachment");
                }
            } else if (!rules.attachments().isEmpty()) {
                warnings.add("no ir_attachment table: attachment rules skipped");
            }
            for (RulePlan.TablePlan tp : plan.tables().values()) {
                if (!tp.columns().isEmpty() && !alreadyStreamed(tp)) {
                    anonymizeTable(tp);
                }
            }
            cleanUp();
        }

        // ----- checks before any change ------------------------------------------------------
        /** @param commit end the read transaction afterwards (not in the source's snapshot) */
        void checkFixedValues(boolean commit) throws SQLException {
            for (RulePlan.TablePlan tp : plan.tables().values()) {
                for (RulePlan.ColumnPlan cp : tp.columns()) {
                    if (cp.rule().strategy() != Strategy.FIXED) {
                        continue;
                    }
                    try (PreparedStatement ps = connection.prepareStatement("SELECT CAST(CAST(? AS text) AS " + cp.column().type() + ")")) {
                        ps.setString(1, cp.rule().value());
                        ps.executeQuery().close();
                    } catch (SQLException e) {
                        connection.rollback();
                        throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to apply anonymization rule "
                                + cp.rule().describe() + ": its fixed value is not a valid " + cp.column().type() + " ("
                                + primary(e) + "). Fix the value; nothing was changed.", e);
                    }
                }
            }
            if (commit) {
                connection.commit();
            }
        }

        /** @param warn report a missing staging password (once per clone: the run on the copy does) */
        String password(boolean warn) {
            RulePlan.ColumnPlan pw = plan.tables().values().stream().flatMap(t -> t.columns().stream())
                    .filter(c -> c.rule().strategy() == Strategy.PASSWORD).findFirst().orElse(null);
            if (pw == null) {
                return null;
            }
            String var = pw.rule().env() == null ? DEFAULT_PASSWORD_ENV : pw.rule().env();
            String pwd = stagingPassword != null ? stagingPassword : environment.get(var);
            if (pwd == null || pwd.isEmpty()) {
                if (!warn) {
                    return null;
                }
                String w = "no staging password (Anonymizer.stagingPassword or environment variable " + var + "): "
                        + pw.rule().key() + " is set to NULL, so nobody can log in to staging with a password until one is set";
                warnings.add(w);
                progress.warn(w);
                return null;
            }
            return PasswordHash.staging(pwd);
        }

        void warnAboutTriggers() throws SQLException {
            List<String> names = new ArrayList<>(plan.tables().keySet());
            if (names.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT c.relname, string_agg(t.tgname, ', ' ORDER BY t.tgname) FROM pg_trigger t
                      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                     WHERE NOT t.tgisinternal AND c.relname = ANY (?) GROUP BY c.relname ORDER BY 1""")) {
                ps.setArray(1, connection.createArrayOf("text", names.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        warnings.add("table " + rs.getString(1) + " has triggers (" + rs.getString(2) + "): they fire on the update "
                                + "path and not on the rewrite path; check that none copies or derives personal values");
                    }
                }
            }
            connection.commit();
        }

        // ----- delete rules ----------------------------------------------------------------------
        void delete(RulePlan.TablePlan tp) throws SQLException {
            AnonymizationRule r = tp.delete();
            String table = tp.table().name();
            long t = System.nanoTime();
            String sql = "DELETE FROM " + quoteIdentifier(table) + (r.where() == null ? "" : " WHERE (" + r.where() + ")");
            long n;
            try (Statement s = connection.createStatement()) {
                setLocal(s);
                ReferencingIndexes indexes = ReferencingIndexes.create(connection, table);
                n = s.executeLargeUpdate(sql);
                indexes.drop(connection);
                resetStatisticsIfEmpty(tp.table());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw tableError(table, List.of(r), e, "");
            }
            Long streamedOut = streamed == null ? null : streamed.emptiedRows(table);
            // a table emptied while streaming never received its rows: the source's count is what this rule removed
            deletions.add(new AnonymizationReport.Deletion(table, streamedOut != null ? streamedOut + n : n, r.where() != null,
                    r.origin()));
            if (n > 0) {
                dirty.add(table);
                touched.add(table);
            }
            tableMillis.merge(table, (System.nanoTime() - t) / 1_000_000, Long::sum);
            progress.info("  " + table + ": " + n + " rows deleted");
        }

        /**
         * ANALYZE keeps the old statistics (original values) of a table it finds empty; changing a
         * column's type (here to the same type, no rewrite of an empty table) drops them.
         */
        void resetStatisticsIfEmpty(Catalog.Table t) throws SQLException {
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

        // ----- column rules ----------------------------------------------------------------------
        void anonymizeTable(RulePlan.TablePlan tp) throws SQLException {
            String table = tp.table().name();
            String qt = quoteIdentifier(table);
            List<RulePlan.ColumnPlan> cps = tp.columns();
            long t = System.nanoTime();
            long total;
            long[] counts = new long[cps.size()];
            String method;
            String note = null;
            try (Statement s = connection.createStatement()) {
                setLocal(s);
                s.execute("LOCK TABLE " + qt + " IN ACCESS EXCLUSIVE MODE");
                total = count(s, tp, counts);
            } catch (SQLException e) {
                connection.rollback();
                throw tableError(table, rules(cps), e, "");
            }
            boolean rewrite = total >= rewriteThreshold && total > 0;
            progress.info("  " + table + ": " + total + " rows, " + cps.size() + " columns by " + (rewrite ? "table rewrite" : "update"));
            String sql = null;
            List<int[]> spans = new ArrayList<>();
            try (Statement s = connection.createStatement()) {
                if (rewrite) {
                    sql = alterSql(tp, spans);
                    s.execute("SAVEPOINT odoo_release_rewrite");
                    try {
                        s.execute(sql);
                        method = "rewrite";
                    } catch (SQLException e) {
                        String state = e.getSQLState() == null ? "" : e.getSQLState();
                        if (!state.equals("0A000") && !state.equals("42501")) {
                            throw e;
                        }
                        s.execute("ROLLBACK TO SAVEPOINT odoo_release_rewrite");
                        note = "not rewritten (" + primary(e) + "): updated instead";
                        progress.info("    " + note);
                        spans.clear();
                        sql = updateSql(tp, spans);
                        s.executeLargeUpdate(sql);
                        method = "update";
                    }
                } else {
                    sql = updateSql(tp, spans);
                    s.executeLargeUpdate(sql);
                    method = "update";
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw tableError(table, diagnose(tp, e, spans, rewrite), e, " (its transaction was rolled back: the table is as it was)");
            }
            for (int i = 0; i < cps.size(); i++) {
                AnonymizationRule r = cps.get(i).rule();
                columns.add(new AnonymizationReport.ColumnResult(table, r.column(), r.strategy().id(), method, counts[i], r.origin()));
            }
            touched.add(table);
            if (method.equals("update")) {
                dirty.add(table);
            } else if (!dirty.contains(table)) {
                analyzeColumns.put(table, cps.stream().map(cp -> cp.column().name()).toList());
            }
            long ms = (System.nanoTime() - t) / 1_000_000;
            tableMillis.merge(table, ms, Long::sum);
            tables.add(new AnonymizationReport.TableResult(table, method, total, ms, false, note));
            progress.info("    done in " + Sizes.human(Duration.ofMillis(ms)));
        }

        /** One aggregate scan: the table's rows, and in {@code counts} the rows each column rule changes. */
        long count(Statement s, RulePlan.TablePlan tp, long[] counts) throws SQLException {
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

        /** Column → its new value's expression (the same text serves UPDATE, ALTER ... USING and COPY (SELECT ...)). */
        Map<String, String> expressions(RulePlan.TablePlan tp) {
            Map<String, String> m = new LinkedHashMap<>();
            for (RulePlan.ColumnPlan cp : tp.columns()) {
                m.put(cp.column().name(), SqlExpressions.value(cp.rule(), cp.column(), tp.table(), passwordHash));
            }
            return m;
        }

        /** Whether the copy streamed this table's rules already; then records them as done. */
        boolean alreadyStreamed(RulePlan.TablePlan tp) {
            String table = tp.table().name();
            StreamedAnonymization.Table st = streamed == null ? null : streamed.table(table);
            if (st == null) {
                return false;
            }
            if (!st.expressions().equals(expressions(tp))) {
                String w = "table " + table + ": the rules applied while streaming differ from the rules for the copy; "
                        + "the copy's rules were applied again";
                warnings.add(w);
                progress.warn(w);
                return false;
            }
            for (int i = 0; i < st.rules().size(); i++) {
                AnonymizationRule r = st.rules().get(i);
                columns.add(new AnonymizationReport.ColumnResult(table, r.column(), r.strategy().id(), "stream", st.counts()[i], r.origin()));
            }
            tables.add(new AnonymizationReport.TableResult(table, "stream", st.rows(), st.countMillis(), false,
                    "anonymized while the rows streamed from the source: no original value reached the copy"));
            progress.info("  " + table + ": " + st.rows() + " rows, " + st.rules().size() + " columns anonymized while streaming");
            return true;
        }

        String updateSql(RulePlan.TablePlan tp, List<int[]> spans) {
            StringBuilder sb = new StringBuilder("UPDATE ").append(quoteIdentifier(tp.table().name())).append(" SET ");
            List<String> conds = new ArrayList<>();
            boolean all = false;
            for (int i = 0; i < tp.columns().size(); i++) {
                RulePlan.ColumnPlan cp = tp.columns().get(i);
                if (i > 0) {
                    sb.append(", ");
                }
                int start = sb.length();
                sb.append(quoteIdentifier(cp.column().name())).append(" = ")
                        .append(SqlExpressions.value(cp.rule(), cp.column(), tp.table(), passwordHash));
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

        String alterSql(RulePlan.TablePlan tp, List<int[]> spans) {
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
                sb.append(" USING ").append(SqlExpressions.value(cp.rule(), cp.column(), tp.table(), passwordHash));
                spans.add(new int[] {start, sb.length()});
            }
            return sb.toString();
        }

        /** Which rules a failed table statement is down to, as precisely as the server lets us tell. */
        List<AnonymizationRule> diagnose(RulePlan.TablePlan tp, SQLException e, List<int[]> spans, boolean rewrite) {
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
                    try (PreparedStatement ps = connection.prepareStatement("""
                            SELECT a.attname FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
                             WHERE k.conname = ? AND k.conrelid = to_regclass(?)""")) {
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
                        setLocal(s);
                        for (RulePlan.ColumnPlan cp : cps) {
                            s.execute("SAVEPOINT odoo_release_probe");
                            try {
                                s.executeLargeUpdate("UPDATE " + quoteIdentifier(tp.table().name()) + " SET " + quoteIdentifier(cp.column().name())
                                        + " = " + SqlExpressions.value(cp.rule(), cp.column(), tp.table(), passwordHash)
                                        + " WHERE " + SqlExpressions.applies(cp.rule(), cp.column()));
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
                rollbackQuietly();
            }
            return rules(cps);
        }

        void cleanUp() throws SQLException {
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                for (String table : touched) {
                    long t = System.nanoTime();
                    boolean full = vacuumFull && dirty.contains(table);
                    String qt = quoteIdentifier(table);
                    try {
                        List<String> cols = analyzeColumns.get(table);
                        s.execute(full ? "VACUUM (FULL, ANALYZE) " + qt : "ANALYZE " + qt + (cols == null ? ""
                                : " (" + String.join(", ", cols.stream().map(x -> quoteIdentifier(x)).toList()) + ")"));
                    } catch (SQLException e) {
                        throw new OdooReleaseException(e.getSQLState() != null && e.getSQLState().equals("53100") ? ErrorCode.IO : ErrorCode.SQL,
                                "Unable to " + (full ? "VACUUM FULL" : "ANALYZE") + " table " + table + " after anonymizing it: " + primary(e)
                                + ". The rows are anonymized, but " + (full ? "old row versions with original values are still in its files"
                                : "its statistics may still hold original values") + "; fix the cause and run the anonymization again.", e);
                    }
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    tableMillis.merge(table, ms, Long::sum);
                    for (int i = 0; i < tables.size(); i++) {
                        AnonymizationReport.TableResult tr = tables.get(i);
                        if (tr.table().equals(table)) {
                            tables.set(i, new AnonymizationReport.TableResult(table, tr.method(), tr.rows(), tr.elapsedMs() + ms, full, tr.note()));
                        }
                    }
                    if (full) {
                        progress.info("  " + table + ": VACUUM FULL in " + Sizes.human(Duration.ofMillis(ms)));
                    }
                }
                if (!touched.isEmpty()) {
                    // ANALYZE rewrote the statistics; the previous rows (most common values, histogram
                    // bounds: original values) are dead tuples in pg_statistic until it is rewritten
                    for (String catalogTable : List.of("pg_statistic", "pg_statistic_ext_data")) {
                        try {
                            s.execute("VACUUM FULL pg_catalog." + catalogTable);
                        } catch (SQLException e) {
                            warnings.add("could not VACUUM FULL " + catalogTable + " (" + primary(e) + "): old statistics rows may "
                                    + "keep original values in its file until it is vacuumed by its owner");
                        }
                    }
                    if (s.getWarnings() != null) {
                        for (java.sql.SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                            if (w.getMessage() != null && w.getMessage().contains("skipping")) {
                                warnings.add("VACUUM skipped a table (" + w.getMessage() + "): run it as the table's or database's owner");
                            }
                        }
                    }
                }
            } finally {
                connection.setAutoCommit(false);
            }
            // tables only touched by delete/attachment rules
            for (String table : touched) {
                if (tables.stream().noneMatch(tr -> tr.table().equals(table))) {
                    tables.add(new AnonymizationReport.TableResult(table, "delete", -1, tableMillis.getOrDefault(table, 0L),
                            vacuumFull && dirty.contains(table), null));
                }
            }
        }

        void setLocal(Statement s) throws SQLException {
            s.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
            s.execute("SET LOCAL maintenance_work_mem = '" + maintenanceWorkMem + "'");
            noJit(s);
        }

        private List<AnonymizationRule> rules(List<RulePlan.ColumnPlan> cps) {
            return cps.stream().map(RulePlan.ColumnPlan::rule).toList();
        }
    }

    /**
     * JIT off for the transaction: it compiles the strategies' large expressions (a phone is one small
     * expression per character) for longer than they take to run — seconds per table, more than the
     * whole scan of 500 000 partners.
     */
    private static void noJit(Statement s) throws SQLException {
        s.execute("SET LOCAL jit = off");
    }

    private OdooReleaseException tableError(String table, List<AnonymizationRule> suspects, SQLException e, String state) {
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
        return new OdooReleaseException(code, "Unable to anonymize table " + table + " (" + who + ")" + state + ": " + primary(e)
                + " (SQLSTATE " + sqlState + "). " + advice, e);
    }

    private static OdooReleaseException sqlError(String what, SQLException e) {
        return new OdooReleaseException(ErrorCode.SQL, "Unable to " + what + ": " + primary(e) + " (SQLSTATE " + e.getSQLState() + ").", e);
    }

    /**
     * The server's primary message only: PostgreSQL's DETAIL of a failed row ("Failing row contains
     * (...)", "Key (login)=(...)") would carry personal values into logs.
     */
    static String primary(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return AnonymizationRules.firstLine(e.getMessage()).toLowerCase(Locale.ROOT).startsWith("error: ")
                ? AnonymizationRules.firstLine(e.getMessage()).substring(7) : AnonymizationRules.firstLine(e.getMessage());
    }
}
