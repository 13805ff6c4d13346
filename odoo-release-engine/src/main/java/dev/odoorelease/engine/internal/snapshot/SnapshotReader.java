package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.PgTools;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.Snapshot;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of the source made readable ON THE SOURCE'S SERVER, so that a clone from it can stream
 * rewritten rows ({@code COPY (SELECT <pseudonyms> FROM t)}) to the target exactly as a live clone
 * does: the originals never reach the target server, not even for the time of a copy that a
 * {@code kill -9} could leave behind.
 *
 * <ul>
 * <li>A template snapshot is a database on the source's server, closed to connections: it is opened
 *     for the time of the read and closed again.</li>
 * <li>A dump snapshot is restored ({@code pg_restore -j N}) into a scratch database
 *     {@code ors_snapread_<operation>} on the source's server (which holds these data already), read,
 *     and dropped. While it exists, the reading process holds a session advisory lock named after it,
 *     which PostgreSQL releases when the process dies: the next reader on that server drops every
 *     {@code ors_snapread_*} database whose lock it can take (its owner is gone), so a killed clone
 *     leaves nothing behind for long, and never on the target's server.</li>
 * </ul>
 */
final class SnapshotReader implements AutoCloseable {
    static final String PREFIX = "ors_snapread_";

    private final Environment source;
    private final Snapshot snap;
    private final String readDb;
    private final boolean scratch;
    private final ProgressListener progress;
    private DatabaseAdmin lockHolder;

    private SnapshotReader(Environment source, Snapshot snap, String readDb, boolean scratch, ProgressListener progress) {
        this.source = source;
        this.snap = snap;
        this.readDb = readDb;
        this.scratch = scratch;
        this.progress = progress;
    }

    /** Opens {@code snap} for reading on the source's server; {@code op}: the clone's operation id (database-safe). */
    static SnapshotReader open(Environment source, Snapshot snap, String op, int jobs, ProgressListener progress) {
        if (snap.kind() == SnapshotKind.TEMPLATE) {
            SnapshotReader r = new SnapshotReader(source, snap, snap.databaseName(), false, progress);
            try (DatabaseAdmin admin = DatabaseAdmin.on(source.db())) {
                admin.allowConnections(snap.databaseName(), true);
            }
            return r;
        }
        SnapshotReader r = new SnapshotReader(source, snap, PREFIX + op, true, progress);
        r.lockHolder = DatabaseAdmin.on(source.db());
        try {
            dropAbandoned(r.lockHolder, source.db(), progress);
            lock(r.lockHolder, source.db(), r.readDb, true);
            r.lockHolder.createEmpty(r.readDb);
            PgTools tools = PgTools.forServer(r.lockHolder.serverMajor());
            progress.info("  pg_restore of dump snapshot " + snap.id() + " into " + r.readDb + " on the source's server "
                    + source.db().server() + " (" + jobs + " jobs), to stream it rewritten");
            ProcessResult res = tools.run(tools.pgRestore(), source.db(), List.of("--dbname", r.readDb, "--jobs", String.valueOf(jobs),
                    "--no-owner", "--no-privileges", "--exit-on-error", Path.of(snap.location()).resolve("db").toString()),
                    Duration.ofHours(12), source.db().password());
            if (!res.ok()) {
                throw PgDumpErrors.map("restore snapshot " + snap.id() + " into " + r.readDb, source, res);
            }
            return r;
        } catch (RuntimeException e) {
            try {
                r.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Where the snapshot can be read: the source's server, the snapshot's (or scratch) database. */
    DbTarget db() {
        return source.db().withDatabase(readDb);
    }

    @Override
    public void close() {
        if (!scratch) {
            try (DatabaseAdmin admin = DatabaseAdmin.on(source.db())) {
                admin.allowConnections(snap.databaseName(), false);
            }
            return;
        }
        try {
            lockHolder.dropIfExists(readDb);
        } finally {
            lockHolder.close(); // ends the session: its advisory lock goes with it
        }
    }

    /** Drops the scratch databases of readers that died (their advisory lock is free). */
    private static void dropAbandoned(DatabaseAdmin admin, DbTarget server, ProgressListener progress) {
        List<String> names = new ArrayList<>();
        try (Statement s = admin.connection().createStatement(); ResultSet rs = s.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE 'ors\\_snapread\\_%' ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw Pg.sqlError("list the snapshot reads on the source's server", server, e);
        }
        for (String name : names) {
            if (lock(admin, server, name, false)) {
                progress.info("  dropping " + name + ", left on the source's server by a clone that was killed");
                admin.dropIfExists(name);
                unlock(admin, server, name);
            }
        }
    }

    /** Takes the session advisory lock of a scratch database; {@code wait}: block until free, else try once. */
    private static boolean lock(DatabaseAdmin admin, DbTarget server, String name, boolean wait) {
        try (PreparedStatement ps = admin.connection().prepareStatement(
                "SELECT " + (wait ? "pg_advisory_lock" : "pg_try_advisory_lock") + "(hashtext('odoo-release ' || ?))::text")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return wait || "true".equals(rs.getString(1));
            }
        } catch (SQLException e) {
            throw Pg.sqlError("take the advisory lock of " + name, server, e);
        }
    }

    private static void unlock(DatabaseAdmin admin, DbTarget server, String name) {
        try (PreparedStatement ps = admin.connection().prepareStatement("SELECT pg_advisory_unlock(hashtext('odoo-release ' || ?))")) {
            ps.setString(1, name);
            ps.execute();
        } catch (SQLException e) {
            throw Pg.sqlError("release the advisory lock of " + name, server, e);
        }
    }
}
