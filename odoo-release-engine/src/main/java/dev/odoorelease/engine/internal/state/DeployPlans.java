package dev.odoorelease.engine.internal.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deploy plans of a {@link StateStore}: a plan's facts (what its id hashes) and inputs, stored when the plan is made
 * so that a deploy given only the id can find them, with the server's own clock deciding when the plan expires.
 */
public final class DeployPlans {
    private final StateStore store;

    DeployPlans(StateStore store) {
        this.store = store;
    }

    /**
     * A plan as stored.
     *
     * @param expired whether its expiry time has passed, by the database server's clock (the same for every agent)
     */
    public record Stored(String id, String environment, Instant createdAt, Instant expiresAt, boolean expired,
                         Map<String, String> inputs, Map<String, String> facts) {
    }

    /**
     * Stores a plan; planning the same facts again (same id) starts its validity again. Returns it as stored (with the
     * server's creation and expiry times).
     */
    public Stored save(String id, String environment, Duration validity, Map<String, String> inputs, Map<String, String> facts) {
        try (PreparedStatement ps = store.connection().prepareStatement("""
                INSERT INTO deploy_plan (id, environment, expires_at, inputs, facts)
                VALUES (?, ?, now() + make_interval(secs => ?), ?::jsonb, ?::jsonb)
                ON CONFLICT (id) DO UPDATE SET created_at = now(), expires_at = EXCLUDED.expires_at, inputs = EXCLUDED.inputs
                RETURNING created_at, expires_at""")) {
            SnapshotCatalog.bind(ps, id, environment, validity.toMillis() / 1000.0, Json.write(inputs), Json.write(facts));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Stored(id, environment, rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), false, inputs, facts);
            }
        } catch (SQLException e) {
            throw store.error("store deploy plan " + id + " of " + environment, e);
        }
    }

    /** The plan of that id, whatever its environment (the caller checks it); empty when there is none. */
    public Optional<Stored> find(String id) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT environment, created_at, expires_at, expires_at <= now(), inputs::text, facts::text FROM deploy_plan WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Stored(id, rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                        rs.getBoolean(4), strings(rs.getString(5)), strings(rs.getString(6))));
            }
        } catch (SQLException e) {
            throw store.error("read deploy plan " + id, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> strings(String json) {
        Map<String, Object> raw = Json.read(json, LinkedHashMap.class);
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, v == null ? null : String.valueOf(v)));
        return out;
    }
}
