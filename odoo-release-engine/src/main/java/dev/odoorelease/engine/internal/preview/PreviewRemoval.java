package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.deploy.DeployNames;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.internal.filestore.PathOverlap;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.PreviewInfo;
import dev.odoorelease.engine.result.PreviewRemoved;
import dev.odoorelease.engine.result.Snapshot;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Removes one preview, all of it — its containers (the serving one and any a deploy kept), its database, its snapshots
 * (their databases and folders), every database its operations' journal names (kept or half-built copies), its data
 * directory (filestore, snapshot copies, the tool's files) and its state (snapshot catalog, history, journal, deployed
 * state, plans, registry row) — then verifies that none of it is left, and says so. Each step runs even when an earlier
 * one failed; the registry row goes last, so a removal that could not finish is finished by the next preview operation.
 */
final class PreviewRemoval {
    private static final String[] STATE_TABLES = {"snapshot", "history", "journal", "environment_state", "deploy_plan"};

    private final PreviewRegistry registry;
    private final EnvironmentConfig source;
    private final List<Environment> configured;
    private final DockerCli docker;
    private final ProgressListener progress;

    PreviewRemoval(PreviewRegistry registry, EnvironmentConfig source, List<Environment> configured, DockerCli docker, ProgressListener progress) {
        this.registry = registry;
        this.source = source;
        this.configured = configured;
        this.docker = docker;
        this.progress = progress;
    }

