package dev.odoorelease.engine.internal.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The engine's JDBC transaction plumbing, in one place: a block that commits or rolls back, the same
 * with the connection's auto-commit setting restored, and the two ends of an exported MVCC snapshot
 * (one connection exports it, others read in it).
 *
 * <pre>{@code
 * Report r = Transactions.inTransaction(connection, () -> apply(connection));
 * String snapshot = Transactions.exportSnapshot(reader);      // held while reader's transaction is open
 * Transactions.useSnapshot(worker, snapshot);                 // worker sees exactly what reader sees
 * }</pre>
 */
public final class Transactions {
    private Transactions() {
    }

    /** Work on a connection that may fail with an {@link SQLException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface Step {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction of its own: commits when it returns; rolls back when it throws
     * anything (a failing rollback is added to the first error as suppressed) and rethrows. The connection's
     * auto-commit setting is restored afterwards, so the caller's connection is left as it was given.
     */
    public static <T> T inTransaction(Connection c, Work<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            return commitOrRollback(c, work);
        } finally {
            restoreAutoCommit(c, autoCommit);
        }
    }

    /** {@link #inTransaction(Connection, Work)} without a result. */
    public static void inTransaction(Connection c, Step step) throws SQLException {
        inTransaction(c, () -> {
            step.run();
            return null;
        });
    }

    /**
     * On a connection already out of auto-commit: runs {@code work}, then commits; rolls back when it
     * throws (the rollback's own failure suppressed into the first error) and rethrows.
     */
    public static <T> T commitOrRollback(Connection c, Work<T> work) throws SQLException {
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException | Error e) {
            rollback(c, e);
            throw e;
        }
    }

    /** {@link #commitOrRollback(Connection, Work)} without a result. */
    public static void commitOrRollback(Connection c, Step step) throws SQLException {
        commitOrRollback(c, () -> {
            step.run();
            return null;
        });
    }

    /**
     * Runs read-only {@code work} inside the caller's transaction when it has one (the connection is not in
     * auto-commit), else in a transaction of its own, which ends once it is done (e.g. a cursor with a fetch
     * size needs a transaction).
     */
    public static <T> T inCallersOrOwnTransaction(Connection c, Work<T> work) throws SQLException {
        return c.getAutoCommit() ? inTransaction(c, work) : work.run();
    }

    /** Rolls back, adding a failure of the rollback itself to {@code cause} (the error that matters). */
    public static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // the connection is gone: nothing to restore, and the caller sees the first error
        }
    }

    /**
     * Opens a repeatable-read, read-only transaction on {@code c} and exports its snapshot: until that
     * transaction ends, other sessions (and {@code pg_dump --snapshot}) can read the database exactly as
     * {@code c} sees it. The connection is left out of auto-commit; the caller ends the transaction.
     *
     * @return the snapshot's name, for {@link #useSnapshot}
     */
    public static String exportSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /**
     * Opens a repeatable-read, read-only transaction on {@code c} in the snapshot another session exported
     * ({@link #exportSnapshot}). The connection is left out of auto-commit; the caller ends the transaction.
     */
    public static void useSnapshot(Connection c, String snapshot) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            s.execute("SET TRANSACTION SNAPSHOT '" + snapshot.replace("'", "''") + "'");
        }
    }
}
