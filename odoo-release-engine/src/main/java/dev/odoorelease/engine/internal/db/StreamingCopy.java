package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.internal.process.ProgramFailures;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.ThrottledProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.copy.CopyOut;
import dev.odoorelease.engine.config.DbTarget;

/**
 * Copies a live database into a new, empty database on any server, from one MVCC snapshot, in
 * parallel, without temporary copies of the data: the schema's definitions come from
 * {@code pg_dump --schema-only} of that snapshot (kilobytes), then N workers stream each table with
 * {@code COPY … TO STDOUT} on the source straight into {@code COPY … FROM STDIN} on the target (binary
 * format between equal major versions), largest tables first; sequences are set, and indexes and
 * constraints are built last with {@code pg_restore -j N --section=post-data}. The source keeps running.
 *
 * <p>{@link #whileSnapshotHeld} runs while the snapshot is still open (the filestore is copied there,
 * so files and rows describe the same moment). A {@link #transform} rewrites columns on the way: the
 * table is then read with {@code COPY (SELECT <expressions> FROM t) TO STDOUT}, so the target
 * receives the rewritten values only (stage clones anonymize there).
 */
public final class StreamingCopy {
    private final DbTarget source;
    private final DbTarget target;
    private int jobs = 2;
    private ProgressListener progress = ProgressListener.NONE;
    private Consumer<Connection> whileSnapshotHeld = c -> { };
    private Function<Connection, Transform> transformPlanner;
    private Path workDir;

    /**
     * Column expressions evaluated on the source while its rows are read. Each expression is SQL over
     * the source row's own columns and has exactly the column's type (the binary COPY format needs it).
     */
    @FunctionalInterface
    public interface Transform {
        /** Column name → expression for the columns of {@code schema.table} to rewrite; empty to copy the table as it is. */
        Map<String, String> columns(String schema, String table);

        /** Whether no row of {@code schema.table} is copied at all (the target gets the table empty). */
        default boolean emptied(String schema, String table) {
            return false;
        }
    }

    public StreamingCopy(DbTarget source, DbTarget target) {
        this.source = source;
        this.target = target;
    }

    public StreamingCopy jobs(int n) {
        this.jobs = Math.max(1, n);
        return this;
    }

    public StreamingCopy progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /**
     * Rewrites columns while copying: {@code planner} runs once, with a connection that sits in the
     * copied snapshot (read only; it must not end its transaction), before any row is copied, and
     * returns the expressions per table.
     */
    public StreamingCopy transform(Function<Connection, Transform> planner) {
        this.transformPlanner = planner;
        return this;
    }

    /** Work folder for the schema-only dump (small). */
    public StreamingCopy workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    /** Runs with a connection that sits in the copied snapshot, before the indexes are built. */
    public StreamingCopy whileSnapshotHeld(Consumer<Connection> action) {
        this.whileSnapshotHeld = action;
        return this;
    }

    private record Table(String schema, String name, long bytes, List<String> columns) {
        String qualified() {
            return DbNames.quoteIdentifier(schema) + "." + DbNames.quoteIdentifier(name);
        }

        String columnList() {
            return String.join(", ", columns.stream().map(DbNames::quoteIdentifier).toList());
        }

        /** What the source side of the copy reads: the table, or a query with the rewritten columns. */
        String source(Map<String, String> rewritten) {
            if (rewritten.isEmpty()) {
                return qualified() + " (" + columnList() + ")";
            }
            List<String> select = new ArrayList<>();
            for (String c : columns) {
                String e = rewritten.get(c);
                select.add(e == null ? DbNames.quoteIdentifier(c) : e + " AS " + DbNames.quoteIdentifier(c));
            }
            return "(SELECT " + String.join(", ", select) + " FROM " + qualified() + ")";
        }
    }

    /** What was copied. */
    public record Result(int tables, long rows, long bytes) {
    }

