package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.SqlResource;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.result.PreviewInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The previews of a source environment: the {@code preview} rows in its state database ({@code preview.sql}). A row is
 * written before anything of a preview is created (status {@code creating}) and deleted only after everything of it was
 * removed and that was verified, so nothing a preview made can be forgotten: an interrupted creation or removal is
 * finished by the next preview operation.
 */
final class PreviewRegistry {
    private final StateStore store;

    private PreviewRegistry(StateStore store) {
        this.store = store;
    }

    /** The registry in {@code store}, its tables created when missing. */
    static PreviewRegistry in(StateStore store) {
        try (Statement s = store.connection().createStatement()) {
            s.execute("SELECT pg_advisory_lock(hashtext('odoo-release'), 1)");
            try {
                s.execute(SqlResource.load(PreviewRegistry.class, "preview.sql"));
            } finally {
                s.execute("SELECT pg_advisory_unlock(hashtext('odoo-release'), 1)");
            }
        } catch (SQLException e) {
            throw Pg.sqlError("prepare the preview registry in " + store.target().database(), store.target(), e);
        }
        return new PreviewRegistry(store);
    }

    StateStore store() {
        return store;
    }

    List<PreviewInfo> list(String source) {
        List<PreviewInfo> out = new ArrayList<>();
        try (PreparedStatement ps = store.connection().prepareStatement("SELECT " + COLUMNS
                + " FROM preview WHERE source = ? ORDER BY updated_at, name")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        } catch (SQLException e) {
            throw Pg.sqlError("list the previews of " + source, store.target(), e);
        }
        return out;
    }

    Optional<PreviewInfo> find(String name) {
        try (PreparedStatement ps = store.connection().prepareStatement("SELECT " + COLUMNS + " FROM preview WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Pg.sqlError("look up preview " + name, store.target(), e);
        }
    }

    /** Records a preview about to be created (status {@code creating}), before any of it exists. */
    void insertCreating(PreviewInfo p, Duration ttl) {
        exec("record preview " + p.name(), """
                INSERT INTO preview (name, source, branch, change_id, database, data_dir, container, url, port, status, image, commit,
                                     expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'creating', ?, ?, now() + make_interval(secs => ?))""",
                p.name(), p.source(), p.branch(), p.changeId(), p.database(), p.dataDir(), p.container(), p.url(),
                p.port() == 0 ? null : p.port(), p.image(), p.commit(), (double) ttl.toSeconds());
    }

    /** A preview now serving {@code image}: alive, its TTL counted again from now. */
    void markAlive(String name, String image, String commit, String snapshotId, Duration ttl) {
        exec("record preview " + name + " as alive", """
                UPDATE preview SET status = 'alive', image = ?, commit = ?, snapshot_id = coalesce(?, snapshot_id), updated_at = now(),
                                   expires_at = now() + make_interval(secs => ?) WHERE name = ?""",
                image, commit, snapshotId, (double) ttl.toSeconds(), name);
    }

    void markRemoving(String name) {
        exec("record preview " + name + " as being removed", "UPDATE preview SET status = 'removing' WHERE name = ?", name);
    }

    void delete(String name) {
        exec("forget preview " + name, "DELETE FROM preview WHERE name = ?", name);
    }

    /** Previews of {@code source} whose TTL has passed (at the server's clock). */
    List<PreviewInfo> expired(String source) {
        return list(source).stream().filter(p -> p.expiresAt().isBefore(now())).toList();
    }

    Instant now() {
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        } catch (SQLException e) {
            throw Pg.sqlError("read the server's clock", store.target(), e);
        }
    }

    private void exec(String whatFor, String sql, Object... args) {
        try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Pg.sqlError(whatFor, store.target(), e);
        }
    }

    private static final String COLUMNS = "name, source, branch, change_id, database, data_dir, container, url, port, status, image, commit, "
            + "snapshot_id, created_at, updated_at, expires_at";

    private static PreviewInfo row(ResultSet rs) throws SQLException {
        return new PreviewInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
