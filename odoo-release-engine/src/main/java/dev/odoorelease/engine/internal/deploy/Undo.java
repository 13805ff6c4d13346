package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.OtherSessions;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.snapshot.RestoreCommand;
import dev.odoorelease.engine.result.RestoreResult;
import dev.odoorelease.engine.result.SnapshotStatus;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.odoorelease.engine.config.OdooContainer;

/**
 * The automatic rollback of a failed deploy or manual rollback (the operation a manual {@link RollbackCommand} is not):
 * puts back what that operation replaced: removes the update and new containers of the
 * operation and checks they are gone, restores database and filestore from the operation's snapshot (when the
 * database may have been changed), renames the kept old container back and starts it — or, when there is none, runs
 * the version that was deployed before from its image —, and health-checks it. Every step runs even when an earlier
 * one failed (credentials-binding's unbind loop), and a step that must not run after an earlier failure says so:
 * failures are collected, not lost, and the commands to finish by hand are built from the steps that failed.
 * <p>
 * Never restores while a container of the failed version may still run: when Docker cannot confirm that the update
 * and new containers are gone (the engine does not answer), the live database is fenced instead — connections
 * refused, its sessions terminated — so that container cannot write to it or to restored data; the restore then waits
 * for {@code odoo-release recover}, which redoes this rollback once Docker answers.
 * <p>
 * Times its phases ({@code rollback-remove}, {@code rollback-restore} — the database and filestore part —,
 * {@code rollback-start}, {@code rollback-health}).
 */
final class Undo {
    /** Journal key: the database was fenced (connections refused) by a rollback that could not check the containers. */
    static final String FENCED = "fenced";
    /** Journal key: the rollback's restore from the operation's snapshot is done (a re-run does not restore twice). */
    static final String RESTORED = "rollbackRestored";

    /**
     * What the rollback did.
     *
     * @param verified what was checked at the end, in words ("… started and passed its health check", "nothing ran
     *                 before …"); null when the rollback failed
     */
    record Outcome(boolean ok, List<String> failures, List<String> manualRecovery, String restoredFrom, String keptDatabase,
                   HealthReport health, Map<String, Long> phaseMillis, String verified) {
    }

    private final DeployContext dc;
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final ProgressListener progress;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Set<String> manual = new LinkedHashSet<>();
    private final Serving serving;

    Undo(DeployContext dc) {
        this(dc, new ContainerServing(dc));
    }

    /** The undo of an operation on an environment served by {@code serving} (one container, or a swarm service). */
    Undo(DeployContext dc, Serving serving) {
        this.dc = dc;
        this.serving = serving;
        this.env = dc.env();
        this.container = dc.container();
        this.docker = dc.docker();
        this.progress = dc.progress();
    }

