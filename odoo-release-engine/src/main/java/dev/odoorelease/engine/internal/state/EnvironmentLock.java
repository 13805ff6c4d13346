package dev.odoorelease.engine.internal.state;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.progress.ProgressListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock of one database: a PostgreSQL session-level advisory lock held in the {@code postgres} database of the
 * server the database lives on, keyed by the database's name there. It is therefore keyed by what the database
 * <em>is</em> (this server, this name) and not by the environment's name or by how the server is spelled: two
 * environments, two configuration files or two Jenkins jobs that name one database — as {@code localhost} and
 * {@code 127.0.0.1}, or under two environment names — take the same lock and run one after the other.
 *
 * <p>Operations that change the database hold it exclusively; a live clone that reads the database holds it shared, so
 * a deploy or restore (which terminates the database's sessions) waits for the clone instead of killing it, and a
 * clone does not start while one of those runs. The lock lives on its own connection, whose
 * {@code application_name} says who holds it; when the holder dies (kill -9, lost agent) the server drops the
 * connection and the lock with it, which is how the next run knows leftovers are orphans.
 */
public final class EnvironmentLock implements AutoCloseable {
    private static final String NAMESPACE = "odoo-release:database";
    private final Connection connection;
    private final String environment;

    private EnvironmentLock(Connection connection, String environment) {
        this.connection = connection;
        this.environment = environment;
    }

    /**
     * Waits up to {@code timeout} for the exclusive lock of {@code database} (the environment's database), telling the
     * listener who holds it.
     *
     * @throws OdooReleaseException {@link ErrorCode#LOCKED} when the timeout passes
     */
    public static EnvironmentLock acquire(DbTarget database, String environment, String operation, String operationId,
                                          Duration timeout, ProgressListener progress) {
        return acquire(database, environment, operation, operationId, false, timeout, progress);
    }

    /**
     * Waits up to {@code timeout} for the lock of {@code database}: {@code shared} for an operation that only reads it
     * and must not have its sessions terminated meanwhile (a live clone), otherwise exclusive.
     */
    public static EnvironmentLock acquire(DbTarget database, String environment, String operation, String operationId,
                                          boolean shared, Duration timeout, ProgressListener progress) {
        Connection c = Pg.connect(database, "postgres", applicationName(operation, operationId, environment, shared));
        String what = "database " + database.database() + " of environment " + environment;
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextReport = 0;
            while (true) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock" + (shared ? "_shared" : "")
                        + "(hashtext(?), hashtext(?))")) {
                    ps.setString(1, NAMESPACE);
                    ps.setString(2, database.database());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            break;
                        }
                    }
                }
                String holders = holders(c, database.database());
                if (System.nanoTime() >= deadline) {
                    throw new OdooReleaseException(ErrorCode.LOCKED, "Unable to lock " + what + " for " + operation
                            + " within " + timeout.toSeconds() + " s: " + holders
                            + ". Wait for it to finish, or raise the lock timeout; nothing was changed.");
                }
                if (System.nanoTime() >= nextReport) {
                    progress.info("Waiting for " + what + ": " + holders);
                    nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                }
                Thread.sleep(500);
            }
            return new EnvironmentLock(c, environment);
        } catch (SQLException e) {
            closeQuietly(c);
            throw Pg.sqlError("lock " + what, database, e);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted while waiting for the lock of " + what
                    + "; nothing was changed.", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * {@code odoo-release <operation> <id> [reading] <environment>}: what another run sees of the holder (PostgreSQL keeps
     * 63 bytes of it, so the operation and its id come first).
     */
    private static String applicationName(String operation, String operationId, String environment, boolean shared) {
        String name = "odoo-release " + operation + " " + operationId + " " + (shared ? "reading " : "") + environment;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Who holds the lock of {@code database} now, from the server's lock table (readable by every role). */
    private static String holders(Connection c, String database) throws SQLException {
        List<String> found = new ArrayList<>();
        for (AdvisoryHolders.Holder h : AdvisoryHolders.of(c, NAMESPACE, database)) {
            String app = h.applicationName();
            String who = app != null && app.startsWith("odoo-release ") ? app.substring("odoo-release ".length())
                    : "a session named '" + app + "'";
            found.add(who + " (server pid " + h.pid() + ", since " + h.since() + ")");
        }
        return found.isEmpty() ? "another operation holds it" : String.join(", ", found) + (found.size() == 1 ? " holds it" : " hold it");
    }

    public String environment() {
        return environment;
    }

    /** Releases the lock (closing its connection). */
    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
