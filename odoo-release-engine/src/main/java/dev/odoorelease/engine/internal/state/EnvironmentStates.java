package dev.odoorelease.engine.internal.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import dev.odoorelease.engine.result.DeployedVersion;

/** What is deployed in each environment: the environment_state rows of a {@link StateStore}. */
public final class EnvironmentStates {
    private final StateStore store;

    EnvironmentStates(StateStore store) {
        this.store = store;
    }

    public Optional<DeployedVersion> get(String environment) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT image, commit, modules::text, deployed_at, snapshot_id, build FROM environment_state WHERE environment = ?")) {
            ps.setString(1, environment);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                @SuppressWarnings("unchecked")
                Map<String, String> modules = rs.getString(3) == null ? Map.of() : Json.read(rs.getString(3), Map.class);
                return Optional.of(new DeployedVersion(environment, rs.getString(1), rs.getString(2), modules,
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)));
            }
        } catch (SQLException e) {
            throw store.error("read the deployed state of " + environment, e);
        }
    }

    public void record(DeployedVersion d) {
        try (PreparedStatement ps = store.connection().prepareStatement("""
                INSERT INTO environment_state (environment, image, commit, modules, deployed_at, snapshot_id, build)
                VALUES (?, ?, ?, ?::jsonb, now(), ?, ?)
                ON CONFLICT (environment) DO UPDATE SET image = EXCLUDED.image, commit = EXCLUDED.commit,
                  modules = EXCLUDED.modules, deployed_at = now(), snapshot_id = EXCLUDED.snapshot_id, build = EXCLUDED.build""")) {
            SnapshotCatalog.bind(ps, d.environment(), d.image(), d.commit(), Json.write(d.modules()), d.snapshotId(), d.build());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.error("record the deployed state of " + d.environment(), e);
        }
    }
}
