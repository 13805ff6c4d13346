package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.docker.ContainerState;
import dev.odoorelease.engine.docker.DockerCli;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.health.HealthReport;
import dev.odoorelease.engine.health.HealthSettings;
import dev.odoorelease.engine.health.OdooHealthCheck;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.snapshot.OperationContext;
import dev.odoorelease.engine.snapshot.RestoreCommand;
import dev.odoorelease.engine.snapshot.RestoreResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts back what a deploy replaced: removes the update and new containers of the operation, restores
 * database and filestore from the deploy's snapshot (when the database may have been changed), renames
 * the kept old container back and starts it, and health-checks it. Every step runs even when an
 * earlier one failed (credentials-binding's unbind loop): failures are collected, not lost.
 */
final class Rollback {
    /** What the rollback did. */
    record Outcome(boolean ok, List<String> failures, List<String> manualRecovery, String restoredFrom, String keptDatabase,
                   HealthReport health) {
    }

    private final OperationContext ctx;
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final HealthSettings health;
    private final ProgressListener progress;

    Rollback(OperationContext ctx, Environment env, OdooContainer container, DockerCli docker, HealthSettings health,
             ProgressListener progress) {
        this.ctx = ctx;
        this.env = env;
        this.container = container;
        this.docker = docker;
        this.health = health;
        this.progress = progress;
    }

    /**
     * Rolls back. An interrupted deploy (an aborted Jenkins build, Ctrl-C) is rolled back like a failed one: the
     * rollback runs with the thread's interrupt flag cleared, because every docker call and the restore would
     * otherwise give up at once and leave the environment half-done; the flag is set again afterwards, so the
     * caller still stops. A second interrupt during the rollback does stop it (the result then lists the failed
     * steps and the commands to finish by hand).
     *
     * @param opId       the deploy being undone
     * @param snapshotId its snapshot, or null when none was taken
     * @param dbTouched  whether the module update or the new container may have changed the database
     */
    Outcome run(String opId, String snapshotId, boolean dbTouched) {
        boolean interrupted = Thread.interrupted();
        if (interrupted) {
            progress.info("The deploy was interrupted: rolling back first, then stopping");
        }
        try {
            return undo(opId, snapshotId, dbTouched);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Outcome undo(String opId, String snapshotId, boolean dbTouched) {
        List<String> failures = new ArrayList<>();
        String kept = DeployCommand.keptName(container, opId);
        progress.info("Rolling back deploy " + opId + " of " + env.name());
        step(failures, "remove the update container", () -> {
            if (docker.containerExists(DeployCommand.updateName(container, opId))) {
                docker.remove(DeployCommand.updateName(container, opId), true);
            }
        });
        step(failures, "remove the new container", () -> {
            Optional<ContainerState> s = docker.inspect(container.name());
            if (s.isPresent() && opId.equals(s.get().labels().get(DeployCommand.LABEL_OP))) {
                docker.remove(container.name(), true);
            }
        });
        String[] keptDb = new String[1];
        if (snapshotId != null && dbTouched) {
            step(failures, "restore database and filestore from snapshot " + snapshotId, () -> {
                boolean alreadyRestored = ctx.store().snapshots().find(snapshotId)
                        .map(s -> s.status() == dev.odoorelease.engine.state.SnapshotStatus.RESTORED).orElse(false);
                if (alreadyRestored) {
                    // an earlier, interrupted rollback had swapped it in already (its journal was completed)
                    progress.info("Snapshot " + snapshotId + " was already restored by the interrupted rollback");
                    return;
                }
                RestoreResult r = new RestoreCommand(env).snapshot(snapshotId).drainSessions(true).progress(progress)
                        .restore(ctx.child("restore"));
                keptDb[0] = r.replacedDatabase();
            });
        }
        boolean oldExisted = docker.containerExists(kept) || docker.containerExists(container.name());
        step(failures, "start the previous container", () -> {
            if (docker.containerExists(kept) && !docker.containerExists(container.name())) {
                docker.rename(kept, container.name());
            }
            if (docker.containerExists(container.name())) {
                docker.start(container.name());
            }
        });
        HealthReport[] report = new HealthReport[1];
        if (oldExisted && failures.isEmpty()) {
            step(failures, "health check of the previous version", () ->
                    report[0] = OdooHealthCheck.of(health).container(docker, container.name()).progress(progress).check());
        }
        List<String> manual = new ArrayList<>();
        if (!failures.isEmpty()) {
            if (snapshotId != null) {
                manual.add("odoo-release restore " + env.name() + " --snapshot " + snapshotId);
            }
            manual.add("docker rm -f " + container.name() + "   # only if it runs the failed new image");
            manual.add("docker rename " + kept + " " + container.name() + " && docker start " + container.name());
            manual.add("odoo-release health " + env.name());
        }
        return new Outcome(failures.isEmpty(), failures, manual, snapshotId, keptDb[0], report[0]);
    }

    private void step(List<String> failures, String what, Step s) {
        try {
            s.run();
        } catch (RuntimeException e) {
            failures.add(what + ": " + e.getMessage());
            progress.warn("Rollback step failed (" + what + "): " + e.getMessage());
        }
    }

    private interface Step {
        void run();
    }
}
