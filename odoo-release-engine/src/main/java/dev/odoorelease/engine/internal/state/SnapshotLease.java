package dev.odoorelease.engine.internal.state;

import dev.odoorelease.engine.internal.db.Pg;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A running operation's hold on a snapshot it reads from another environment's catalog (a clone of production's newest
 * snapshot): a PostgreSQL session-level advisory lock, <em>shared</em>, on the snapshot's id in the state database, held on
 * a connection of its own for as long as the operation reads. Retention and {@code snapshots delete} take the same key
 * <em>exclusively</em> before they delete ({@link #tryExclusive}) and keep a snapshot whose lease they cannot get.
 *
 * <p>Unlike the catalog's {@code pinned_by} (one operation's name, for journaled operations whose recovery releases it),
 * any number of leases hold one snapshot at once — two clones of the same snapshot no longer release each other's hold when
 * the first one ends — and a lease cannot be left behind: when its holder dies (kill -9, a lost agent) the server drops the
 * connection and the lock with it, so the snapshot is not kept for ever.
 */
public final class SnapshotLease implements AutoCloseable {
    static final String NAMESPACE = "odoo-release:snapshot";
    private final Connection connection;

    private SnapshotLease(Connection connection) {
        this.connection = connection;
    }

    /** {@code SELECT <function>(hashtext(NAMESPACE), hashtext(snapshotId))}, prepared on {@code c}: the lease's key. */
    private static PreparedStatement keyed(Connection c, String function, String snapshotId) throws SQLException {
        PreparedStatement ps = c.prepareStatement("SELECT " + function + "(hashtext(?), hashtext(?))");
        ps.setString(1, NAMESPACE);
        ps.setString(2, snapshotId);
        return ps;
    }

    /**
     * Takes a lease on {@code snapshotId} of {@code store}'s catalog for {@code holder} (said to whoever finds the snapshot in
     * use); waits while a deletion of it runs. Empty when the snapshot is no longer verified once the lease is held (deleted
     * meanwhile): the caller picks another one.
     */
    public static java.util.Optional<SnapshotLease> take(StateStore store, String snapshotId, String holder) {
        String name = "odoo-release lease " + holder;
        Connection c = Pg.connect(store.target(), store.target().database(), name.length() > 63 ? name.substring(0, 63) : name);
        try {
            try (PreparedStatement ps = keyed(c, "pg_advisory_lock_shared", snapshotId)) {
                ps.execute();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT status FROM snapshot WHERE id = ?")) {
                ps.setString(1, snapshotId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !"verified".equals(rs.getString(1))) {
                        StateStore.close(c);
                        return java.util.Optional.empty();
                    }
                }
            }
            return java.util.Optional.of(new SnapshotLease(c));
        } catch (SQLException e) {
            StateStore.close(c);
            throw Pg.sqlError("hold snapshot " + snapshotId + " for " + holder, store.target(), e);
        }
    }

    /**
     * On {@code store}'s own connection: the exclusive hold on {@code snapshotId} that a deletion takes, or false when a running
     * operation leases it. Released by {@link #releaseExclusive} (the deletion is done) or when the connection closes.
     */
    public static boolean tryExclusive(StateStore store, String snapshotId) {
        try (PreparedStatement ps = keyed(store.connection(), "pg_try_advisory_lock", snapshotId)) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw store.error("check whether snapshot " + snapshotId + " is in use", e);
        }
    }

    public static void releaseExclusive(StateStore store, String snapshotId) {
        try (PreparedStatement ps = keyed(store.connection(), "pg_advisory_unlock", snapshotId)) {
            ps.execute();
        } catch (SQLException e) {
            throw store.error("release snapshot " + snapshotId, e);
        }
    }

    /** Who holds a lease on {@code snapshotId} now (their connections' names), for a message; empty when nobody does. */
    public static List<String> holders(StateStore store, String snapshotId) {
        List<String> found = new ArrayList<>();
        try {
            for (AdvisoryHolders.Holder h : AdvisoryHolders.of(store.connection(), NAMESPACE, snapshotId)) {
                String app = h.applicationName();
                if (h.shared()) {
                    found.add(app != null && app.startsWith("odoo-release lease ") ? app.substring("odoo-release lease ".length())
                            : "a session named '" + app + "'");
                }
            }
        } catch (SQLException e) {
            throw store.error("list who uses snapshot " + snapshotId, e);
        }
        return found;
    }

    /** Releases the lease: closing its connection ends the session, and the server releases the lock with it. */
    @Override
    public void close() {
        StateStore.close(connection);
    }
}
