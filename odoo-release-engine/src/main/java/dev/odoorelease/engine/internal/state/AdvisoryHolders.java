package dev.odoorelease.engine.internal.state;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Who holds a two-key advisory lock ({@code pg_advisory_lock(hashtext(namespace), hashtext(key))}) in the current database,
 * from the server's lock table joined with its sessions (readable by every role): the sessions' names say who they are
 * ({@link EnvironmentLock}, {@link SnapshotLease}).
 */
final class AdvisoryHolders {
    /** One session holding the lock: its {@code application_name}, server pid, start, and whether it holds it shared. */
    record Holder(String applicationName, int pid, Instant since, boolean shared) {
    }

    private AdvisoryHolders() {
    }

    /** The sessions holding the lock now, oldest first. */
    static List<Holder> of(Connection c, String namespace, String key) throws SQLException {
        List<Holder> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.application_name, a.pid, a.backend_start, l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid::bigint = (hashtext(?)::bigint & 4294967295) AND l.objid::bigint = (hashtext(?)::bigint & 4294967295)
                ORDER BY a.backend_start""")) {
            ps.setString(1, namespace);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    java.sql.Timestamp start = rs.getTimestamp(3);
                    found.add(new Holder(rs.getString(1), rs.getInt(2), start == null ? null : start.toInstant(),
                            "ShareLock".equals(rs.getString(4))));
                }
            }
        }
        return found;
    }
}
