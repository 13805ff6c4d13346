package dev.odoorelease.engine.internal.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The rehearsals in a {@link StateStore}'s history (operation {@code rehearse}), as a plan reads them. */
public final class Rehearsals {
    private final StateStore store;

    public Rehearsals(StateStore store) {
        this.store = store;
    }

    /**
     * A finished rehearsal.
     *
     * @param operationId  its id
     * @param finishedAt   when it ended
     * @param passed       whether it passed
     * @param updateMillis how long its module update ran, -1 when none ran
     * @param failure      why it failed, null when it passed
     */
    public record Last(String operationId, Instant finishedAt, boolean passed, long updateMillis, String failure) {
    }

    /** The environment's last finished rehearsal of an image, by image id or registry digest (either may be null). */
    public Optional<Last> last(String environment, String imageId, String imageDigest) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT operation_id, finished_at, result, (details->>'updateMs')::bigint, details->>'failure' FROM history "
                        + "WHERE environment = ? AND operation = 'rehearse' AND result IN ('passed', 'failed') "
                        + "AND ((?::text IS NOT NULL AND details->>'imageId' = ?) OR (?::text IS NOT NULL AND details->>'imageDigest' = ?)) "
                        + "ORDER BY finished_at DESC, id DESC LIMIT 1")) {
            SnapshotCatalog.bind(ps, environment, imageId, imageId, imageDigest, imageDigest);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long update = rs.getLong(4);
                return Optional.of(new Last(rs.getString(1), rs.getTimestamp(2).toInstant(), "passed".equals(rs.getString(3)),
                        rs.wasNull() ? -1 : update, rs.getString(5)));
            }
        } catch (SQLException e) {
            throw store.error("read the rehearsals of " + environment, e);
        }
    }
}
