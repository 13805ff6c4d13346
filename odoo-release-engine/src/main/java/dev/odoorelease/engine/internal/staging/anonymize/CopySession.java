package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.progress.ProgressListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The connection an anonymization works on and how its statements run there: the lock timeout, the
 * memory of index rebuilds, JIT off, whether changed tables get {@code VACUUM FULL}, from how many rows a
 * table is rewritten rather than updated, and where progress goes.
 */
record CopySession(Connection connection, ProgressListener progress, long rewriteThreshold, boolean vacuumFull,
                   Duration lockTimeout, String maintenanceWorkMem) {

    /** The transaction's settings for statements that lock, rewrite or update a table. */
    void setLocal(Statement s) throws SQLException {
        s.execute("SET LOCAL lock_timeout = '" + Math.max(1, lockTimeout.toMillis()) + "ms'");
        s.execute("SET LOCAL maintenance_work_mem = '" + maintenanceWorkMem + "'");
        noJit(s);
    }

    /**
     * JIT off for the transaction: it compiles the strategies' large expressions (a phone is one small
     * expression per character) for longer than they take to run — seconds per table, more than the
     * whole scan of 500 000 partners.
     */
    static void noJit(Statement s) throws SQLException {
        s.execute("SET LOCAL jit = off");
    }

    /** Rolls back, when there is nothing more to undo than what the rollback undoes. */
    void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // nothing more to undo
        }
    }
}
