package dev.odoorelease.engine.internal.state;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.result.JournalEntry;

/**
 * Step records of operations that change an environment in place, written before each step so an
 * interrupted operation (kill -9, a dead agent) can be finished or undone by the next run.
 */
public final class Journal {
    private final StateStore store;
    /** The operation of each journal this process began (names its crash points without a query). */
    private final java.util.Map<String, String> operations = new java.util.concurrent.ConcurrentHashMap<>();

    Journal(StateStore store) {
        this.store = store;
    }

    public void begin(String operationId, String environment, String operation, Map<String, String> data) {
        exec("INSERT INTO journal (operation_id, environment, operation, step, data) VALUES (?, ?, ?, 'begin', ?::jsonb)",
                operationId, environment, operation, Json.write(data));
        operations.put(operationId, operation);
        CrashPoints.reached(operation, "begin");
    }

    /** Records that the operation is about to do (or has done) a step. */
    public void step(String operationId, String step) {
        exec("UPDATE journal SET step = ?, updated_at = now() WHERE operation_id = ?", step, operationId);
        crashPoint(operationId, step);
    }

    public void put(String operationId, String key, String value) {
        exec("UPDATE journal SET data = data || jsonb_build_object(?::text, ?::text), updated_at = now() WHERE operation_id = ?",
                key, value, operationId);
        crashPoint(operationId, "data:" + key);
    }

    public void close(String operationId, String finalStep) {
        exec("UPDATE journal SET step = ?, open = false, updated_at = now() WHERE operation_id = ?", finalStep, operationId);
        crashPoint(operationId, "closed");
    }

    /** The test hook's point of a write that is done (committed): see {@link CrashPoints}. */
    private void crashPoint(String operationId, String step) {
        if (!CrashPoints.active()) {
            return;
        }
        String operation = operations.computeIfAbsent(operationId, id -> find(id).map(JournalEntry::operation).orElse("unknown"));
        CrashPoints.reached(operation, step);
    }

    /** One journal, open or closed. */
    public java.util.Optional<JournalEntry> find(String operationId) {
        return list("SELECT operation_id, environment, operation, step, data::text FROM journal WHERE operation_id = ?", operationId)
                .stream().findFirst();
    }

    /**
     * Finished restores of an environment whose replaced data is still kept (not yet discarded), newest first.
     */
    public List<JournalEntry> keptReplacements(String environment) {
        return list("SELECT operation_id, environment, operation, step, data::text FROM journal WHERE environment = ? AND NOT open "
                + "AND operation = 'restore' AND step LIKE 'swapped%' ORDER BY started_at DESC, operation_id DESC", environment);
    }

    public List<JournalEntry> open(String environment) {
        return list("SELECT operation_id, environment, operation, step, data::text FROM journal WHERE environment = ? AND open "
                + "ORDER BY started_at", environment);
    }

    private List<JournalEntry> list(String sql, String arg) {
        String environment = arg;
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            SnapshotCatalog.bind(ps, environment);
            List<JournalEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> data;
                    try {
                        data = Json.MAPPER.readValue(rs.getString(5), new TypeReference<LinkedHashMap<String, String>>() { });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    out.add(new JournalEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), data));
                }
            }
            return out;
        } catch (SQLException e) {
            throw store.error("read the journal of " + environment, e);
        }
    }

    private void exec(String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            SnapshotCatalog.bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.error("write the operation journal", e);
        }
    }
}