    /** Copies into {@code target.database()}, which must exist and be empty. */
    public Result copy() {
        try (Connection snap = Pg.connect(source)) {
            try {
                String snapshot = Transactions.exportSnapshot(snap);
                try (Statement s = snap.createStatement()) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_largeobject_metadata")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to stream-copy " + source
                                    + ": it holds large objects, which a table copy does not carry. Clone from a dump snapshot instead.");
                        }
                    }
                }
                int sourceMajor = OdooDatabase.serverMajor(snap);
                int targetMajor;
                try (Connection t = Pg.connect(target)) {
                    targetMajor = OdooDatabase.serverMajor(t);
                }
                PgTools tools = PgTools.forServer(Math.max(sourceMajor, targetMajor));
                Path schemaDump = dumpSchema(tools, snapshot);
                try {
                    restoreSection(tools, schemaDump, "pre-data", 1);
                    List<Table> tables = tables(snap);
                    Transform transform = transformPlanner == null ? (schema, table) -> Map.of() : transformPlanner.apply(snap);
                    boolean binary = sourceMajor == targetMajor;
                    progress.info("  streaming " + tables.size() + " tables with " + jobs + " workers ("
                            + (binary ? "binary" : "text") + " COPY)");
                    long[] totals = copyTables(tables, snapshot, binary, transform);
                    copySequences(snap);
                    whileSnapshotHeld.accept(snap);
                    snap.commit();
                    progress.info("  building indexes and constraints (" + jobs + " jobs)");
                    restoreSection(tools, schemaDump, "post-data", jobs);
                    return new Result(tables.size(), totals[0], totals[1]);
                } finally {
                    try {
                        Files.deleteIfExists(schemaDump);
                    } catch (IOException ignored) {
                        // temp file
                    }
                }
            } catch (SQLException | RuntimeException e) {
                // a session of the copy ended under it: say so, not the driver's words of whichever step noticed first
                if (!(e instanceof SourceLostException) && !alive(snap)) {
                    throw sourceLost(e);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw Pg.sqlError("stream-copy " + source.database() + " to " + target, source, e);
        }
    }

    /**
     * The clear error of a copy whose session on the source was ended under it (by {@code pg_terminate_backend},
     * SQLSTATE 57P01, or a server shutdown), instead of the driver's "terminating connection due to administrator
     * command" or "This connection has been closed".
     */
    private SourceLostException sourceLost(Exception e) {
        return new SourceLostException( "Unable to copy the live database " + source.database() + " ("
                + source.server() + "): the server ended the copy's session on it (" + Pg.firstLine(e.getMessage())
                + "). Someone terminated the database's sessions — an administrator, or a tool other than odoo-release (its "
                + "own deploys, restores and rollbacks wait for a live clone to finish) — or the server restarted. Nothing was "
                + "swapped in and the target keeps its data: retry the clone, or clone from a snapshot, which reads no live "
                + "session.", e);
    }

    /** The copy's session on the source was ended under it. */
    private static final class SourceLostException extends OdooReleaseException {
        private static final long serialVersionUID = 1L;

        SourceLostException(String message, Throwable cause) {
            super(ErrorCode.DB_CONNECTION, message, cause);
        }
    }

    /** Whether a connection to the source is still usable (false once the server ended its session). */
    private static boolean alive(Connection c) {
        try {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private Path dumpSchema(PgTools tools, String snapshot) {
        try {
            Path dir = workDir != null ? Files.createDirectories(workDir) : Path.of(System.getProperty("java.io.tmpdir"));
            Path file = Files.createTempFile(dir, "schema-", ".dump");
            ProcessResult r = tools.run(tools.pgDump(), source, List.of("--schema-only", "--format", "custom", "--snapshot", snapshot,
                    "--file", file.toString(), source.database()), Duration.ofHours(1));
            if (!r.ok()) {
                throw ProgramFailures.of("Unable to read the schema of " + source + ": " + r.tail(10), r.stderr());
            }
            return file;
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write a schema dump: " + e.getMessage(), e);
        }
    }

    private void restoreSection(PgTools tools, Path dump, String section, int n) {
        ProcessResult r = tools.run(tools.pgRestore(), target, List.of("--dbname", target.database(), "--section", section,
                "--jobs", String.valueOf(n), "--no-owner", "--no-privileges", "--exit-on-error", dump.toString()),
                Duration.ofHours(12), source.password());
        if (!r.ok()) {
            throw ProgramFailures.of("Unable to create the " + section + " schema in " + target + ": " + r.tail(10), r.stderr());
        }
    }

    private static List<Table> tables(Connection snap) throws SQLException {
        List<Table> out = new ArrayList<>();
        try (Statement s = snap.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT n.nspname, c.relname, pg_relation_size(c.oid),
                       (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '')
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                                                AND d.deptype = 'e')
                 ORDER BY pg_relation_size(c.oid) DESC""")) {
            while (rs.next()) {
                java.sql.Array cols = rs.getArray(4);
                out.add(new Table(rs.getString(1), rs.getString(2), rs.getLong(3), cols == null ? null : List.of((String[]) cols.getArray())));
            }
        }
        return out;
    }

    private long[] copyTables(List<Table> tables, String snapshot, boolean binary, Transform transform) {
        ConcurrentLinkedQueue<Table> queue = new ConcurrentLinkedQueue<>(tables);
        ThrottledProgress done = new ThrottledProgress(progress, "tables copied", tables.size(), "tables", 5000);
        long[] totals = new long[2];
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "stream-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                futures.add(pool.submit(() -> worker(queue, snapshot, binary, transform, done)));
            }
            for (Future<long[]> f : futures) {
                long[] r = f.get();
                totals[0] += r[0];
                totals[1] += r[1];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted while copying " + source.database(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof OdooReleaseException ore) {
                throw ore;
            }
            if (e.getCause() instanceof SQLException se) {
                throw Pg.sqlError("copy the tables of " + source.database() + " to " + target, target, se);
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        done.finish();
        return totals;
    }

    private long[] worker(ConcurrentLinkedQueue<Table> queue, String snapshot, boolean binary, Transform transform, ThrottledProgress done)
            throws SQLException {
        long rows = 0;
        long bytes = 0;
        try (Connection in = Pg.connect(source); Connection out = Pg.connect(target)) {
            try {
                Transactions.useSnapshot(in, snapshot);
                try (Statement s = in.createStatement()) {
                    // a transformed table is read by a query whose expressions JIT would compile for seconds
                    // (19 s instead of 3 s for 500 000 partners here); a plain table copy never uses JIT
                    s.execute("SET LOCAL jit = off");
                }
                // no trigger fires and no foreign key is checked while the rows stream, without session_replication_role
                // (which only a superuser may set): triggers and constraints are post-data, created after the rows
                out.setAutoCommit(false);
                CopyManager cmIn = in.unwrap(PGConnection.class).getCopyAPI();
                CopyManager cmOut = out.unwrap(PGConnection.class).getCopyAPI();
                String format = binary ? " (FORMAT binary)" : "";
                Table t;
                while ((t = queue.poll()) != null) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted while copying " + t.qualified());
                    }
                    if (t.columns() == null || transform.emptied(t.schema(), t.name())) {
                        done.add(1);
                        continue;
                    }
                    CopyOut co = cmIn.copyOut("COPY " + t.source(transform.columns(t.schema(), t.name())) + " TO STDOUT" + format);
                    CopyIn ci = cmOut.copyIn("COPY " + t.qualified() + " (" + t.columnList() + ") FROM STDIN" + format);
                    try {
                        byte[] buf;
                        while ((buf = co.readFromCopy()) != null) {
                            ci.writeToCopy(buf, 0, buf.length);
                            bytes += buf.length;
                        }
                        rows += ci.endCopy();
                    } catch (SQLException e) {
                        if (ci.isActive()) {
                            ci.cancelCopy();
                        }
                        throw e;
                    }
                    out.commit();
                    done.add(1);
                }
                in.commit();
            } catch (SQLException | RuntimeException e) {
                if (!(e instanceof SourceLostException) && !alive(in)) {
                    throw sourceLost(e);
                }
                throw e;
            }
        }
        return new long[] {rows, bytes};
    }

    /**
     * Every sequence's position, read from the sequence itself ({@code last_value}, {@code is_called}) as pg_dump does:
     * {@code pg_sequences.last_value} is null for a sequence never called, also one moved by {@code ALTER SEQUENCE …
     * RESTART WITH n}, whose next value is then n, not its start value (a copy that left it there gave rows' ids again).
     */
    private void copySequences(Connection snap) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = snap.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename)
                  FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
                   AND has_sequence_privilege(quote_ident(schemaname) || '.' || quote_ident(sequencename), 'SELECT')""")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        List<Object[]> seqs = new ArrayList<>();
        try (Statement s = snap.createStatement()) {
            for (String q : names) {
                try (ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM " + q)) {
                    rs.next();
                    seqs.add(new Object[] {q, rs.getLong(1), rs.getBoolean(2)});
                }
            }
        }
        try (Connection t = Pg.connect(target); PreparedStatement ps = t.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
            for (Object[] q : seqs) {
                ps.setString(1, (String) q[0]);
                ps.setLong(2, (Long) q[1]);
                ps.setBoolean(3, (Boolean) q[2]);
                ps.execute();
            }
        }
    }
}
