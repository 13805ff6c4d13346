package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.internal.snapshot.OperationIds;
import dev.odoorelease.engine.internal.state.EnvironmentLock;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Drops what rehearsals of an environment left behind when they were killed: their throwaway databases, folders and
 * containers ({@link RehearsalNames}), and closes what they left open in the environment's state: the unfinished history
 * entry (as {@code interrupted}) and the pin of the snapshot they copied. A rehearsal holds the advisory lock of its
 * throwaway database's name for as long as it runs, so a leftover whose lock can be taken at once belongs to a rehearsal
 * that is dead; one whose lock is held is a rehearsal still running and is left alone.
 */
final class RehearsalSweep {
    private final Environment env;
    private final Environment rehearsed;
    private final OdooContainer container;
    private final DockerCli docker;
    private final ProgressListener progress;

    /**
     * @param env       where the rehearsals' copies live: its server (databases) and its work folder (folders)
     * @param rehearsed the environment rehearsed (its rehearsal containers carry its name; its state has their history)
     * @param container its container settings: its rehearsals' containers are named after it ({@link RehearsalNames});
     *                  null: none is swept
     */
    RehearsalSweep(Environment env, Environment rehearsed, OdooContainer container, DockerCli docker, ProgressListener progress) {
        this.env = env;
        this.rehearsed = rehearsed;
        this.container = container;
        this.docker = docker;
        this.progress = progress;
    }

    /** Sweeps every dead rehearsal's leftovers; returns what it dropped. A failure to drop one is a warning. */
    List<String> sweep() {
        // a killed rehearsal's passfiles and env-files (as every operation removes those of dead processes when it starts)
        dev.odoorelease.engine.internal.process.SecretFiles.removeLeftovers();
        Set<String> ops = new TreeSet<>();
        ops.addAll(databases());
        ops.addAll(folders());
        // killed before its copy existed (or after it was dropped): only its history entry and its pin say it ran
        try (StateStore store = StateStore.open(rehearsed)) {
            ops.addAll(store.history().unfinishedRehearsals(rehearsed.name(), env.name()));
        }
        for (ContainerState c : docker.containers().listByLabel(RehearsalNames.LABEL, rehearsed.name())) {
            String op = c.labels().get(DeployNames.LABEL_OP);
            if (op != null && OperationIds.isValid(op) && RehearsalNames.isContainerOf(container, op, c.name())) {
                ops.add(op);
            }
        }
        List<String> dropped = new ArrayList<>();
        for (String op : ops) {
            EnvironmentLock lock;
            try {
                lock = EnvironmentLock.acquire(env.db().withDatabase(RehearsalNames.database(op)), rehearsed.name(), "sweep rehearsal",
                        op, Duration.ZERO, ProgressListener.NONE);
            } catch (OdooReleaseException running) {
                continue; // its rehearsal still runs
            }
            try (lock) {
                progress.info("Dropping what rehearsal " + op + " of " + rehearsed.name() + " left behind (it was killed)");
                List<String> left = new ArrayList<>();
                dropped.addAll(drop(env, rehearsed.name(), container, docker, op, progress, left));
                if (left.isEmpty()) {
                    dropped.addAll(close(op));
                }
            }
        }
        return dropped;
    }

    /**
     * Drops rehearsal {@code op}'s containers (those of {@code rehearsed}, named after its {@code container}), database (on
     * {@code env}'s server) and folder (in {@code env}'s work folder), each attempted even when another failed; returns what
     * was dropped, and adds to {@code left} what could not be. A container with the same labels and another name belongs
     * to another project's environment of the same name on the same Docker engine, and is left alone.
     */
    static List<String> drop(Environment env, String rehearsed, OdooContainer container, DockerCli docker, String op,
                             ProgressListener progress, List<String> left) {
        List<String> dropped = new ArrayList<>();
        try {
            for (ContainerState c : docker.containers().listByLabel(DeployNames.LABEL_OP, op)) {
                if (rehearsed.equals(c.labels().get(RehearsalNames.LABEL)) && RehearsalNames.isContainerOf(container, op, c.name())) {
                    docker.containers().remove(c.name(), true, true);
                    dropped.add("container " + c.name());
                }
            }
        } catch (RuntimeException e) {
            left.add("the containers labelled " + DeployNames.LABEL_OP + "=" + op + " (" + e.getMessage() + ")");
        }
        String db = RehearsalNames.database(op);
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            if (admin.exists(db)) {
                // a database marked IS_TEMPLATE cannot be dropped
                try (java.sql.Statement s = admin.connection().createStatement()) {
                    s.execute("ALTER DATABASE " + dev.odoorelease.engine.internal.db.DbNames.quoteDatabase(db) + " IS_TEMPLATE false");
                }
                admin.dropIfExists(db);
                dropped.add("database " + db);
            }
        } catch (RuntimeException | SQLException e) {
            left.add("database " + db + " on " + env.db().server() + " (" + e.getMessage() + ")");
        }
        Path folder = RehearsalNames.folder(env, op);
        try {
            if (Files.exists(folder)) {
                Folders.deleteTree(folder);
                dropped.add("folder " + folder);
            }
        } catch (RuntimeException e) {
            left.add("folder " + folder + " (" + e.getMessage() + ")");
        }
        left.forEach(l -> progress.warn("could not drop " + l + "; the next rehearsal of " + rehearsed + " drops it"));
        return dropped;
    }

    /**
     * The dead rehearsal's state, once its copy is gone: its history entry closed as interrupted (a plan reads no verdict
     * from it) and the snapshot it copied unpinned.
     */
    private List<String> close(String op) {
        List<String> closed = new ArrayList<>();
        try (StateStore store = StateStore.open(rehearsed)) {
            if (store.history().closeRehearsal(rehearsed.name(), op, "sweep of killed rehearsals")) {
                closed.add("history entry of rehearsal " + op + " (interrupted)");
            }
            store.snapshots().unpinAll(RehearsalNames.pinner(op));
        } catch (RuntimeException e) {
            progress.warn("could not close rehearsal " + op + " in " + rehearsed.name() + "'s history: " + e.getMessage()
                    + "; the next rehearsal or recover of " + rehearsed.name() + " closes it");
        }
        return closed;
    }

    /** The operation ids of the throwaway databases on the environment's server. */
    private List<String> databases() {
        List<String> out = new ArrayList<>();
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db());
             PreparedStatement ps = admin.connection().prepareStatement(
                     "SELECT datname FROM pg_database WHERE datname LIKE 'ors\\_rehearsal\\_%'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RehearsalNames.operationOf(rs.getString(1)).ifPresent(out::add);
            }
        } catch (SQLException e) {
            throw dev.odoorelease.engine.internal.db.Pg.sqlError("list the rehearsal databases", env.db(), e);
        }
        return out;
    }

    /** The operation ids of the folders under {@code <workDir>/rehearsals}. */
    private List<String> folders() {
        Path root = RehearsalNames.root(env);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).filter(OperationIds::isValid).toList();
        } catch (IOException e) {
            throw dev.odoorelease.engine.internal.filestore.FilestoreCopier.ioError("list " + root, e);
        }
    }
}
