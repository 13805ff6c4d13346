package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.state.StateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * How the engine knows data was scrubbed. Every stage clone's neutralization gives the copy a new {@code database.uuid}
 * (production's is never reused); when the copy passed verification, the stage clone records that uuid for its target
 * environment here ({@code scrubbed_copy}, in the target's state database). Snapshots, restores and template copies of
 * the copy keep its uuid, so a database is scrubbed data of an environment exactly when its uuid is recorded for it: a
 * production dump restored into staging by hand, or a snapshot taken before the first stage clone, carries another uuid
 * and is refused as a preview source.
 */
public final class ScrubbedCopies {
    private ScrubbedCopies() {
    }

    /** Records the copy {@code c} is connected to as scrubbed data of {@code target} by stage clone {@code stageCloneId}. */
    public static void record(Environment target, Connection copy, String stageCloneId) {
        String uuid;
        try {
            uuid = uuid(copy).orElseThrow(() -> new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to record the stage clone "
                    + stageCloneId + " of " + target.name() + " as scrubbed: the copy has no database.uuid although it was neutralized. "
                    + "Check the neutralization rules."));
        } catch (SQLException e) {
            throw Pg.sqlError("read the database.uuid of the copy", target.db(), e);
        }
        try (StateStore st = StateStore.open(target)) {
            PreviewRegistry.in(st);
            try (PreparedStatement ps = st.connection().prepareStatement("""
                    INSERT INTO scrubbed_copy (database_uuid, environment, stage_clone_id) VALUES (?, ?, ?)
                    ON CONFLICT (environment, database_uuid) DO UPDATE SET stage_clone_id = EXCLUDED.stage_clone_id, verified_at = now()""")) {
                ps.setString(1, uuid);
                ps.setString(2, target.name());
                ps.setString(3, stageCloneId);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw Pg.sqlError("record the stage clone " + stageCloneId + " as scrubbed", st.target(), e);
            }
        }
    }

    /** The stage clone that scrubbed the data {@code c} is connected to, for environment {@code source}; empty: not scrubbed data of it. */
    static Optional<String> scrubbedBy(StateStore st, String source, Connection c) throws SQLException {
        Optional<String> uuid = uuid(c);
        if (uuid.isEmpty()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = st.connection().prepareStatement(
                "SELECT stage_clone_id FROM scrubbed_copy WHERE environment = ? AND database_uuid = ?")) {
            ps.setString(1, source);
            ps.setString(2, uuid.get());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    static Optional<String> uuid(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM ir_config_parameter WHERE key = 'database.uuid'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getString(1) != null && !rs.getString(1).isBlank() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}