    /**
     * Rolls back. An interrupted operation (an aborted Jenkins build, Ctrl-C) is rolled back like a failed one: the
     * rollback runs with the thread's interrupt flag cleared, because every docker call and the restore would
     * otherwise give up at once and leave the environment half-done; the flag is set again afterwards, so the
     * caller still stops. A second interrupt during the rollback does stop it (the result then lists the failed
     * steps and the commands to finish by hand).
     *
     * @param operation  what is undone: {@code deploy} or {@code rollback}
     * @param opId       the operation being undone
     * @param snapshotId its snapshot, or null when none was taken
     * @param dbTouched  whether the operation may have changed the database
     * @param oldImage   the image that ran before the operation (started when no old container is left), or null
     */
    Outcome run(String operation, String opId, String snapshotId, boolean dbTouched, String oldImage) {
        boolean interrupted = Thread.interrupted();
        if (interrupted) {
            progress.info("The " + operation + " was interrupted: rolling back first, then stopping");
        }
        try {
            return undo(operation, opId, snapshotId, dbTouched, oldImage);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome undo(String operation, String opId, String snapshotId, boolean dbTouched, String oldImage) {
        String update = DeployNames.update(container, opId);
        String name = container.name();
        String db = env.db().database();
        String recover = "odoo-release recover " + env.name() + "   # redoes this rollback"
                + (snapshotId == null ? "" : " (data from snapshot " + snapshotId + ")") + " once the failed steps are fixed";
        progress.info(DeployNames.DEPLOY.equals(operation) ? "Rolling back deploy " + opId + " of " + env.name()
                : "Undoing " + operation + " " + opId + " of " + env.name() + ": putting back the version that ran before");

        boolean updateGone = step("rollback-remove", "remove the update container " + update, List.of("docker rm -f -v " + update), () -> {
            if (docker.containers().exists(update)) {
                docker.containers().remove(update, true, true);
            }
            if (docker.containers().exists(update)) {
                throw new IllegalStateException("it still exists after docker rm -f");
            }
        });
        boolean newGone = step("rollback-remove", serving.removal(operation, opId), serving.removalByHand(opId),
                () -> serving.removeNew(opId));
        boolean containersGone = updateGone && newGone;
        String[] keptDb = new String[1];
        boolean dataOk;
        if (!containersGone) {
            // Docker cannot say whether the failed version still runs: it must not reach the database, nor restored data
            step("rollback-restore", "fence database " + db + " (refuse connections, end its sessions) while a container of the "
                    + "failed version may still run", List.of(), () -> fence(db, opId));
            dataOk = false;
            String why = "not done: the update or new container may still be running (Docker did not confirm it is gone), "
                    + "and it could write to the restored data";
            if (snapshotId != null && dbTouched) {
                fail("restore database and filestore from snapshot " + snapshotId, why + "; database " + db
                        + " refuses connections until then", List.of(recover));
            }
        } else {
            dataOk = true;
            if (snapshotId != null && dbTouched) {
                dataOk = step("rollback-restore", "restore database and filestore from snapshot " + snapshotId, List.of(recover), () -> {
                    if (alreadyRestored(opId, snapshotId)) {
                        progress.info("Snapshot " + snapshotId + " was already restored by an earlier attempt of this rollback");
                        return;
                    }
                    RestoreResult r = new RestoreCommand(env).snapshot(snapshotId).drainSessions(true).progress(progress)
                            .restore(dc.ctx().child("restore"));
                    keptDb[0] = r.replacedDatabase();
                    dc.journal().put(opId, RESTORED, r.operationId());
                    dc.journal().put(opId, FENCED, "false");
                });
            }
            if (dataOk && fenced(opId)) {
                dataOk = step("rollback-restore", "open database " + db + " again (fenced by an earlier attempt)", List.of(recover), () -> {
                    try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
                        admin.allowConnections(db, true);
                    }
                    dc.journal().put(opId, FENCED, "false");
                });
            }
        }

        String[] started = new String[1];
        if (containersGone && dataOk) {
            step("rollback-start", "start the previous version", List.of(), () -> started[0] = serving.startPrevious(opId, oldImage));
        } else {
            fail("start the previous version", "not done: " + (containersGone ? "its data could not be put back"
                    : "the failed version's containers may still run"), List.of(recover));
        }
        HealthReport[] report = new HealthReport[1];
        String verified = null;
        if (started[0] != null && failures.isEmpty()) {
            boolean healthy = step("rollback-health", "health check of the previous version (" + started[0] + ")",
                    List.of("docker logs --tail 50 " + name, "odoo-release health " + env.name()),
                    () -> report[0] = serving.checkHealth());
            if (healthy) {
                verified = started[0] + " runs and passed its health check";
            }
        } else if (started[0] == null && failures.isEmpty()) {
            verified = "nothing ran before the " + operation + " (no container and no recorded image), so nothing was started"
                    + (snapshotId != null && dbTouched ? "; the data was restored from snapshot " + snapshotId : "");
        } else if (started[0] != null) {
            fail("health check of the previous version", "not done: an earlier step failed", List.of("odoo-release health " + env.name()));
        }
        List<String> commands = new ArrayList<>();
        if (!failures.isEmpty()) {
            commands.addAll(manual);
            commands.remove(recover);
            commands.add(recover);
        }
        return new Outcome(failures.isEmpty(), List.copyOf(failures), commands, snapshotId, keptDb[0], report[0],
                java.util.Collections.unmodifiableMap(phases), verified);
    }

    /** Refuses new connections to the database and ends those it has: nothing of the failed version reaches it. */
    private void fence(String db, String opId) {
        dc.journal().put(opId, FENCED, "true");
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            if (!admin.exists(db)) {
                return;
            }
            admin.allowConnections(db, false);
            OtherSessions others = OtherSessions.of(admin.connection(), db);
            int ended = others.endThoseAllowed(admin.connection());
            progress.warn("Database " + db + " fenced: it refuses connections" + (ended > 0 ? " (" + others.strategy() + " ended)" : "")
                    + " until `odoo-release recover " + env.name() + "` has made sure no container of the failed version runs");
            if (!others.unendable().isEmpty()) {
                // a rollback goes on: these sessions cannot be of the failed version's container, which connects as the role
                progress.warn("Sessions left connected to fenced database " + db + ": " + others.whyUnendable(env.db().user()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not end the sessions of " + db + ": " + e.getMessage(), e);
        }
    }

    private boolean fenced(String opId) {
        return dc.journal().find(opId).map(j -> "true".equals(j.data().get(FENCED))).orElse(false);
    }

    private boolean alreadyRestored(String opId, String snapshotId) {
        boolean journaled = dc.journal().find(opId).map(j -> j.data().containsKey(RESTORED)).orElse(false);
        return journaled || dc.store().snapshots().find(snapshotId).map(s -> s.status() == SnapshotStatus.RESTORED).orElse(false);
    }

    private boolean step(String phase, String what, List<String> onFailure, Step s) {
        long t = System.nanoTime();
        try {
            s.run();
            return true;
        } catch (RuntimeException e) {
            fail(what, String.valueOf(e.getMessage()), onFailure);
            return false;
        } finally {
            phases.merge(phase, Changeover.millisSince(t), Long::sum);
        }
    }

    private void fail(String what, String why, List<String> commands) {
        failures.add(what + ": " + why);
        manual.addAll(commands);
        progress.warn("Rollback step failed (" + what + "): " + why);
    }

    private interface Step {
        void run();
    }
}
