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
        return start(environment, operation, operationId, null);
    }

    /** Starts an entry with details known from the start (replaced by those its end records); null: none. */
    public long start(String environment, String operation, String operationId, Map<String, ?> details) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "INSERT INTO history (environment, operation, operation_id, details) VALUES (?, ?, ?, ?::jsonb) RETURNING id")) {
            SnapshotCatalog.bind(ps, environment, operation, operationId, details == null ? null : Json.write(details));
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
     * processes are gone. Rehearsals ({@value #REHEARSAL}) are left out: they run without the environment's lock, so only
     * the lock of their own throwaway database's name proves one dead ({@link #closeRehearsal}, called by the rehearsal
     * sweep). Returns how many were closed.
     */
    public int closeOrphans(String environment, String currentOperationId) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "UPDATE history h SET finished_at = now(), result = coalesce((SELECT CASE WHEN j.step LIKE 'swapped%' THEN 'ok' "
                        + "WHEN j.step LIKE 'undone%' OR j.step LIKE 'abandoned%' THEN 'failed' ELSE split_part(j.step, ' ', 1) END "
                        + "FROM journal j WHERE j.operation_id = h.operation_id AND NOT j.open), 'interrupted'), "
                        + "details = coalesce(h.details, '{}'::jsonb) || jsonb_build_object('interrupted', true, 'closedBy', ?::text) "
                        + "WHERE h.environment = ? AND h.finished_at IS NULL AND h.operation_id <> ? AND h.operation <> '" + REHEARSAL + "' "
                        + "AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.operation_id = h.operation_id AND j.open)")) {
            SnapshotCatalog.bind(ps, currentOperationId, environment, currentOperationId);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw store.error("close the history entries of killed operations of " + environment, e);
        }
    }

    /** The history's operation name of a rehearsal (RehearsalNames.OPERATION). */
    public static final String REHEARSAL = "rehearse";

    /**
     * The unfinished rehearsals of {@code environment} whose copy lives on environment {@code copyOn}'s server (those
     * recorded without it: on the rehearsed environment's own): their operation ids.
     */
    /** The environments on whose servers unfinished rehearsals of {@code environment} made their copies ({@code --server-of}). */
    public java.util.Set<String> unfinishedRehearsalHosts(String environment) {
        return new java.util.TreeSet<>(column("read the unfinished rehearsals of " + environment,
                "SELECT DISTINCT coalesce(details->>'copyOn', environment) FROM history WHERE environment = ? AND operation = '"
                        + REHEARSAL + "' AND finished_at IS NULL", environment));
    }

    public List<String> unfinishedRehearsals(String environment, String copyOn) {
        return column("read the unfinished rehearsals of " + environment,
                "SELECT operation_id FROM history WHERE environment = ? AND operation = '" + REHEARSAL + "' AND finished_at IS NULL "
                        + "AND coalesce(details->>'copyOn', environment) = ? ORDER BY id", environment, copyOn);
    }

    /** The first column of a query's rows. */
    private List<String> column(String whatFor, String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            SnapshotCatalog.bind(ps, args);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.error(whatFor, e);
        }
    }

    /**
     * Closes the history entry of rehearsal {@code operationId} of {@code environment} as {@code interrupted}, when it is
     * unfinished: call only when the lock of its throwaway database's name proves it dead. Returns whether one was closed.
     */
    public boolean closeRehearsal(String environment, String operationId, String closedBy) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "UPDATE history SET finished_at = now(), result = 'interrupted', details = coalesce(details, '{}'::jsonb) "
                        + "|| jsonb_build_object('interrupted', true, 'closedBy', ?::text) WHERE environment = ? AND operation = '"
                        + REHEARSAL + "' AND operation_id = ? AND finished_at IS NULL")) {
            SnapshotCatalog.bind(ps, closedBy, environment, operationId);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw store.error("close the history entry of rehearsal " + operationId + " of " + environment, e);
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

    /** Operations that change what runs on an environment or its data: a plan made before one of them is stale. */
    public static final List<String> CHANGING_OPERATIONS = List.of("deploy", "rollback", "restore", "clone", "recover");

    /**
     * The environment's last operation that changed what runs or its data ({@link #CHANGING_OPERATIONS}), as
     * {@code "deploy 20261206-…: deployed"} (result {@code running} while unfinished); {@code "none"} before the first.
     */
    public String lastChange(String environment) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT operation, operation_id, result FROM history WHERE environment = ? AND operation = ANY (?) "
                        + "ORDER BY started_at DESC, id DESC LIMIT 1")) {
            ps.setString(1, environment);
            ps.setArray(2, store.connection().createArrayOf("text", CHANGING_OPERATIONS.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "none";
                }
                return rs.getString(1) + " " + rs.getString(2) + ": " + (rs.getString(3) == null ? "running" : rs.getString(3));
            }
        } catch (SQLException e) {
            throw store.error("read the last operation of " + environment, e);
        }
    }

    /**
     * The environment's last successful deploy of an image, by image id or registry digest (either may be null), as
     * {@code deploy <operation id> at <finished>}; empty when none.
     */
    public java.util.Optional<String> deployedAndHealthy(String environment, String imageId, String imageDigest) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT operation_id, finished_at FROM history WHERE environment = ? AND operation = 'deploy' AND result = 'deployed' "
                        + "AND ((?::text IS NOT NULL AND details->>'imageId' = ?) OR (?::text IS NOT NULL AND details->>'imageDigest' = ?)) "
                        + "ORDER BY finished_at DESC, id DESC LIMIT 1")) {
            SnapshotCatalog.bind(ps, environment, imageId, imageId, imageDigest, imageDigest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of("deploy " + rs.getString(1) + " at " + rs.getTimestamp(2).toInstant());
            }
        } catch (SQLException e) {
            throw store.error("read the deploys of " + environment, e);
        }
    }

    /**
     * The downtime and module-update time (milliseconds; update null when it ran none) of the environment's last
     * {@code limit} successful deploys that did ({@code updated}) or did not update modules, newest first.
     */
    public List<long[]> deployTimings(String environment, boolean updated, int limit) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT (details->>'downtimeMs')::bigint, (details->'phaseMillis'->>'update')::bigint FROM history "
                        + "WHERE environment = ? AND operation = 'deploy' AND result = 'deployed' AND details->>'downtimeMs' IS NOT NULL "
                        + "AND (coalesce(details->>'modules', '') <> '') = ? ORDER BY finished_at DESC, id DESC LIMIT ?")) {
            SnapshotCatalog.bind(ps, environment, updated, limit);
            List<long[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long update = rs.getLong(2);
                    out.add(new long[] {rs.getLong(1), rs.wasNull() ? -1 : update});
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.error("read the deploy timings of " + environment, e);
        }
    }
}
