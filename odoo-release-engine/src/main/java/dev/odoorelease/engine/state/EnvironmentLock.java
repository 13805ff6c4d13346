package dev.odoorelease.engine.state;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.db.DbTarget;
import dev.odoorelease.engine.db.Pg;
import dev.odoorelease.engine.progress.ProgressListener;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * An environment's exclusive lock: a PostgreSQL session-level advisory lock on the environment's
 * server, so two Jenkins jobs, agents or CLI users can never change one environment at once. It is
 * held by its own connection; when the holder dies (kill -9, lost agent) the server drops the
 * connection and the lock with it, which is how the next run knows leftovers are orphans.
 */
public final class EnvironmentLock implements AutoCloseable {
    private final Connection connection;
    private final String environment;

    private EnvironmentLock(Connection connection, String environment) {
        this.connection = connection;
        this.environment = environment;
    }

    /**
     * Waits up to {@code timeout} for the lock, telling the listener who holds it. The lock lives on the
     * server of {@code store}, on a connection of its own.
     *
     * @throws OdooReleaseException {@link ErrorCode#LOCKED} when the timeout passes
     */
    public static EnvironmentLock acquire(StateStore store, String environment, String operation, String operationId,
                                          Duration timeout, ProgressListener progress) {
        // the open store proves the state database and its tables exist; the lock has a connection of its own
        DbTarget stateTarget = store.target();
        Connection c = Pg.connect(stateTarget);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            long nextReport = 0;
            while (true) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('odoo-release'), hashtext(?))")) {
                    ps.setString(1, environment);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getBoolean(1)) {
                            break;
                        }
                    }
                }
                String holder = holder(c, environment);
                if (System.nanoTime() >= deadline) {
                    throw new OdooReleaseException(ErrorCode.LOCKED, "Unable to lock environment " + environment + " for "
                            + operation + " within " + timeout.toSeconds() + " s: " + holder
                            + ". Wait for it to finish, or raise the lock timeout.");
                }
                if (System.nanoTime() >= nextReport) {
                    progress.info("Waiting for environment " + environment + ": " + holder);
                    nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                }
                Thread.sleep(500);
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO lock_holder (environment, operation, operation_id, holder, since) VALUES (?, ?, ?, ?, now())
                    ON CONFLICT (environment) DO UPDATE SET operation = EXCLUDED.operation,
                      operation_id = EXCLUDED.operation_id, holder = EXCLUDED.holder, since = now()""")) {
                SnapshotCatalog.bind(ps, environment, operation, operationId, whoAmI());
                ps.executeUpdate();
            }
            return new EnvironmentLock(c, environment);
        } catch (SQLException e) {
            closeQuietly(c);
            throw Pg.sqlError("lock environment " + environment, stateTarget, e);
        } catch (InterruptedException e) {
            closeQuietly(c);
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted while waiting for the lock of environment "
                    + environment + "; nothing was changed.", e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static String holder(Connection c, String environment) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT operation, operation_id, holder, since FROM lock_holder WHERE environment = ?")) {
            ps.setString(1, environment);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1) + " " + rs.getString(2) + " by " + rs.getString(3) + " holds it since "
                            + rs.getTimestamp(4).toInstant();
                }
            }
        }
        return "another operation holds it";
    }

    static String whoAmI() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host + " pid " + ProcessHandle.current().pid();
    }

    public String environment() {
        return environment;
    }

    /** Releases the lock (closing its connection). */
    @Override
    public void close() {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM lock_holder WHERE environment = ?")) {
            ps.setString(1, environment);
            ps.executeUpdate();
        } catch (SQLException ignored) {
            // the lock goes with the connection anyway
        }
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