    PreviewRemoved remove(PreviewInfo p, String reason) {
        progress.info("Removing preview " + p.name() + " (branch " + p.branch() + "): " + reason);
        registry.markRemoving(p.name());
        DbTarget db = source.environment().db().withDatabase(p.database());
        Path dataDir = Path.of(p.dataDir());
        requireOwnFolder(p, dataDir);
        List<RuntimeException> failures = new ArrayList<>();
        Set<String> databases = new LinkedHashSet<>();
        databases.add(p.database());
        run(failures, () -> removeContainers(p));
        run(failures, () -> databases.addAll(databasesOf(p)));
        databases.removeAll(protectedDatabases());
        try (DatabaseAdmin admin = DatabaseAdmin.on(db)) {
            for (String d : databases) {
                run(failures, () -> admin.dropIfExists(d));
            }
        } catch (RuntimeException e) {
            failures.add(e);
        }
        run(failures, () -> {
            for (Snapshot s : registry.store().snapshots().list(p.name(), true)) {
                if (s.location() != null && Path.of(s.location()).normalize().startsWith(dataDir.normalize())) {
                    continue; // inside the data directory: removed with it
                }
                if (s.location() != null) {
                    Folders.deleteSnapshotFolder(Path.of(s.location()));
                }
            }
        });
        run(failures, () -> Folders.deleteTree(dataDir));
        run(failures, () -> deleteState(p.name()));
        List<String> left = leftovers(p, databases, dataDir);
        if (!failures.isEmpty() || !left.isEmpty()) {
            OdooReleaseException e = new OdooReleaseException(ErrorCode.IO, "Unable to remove preview " + p.name() + " completely: "
                    + (left.isEmpty() ? "" : "still there: " + String.join("; ", left) + ". ")
                    + (failures.isEmpty() ? "" : "failed: " + String.join("; ", failures.stream().map(Throwable::getMessage).toList()) + ". ")
                    + "Its registry entry is kept (status removing), so `odoo-release preview down " + p.branch()
                    + "` (or the next preview operation) tries again.");
            failures.forEach(e::addSuppressed);
            throw e;
        }
        registry.delete(p.name());
        List<String> verified = List.of("container " + p.container() + " and its kept containers: none",
                "databases " + String.join(", ", databases) + ": none", "data directory " + dataDir + ": absent",
                "state of " + p.name() + " (snapshots, history, journal, deployed state, plans, registry): none");
        if (registry.find(p.name()).isPresent()) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to remove preview " + p.name() + ": its registry entry is still there. "
                    + "Run the removal again.");
        }
        progress.info("Removed preview " + p.name() + "; verified nothing of it is left (" + String.join("; ", verified) + ")");
        return new PreviewRemoved(p.name(), p.branch(), reason, verified);
    }

    /** Refuses a data directory that holds or lies in a configured environment's (a registry row edited by hand, a bad link). */
    private void requireOwnFolder(PreviewInfo p, Path dataDir) {
        for (Environment e : configured) {
            if (PathOverlap.between(dataDir, e.dataDir()).isPresent()) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to remove preview " + p.name() + ": its data directory "
                        + dataDir + " overlaps environment " + e.name() + "'s (" + e.dataDir() + "). Nothing was removed; check the "
                        + "preview's registry entry.");
            }
            if (e.db().database().equals(p.database()) && e.db().host().equals(source.environment().db().host())
                    && e.db().port() == source.environment().db().port()) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to remove preview " + p.name() + ": its database "
                        + p.database() + " is environment " + e.name() + "'s. Nothing was removed; check the preview's registry entry.");
            }
        }
    }

    /** The databases no removal may drop: the configured environments' and their state databases, on any server. */
    private Set<String> protectedDatabases() {
        Set<String> out = new LinkedHashSet<>();
        for (Environment e : configured) {
            out.add(e.db().database());
            out.add(e.stateDatabase());
        }
        out.add("postgres");
        out.add("template0");
        out.add("template1");
        return out;
    }

    private void removeContainers(PreviewInfo p) {
        docker.containers().remove(p.container(), true, true);
        for (ContainerState c : docker.containers().listByLabel(DeployNames.LABEL_ENV, p.name())) {
            docker.containers().remove(c.name(), true, true);
        }
    }

    /** The snapshot databases of the preview, and every existing database its journal names (copies kept or half built). */
    private List<String> databasesOf(PreviewInfo p) {
        List<String> out = new ArrayList<>();
        for (Snapshot s : registry.store().snapshots().list(p.name(), true)) {
            if (s.databaseName() != null) {
                out.add(s.databaseName());
            }
        }
        Connection c = registry.store().connection();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT DISTINCT v #>> '{}' FROM journal j, jsonb_path_query(j.data, 'strict $.**') v
                WHERE j.environment = ? AND jsonb_typeof(v) = 'string'""")) {
            ps.setString(1, p.name());
            List<String> named = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    named.add(rs.getString(1));
                }
            }
            try (PreparedStatement q = c.prepareStatement("SELECT datname FROM pg_database WHERE datname = ANY (?)")) {
                q.setArray(1, c.createArrayOf("text", named.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw Pg.sqlError("read the journal of preview " + p.name(), registry.store().target(), e);
        }
        return out;
    }

    private void deleteState(String name) {
        Connection c = registry.store().connection();
        for (String table : STATE_TABLES) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE environment = ?")) {
                ps.setString(1, name);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw Pg.sqlError("delete the " + table + " rows of preview " + name, registry.store().target(), e);
            }
        }
    }

    /** What is still there of the preview, read anew from Docker, the server, the disk and the state database. */
    private List<String> leftovers(PreviewInfo p, Set<String> databases, Path dataDir) {
        List<String> left = new ArrayList<>();
        try {
            if (docker.containers().exists(p.container())) {
                left.add("container " + p.container());
            }
            docker.containers().listByLabel(DeployNames.LABEL_ENV, p.name()).forEach(c -> left.add("container " + c.name()));
        } catch (RuntimeException e) {
            left.add("containers (Docker could not be asked: " + e.getMessage() + ")");
        }
        Connection c = registry.store().connection();
        try {
            try (PreparedStatement q = c.prepareStatement("SELECT datname FROM pg_database WHERE datname = ANY (?)")) {
                q.setArray(1, c.createArrayOf("text", databases.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        left.add("database " + rs.getString(1));
                    }
                }
            }
            for (String table : STATE_TABLES) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE environment = ?")) {
                    ps.setString(1, p.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            left.add(rs.getLong(1) + " " + table + " row(s)");
                        }
                    }
                }
            }
        } catch (SQLException e) {
            left.add("state (the server could not be asked: " + e.getMessage() + ")");
        }
        if (Files.exists(dataDir, LinkOption.NOFOLLOW_LINKS)) {
            left.add("data directory " + dataDir);
        }
        return left;
    }

    private static void run(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
