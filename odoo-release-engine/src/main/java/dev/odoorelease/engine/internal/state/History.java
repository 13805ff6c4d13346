package dev.odoorelease.engine.internal.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.result.HistoryEntry;

/** The history rows of a {@link StateStore}: what ran against an environment and how it ended. */
public final class History {
    private final StateStore store;

    History(StateStore store) {
        this.store = store;
    }

    public long start(String environment, String operation, String operationId) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "INSERT INTO history (environment, operation, operation_id) VALUES (?, ?, ?) RETURNING id")) {
            SnapshotCatalog.bind(ps, environment, operation, operationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw store.error("record the start of " + operation, e);
        }
    }

    public void finish(long id, String result, Map<String, ?> details) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "UPDATE history SET finished_at = now(), result = ?, details = ?::jsonb WHERE id = ?")) {
            SnapshotCatalog.bind(ps, result, Json.write(details), id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.error("record the end of an operation", e);
        }
    }

    /**
     * Closes the history entries of {@code environment} that a killed process left unfinished: those with no open journal
     * (an open one is finished by {@code recover}), other than {@code currentOperationId}. The result is the one its
     * closed journal says ({@code ok} for a completed swap, {@code failed} for one undone or abandoned, a deploy's or
     * rollback's own result), else {@code interrupted}. Call only under the environment's lock, which proves their
     * processes are gone. Returns how many were closed.
     */
    public int closeOrphans(String environment, String currentOperationId) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "UPDATE history h SET finished_at = now(), result = coalesce((SELECT CASE WHEN j.step LIKE 'swapped%' THEN 'ok' "
                        + "WHEN j.step LIKE 'undone%' OR j.step LIKE 'abandoned%' THEN 'failed' ELSE split_part(j.step, ' ', 1) END "
                        + "FROM journal j WHERE j.operation_id = h.operation_id AND NOT j.open), 'interrupted'), "
                        + "details = coalesce(h.details, '{}'::jsonb) || jsonb_build_object('interrupted', true, 'closedBy', ?::text) "
                        + "WHERE h.environment = ? AND h.finished_at IS NULL AND h.operation_id <> ? "
                        + "AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.operation_id = h.operation_id AND j.open)")) {
            SnapshotCatalog.bind(ps, currentOperationId, environment, currentOperationId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw store.error("close the history entries of killed operations of " + environment, e);
        }
    }

    public List<HistoryEntry> recent(String environment, int limit) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT * FROM history WHERE environment = ? ORDER BY started_at DESC, id DESC LIMIT ?")) {
            SnapshotCatalog.bind(ps, environment, limit);
            List<HistoryEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getLong("id"), rs.getString("environment"), rs.getString("operation"),
                            rs.getString("operation_id"), rs.getTimestamp("started_at").toInstant(),
                            rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant(),
                            rs.getString("result"), rs.getString("details")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.error("read the history of " + environment, e);
        }
    }
}
