package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.docker.ContainerState;
import dev.odoorelease.engine.docker.DockerCli;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.health.HealthReport;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.snapshot.RestoreCommand;
import dev.odoorelease.engine.snapshot.RestoreResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts back what a deploy (or a manual rollback) replaced: removes the update and new containers of the
 * operation, restores database and filestore from the operation's snapshot (when the database may have been
 * changed), renames the kept old container back and starts it, and health-checks it. Every step runs even when an
 * earlier one failed (credentials-binding's unbind loop): failures are collected, not lost. Times its phases
 * ({@code rollback-remove}, {@code rollback-restore} — the database and filestore part —, {@code rollback-start},
 * {@code rollback-health}).
 */
final class Rollback {
    /** What the rollback did. */
    record Outcome(boolean ok, List<String> failures, List<String> manualRecovery, String restoredFrom, String keptDatabase,
                   HealthReport health, Map<String, Long> phaseMillis) {
    }

    private final DeployContext dc;
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final ProgressListener progress;
    private final Map<String, Long> phases = new LinkedHashMap<>();

    Rollback(DeployContext dc) {
        this.dc = dc;
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
     */
    Outcome run(String operation, String opId, String snapshotId, boolean dbTouched) {
        boolean interrupted = Thread.interrupted();
        if (interrupted) {
            progress.info("The " + operation + " was interrupted: rolling back first, then stopping");
        }
        try {
            return undo(operation, opId, snapshotId, dbTouched);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome undo(String operation, String opId, String snapshotId, boolean dbTouched) {
        List<String> failures = new ArrayList<>();
        String kept = DeployCommand.keptName(container, opId);
        progress.info(DeployCommand.OPERATION.equals(operation) ? "Rolling back deploy " + opId + " of " + env.name()
                : "Undoing " + operation + " " + opId + " of " + env.name() + ": putting back the version that ran before");
        step(failures, "rollback-remove", "remove the update container", () -> {
            if (docker.containerExists(DeployCommand.updateName(container, opId))) {
                docker.remove(DeployCommand.updateName(container, opId), true, true);
            }
        });
        step(failures, "rollback-remove", "remove the new container", () -> {
            Optional<ContainerState> s = docker.inspect(container.name());
            if (s.isPresent() && opId.equals(s.get().labels().get(DeployCommand.LABEL_OP))) {
                docker.remove(container.name(), true, true);
            }
        });
        String[] keptDb = new String[1];
        if (snapshotId != null && dbTouched) {
            step(failures, "rollback-restore", "restore database and filestore from snapshot " + snapshotId, () -> {
                boolean alreadyRestored = dc.store().snapshots().find(snapshotId)
                        .map(s -> s.status() == dev.odoorelease.engine.state.SnapshotStatus.RESTORED).orElse(false);
                if (alreadyRestored) {
                    // an earlier, interrupted rollback had swapped it in already (its journal was completed)
                    progress.info("Snapshot " + snapshotId + " was already restored by the interrupted rollback");
                    return;
                }
                RestoreResult r = new RestoreCommand(env).snapshot(snapshotId).drainSessions(true).progress(progress)
                        .restore(dc.ctx().child("restore"));
                keptDb[0] = r.replacedDatabase();
            });
        }
        boolean oldExisted = docker.containerExists(kept) || docker.containerExists(container.name());
        step(failures, "rollback-start", "start the previous container", () -> {
            if (docker.containerExists(kept) && !docker.containerExists(container.name())) {
                docker.rename(kept, container.name());
            }
            if (docker.containerExists(container.name())) {
                docker.start(container.name());
            }
        });
        HealthReport[] report = new HealthReport[1];
        if (oldExisted && failures.isEmpty()) {
            step(failures, "rollback-health", "health check of the previous version", () -> report[0] = dc.checkHealth());
        }
        List<String> manual = new ArrayList<>();
        if (!failures.isEmpty()) {
            if (snapshotId != null) {
                manual.add("odoo-release restore " + env.name() + " " + snapshotId);
            }
            manual.add("docker rm -f " + container.name() + "   # only if it runs the failed new image");
            manual.add("docker rename " + kept + " " + container.name() + " && docker start " + container.name());
            manual.add("odoo-release health " + env.name());
        }
        return new Outcome(failures.isEmpty(), failures, manual, snapshotId, keptDb[0], report[0],
                java.util.Collections.unmodifiableMap(phases));
    }

    private void step(List<String> failures, String phase, String what, Step s) {
        long t = System.nanoTime();
        try {
            s.run();
        } catch (RuntimeException e) {
            failures.add(what + ": " + e.getMessage());
            progress.warn("Rollback step failed (" + what + "): " + e.getMessage());
        } finally {
            phases.merge(phase, Changeover.millisSince(t), Long::sum);
        }
    }

    private interface Step {
        void run();
    }
}
