package dev.odoorelease.engine.internal.state;

import dev.odoorelease.engine.config.SnapshotKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotManifest;
import dev.odoorelease.engine.result.SnapshotStatus;

/** The snapshot rows of a {@link StateStore}. */
public final class SnapshotCatalog {
    private final StateStore store;

    SnapshotCatalog(StateStore store) {
        this.store = store;
    }

    public void insertCreating(String id, String environment, SnapshotKind kind, String label, String databaseName,
                               String location, String operationId) {
        update("record snapshot " + id, """
                INSERT INTO snapshot (id, environment, kind, status, label, database_name, location, operation_id, pinned_by)
                VALUES (?, ?, ?, 'creating', ?, ?, ?, ?, ?)""",
                id, environment, kind.id(), label, databaseName, location, operationId, operationId);
    }

    public void markVerified(String id, SnapshotManifest manifest, long sizeBytes) {
        update("mark snapshot " + id + " verified", """
                UPDATE snapshot SET status = 'verified', finished_at = now(), manifest = ?::jsonb, size_bytes = ?, pinned_by = NULL
                 WHERE id = ?""", Json.write(manifest), sizeBytes, id);
    }

    public void markFailed(String id, String error) {
        update("mark snapshot " + id + " failed", """
                UPDATE snapshot SET status = 'failed', finished_at = now(), error = ?, pinned_by = NULL WHERE id = ?""",
                error, id);
    }

    public void setStatus(String id, SnapshotStatus status) {
        update("update snapshot " + id, "UPDATE snapshot SET status = ? WHERE id = ?", status.id(), id);
    }

    /**
     * Marks the snapshot as needed by a journaled operation (a deploy's or rollback's own snapshot, a rehearsal's copy), whose
     * end or recovery releases it ({@link #unpinAll}). A clone holds a {@link SnapshotLease} instead.
     */
    public void pin(String id, String operationId) {
        update("pin snapshot " + id, "UPDATE snapshot SET pinned_by = ? WHERE id = ?", operationId, id);
    }

    /** Releases every snapshot an operation pinned (it finished, or was recovered). */
    public void unpinAll(String operationId) {
        update("unpin the snapshots of operation " + operationId, "UPDATE snapshot SET pinned_by = NULL WHERE pinned_by = ?",
                operationId);
    }

    public Optional<Snapshot> find(String id) {
        List<Snapshot> l = query("SELECT * FROM snapshot WHERE id = ?", id);
        return l.stream().findFirst();
    }

    /** Snapshots of an environment, newest first, deleted ones left out unless asked. */
    public List<Snapshot> list(String environment, boolean includeDeleted) {
        return query("SELECT * FROM snapshot WHERE environment = ?" + (includeDeleted ? "" : " AND status <> 'deleted'")
                + " ORDER BY created_at DESC, id DESC", environment);
    }

    /** The newest verified snapshot of an environment, of any kind or of one. */
    public Optional<Snapshot> latestVerified(String environment, SnapshotKind kindOrNull) {
        List<Snapshot> l = kindOrNull == null
                ? query("SELECT * FROM snapshot WHERE environment = ? AND status = 'verified' ORDER BY created_at DESC, id DESC LIMIT 1",
                environment)
                : query("SELECT * FROM snapshot WHERE environment = ? AND status = 'verified' AND kind = ? "
                        + "ORDER BY created_at DESC, id DESC LIMIT 1", environment, kindOrNull.id());
        return l.stream().findFirst();
    }

    /** Rows left in 'creating' by operations that are not running (the caller holds the environment lock). */
    public List<Snapshot> creating(String environment) {
        return query("SELECT * FROM snapshot WHERE environment = ? AND status = 'creating'", environment);
    }

    private List<Snapshot> query(String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            bind(ps, args);
            List<Snapshot> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Snapshot(rs.getString("id"), rs.getString("environment"),
                            SnapshotKind.parse(rs.getString("kind")), SnapshotStatus.parse(rs.getString("status")),
                            rs.getString("label"), instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("finished_at")),
                            rs.getString("database_name"), rs.getString("location"), rs.getString("operation_id"),
                            rs.getString("pinned_by"), rs.getLong("size_bytes"),
                            Json.read(rs.getString("manifest"), SnapshotManifest.class), rs.getString("error")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.error("read the snapshot catalog", e);
        }
    }

    private void update(String whatFor, String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.error(whatFor, e);
        }
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
