package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.db.OdooDatabase;
import dev.odoorelease.engine.docker.ContainerState;
import dev.odoorelease.engine.docker.DockerCli;
import dev.odoorelease.engine.docker.RunResult;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.health.HealthReport;
import dev.odoorelease.engine.health.OdooHealthCheck;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.snapshot.OperationContext;
import dev.odoorelease.engine.snapshot.SnapshotCommand;
import dev.odoorelease.engine.snapshot.SnapshotMaintenance;
import dev.odoorelease.engine.state.EnvironmentStates;
import dev.odoorelease.engine.state.Journal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One run of a {@link DeployCommand}, inside the environment's lock. */
final class DeployRun {
    private final OperationContext ctx;
    private final DeployCommand cmd;
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final ProgressListener progress;
    private final Journal journal;
    private final String op;
    private final Map<String, Long> phases = new LinkedHashMap<>();

    DeployRun(OperationContext ctx, DeployCommand cmd) {
        this.ctx = ctx;
        this.cmd = cmd;
        this.env = cmd.env();
        this.container = cmd.container();
        this.docker = cmd.docker();
        this.progress = cmd.progress();
        this.journal = ctx.store().journal();
        this.op = ctx.operationId();
    }

    DeployResult run() {
        long t0 = System.nanoTime();
        Optional<EnvironmentStates.Deployed> deployed = ctx.store().environments().get(env.name());
        Optional<ContainerState> running = docker.inspect(container.name());
        String oldImage = running.map(ContainerState::image).orElse(deployed.map(EnvironmentStates.Deployed::image).orElse(null));
        String oldCommit = deployed.map(EnvironmentStates.Deployed::commit).orElse(null);
        Map<String, String> installed = DeployCommand.installedModules(env);
        String series = OdooDatabase.series(installed);
        ModulePlan plan = plan(installed, series, oldCommit);
        progress.info("Deploy plan for " + env.name() + ": " + (oldImage == null ? "(nothing deployed)" : oldImage) + " → " + cmd.image()
                + (cmd.commit() == null ? "" : " (commit " + cmd.commit() + ")") + "; module update: "
                + (plan.updatesSomething() ? plan.updateArg() : "none") + (plan.reasons().isEmpty() ? "" : " " + plan.reasons())
                + (plan.notes().isEmpty() ? "" : "; " + String.join("; ", plan.notes())));
        if (cmd.dryRun()) {
            progress.info("Dry run: nothing changed.");
            return result(DeployOutcome.PLANNED, oldImage, oldCommit, plan, null, null, List.of(), List.of(), 0, null, null);
        }
        if (docker.imageInspect(cmd.image()).isEmpty()) {
            throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to deploy " + cmd.image() + " to " + env.name()
                    + ": the image is not on the Docker engine. Build or pull it first (no image is pulled implicitly).");
        }
        long historyId = ctx.store().history().start(env.name(), "deploy", op);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("container", container.name());
        data.put("oldImage", oldImage == null ? "" : oldImage);
        data.put("newImage", cmd.image());
        data.put("commit", cmd.commit() == null ? "" : cmd.commit());
        data.put("build", cmd.build() == null ? "" : cmd.build());
        data.put("hadOldContainer", String.valueOf(running.isPresent()));
        journal.begin(op, env.name(), DeployCommand.OPERATION, data);

        String snapshotId = null;
        boolean dbTouched = false;
        long downStart = 0;
        String step = "stop";
        try {
            if (running.isPresent()) {
                downStart = System.nanoTime();
                long t = System.nanoTime();
                progress.info("Stopping " + container.name() + " (kept as " + DeployCommand.keptName(container, op) + " until the deploy succeeds)");
                docker.stop(container.name(), container.stopGrace());
                docker.rename(container.name(), DeployCommand.keptName(container, op));
                journal.step(op, "old-stopped");
                phases.put("stop", ms(t));
            }
            step = "snapshot";
            long t = System.nanoTime();
            snapshotId = new SnapshotCommand(env).kind(cmd.snapshotKind()).label("before deploy " + op).deployed(oldImage, oldCommit)
                    .drainSessions(true).progress(progress).take(ctx).snapshot().id();
            ctx.store().snapshots().pin(snapshotId, op);
            journal.put(op, "snapshot", snapshotId);
            journal.step(op, "snapshot-taken");
            phases.put("snapshot", ms(t));
            if (downStart == 0) {
                downStart = System.nanoTime();
            }
            if (plan.updatesSomething()) {
                step = "update";
                t = System.nanoTime();
                journal.step(op, "updating");
                dbTouched = true;
                progress.info("Updating modules: odoo -u " + plan.updateArg() + " --stop-after-init (one-off container)");
                RunResult r = docker.runToCompletion(container.update(env, cmd.image(), DeployCommand.updateName(container, op),
                        plan.updateArg(), DeployCommand.labels(env, op)), cmd.updateTimeout());
                phases.put("update", ms(t));
                if (r.exitCode() != 0) {
                    throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "the module update exited with " + r.exitCode()
                            + (r.exitCode() == 255 ? " (Odoo could not load the registry)" : "") + "; last lines:\n" + tail(r.logs(), 15));
                }
                journal.step(op, "updated");
            }
            step = "start";
            t = System.nanoTime();
            dbTouched = true;
            journal.step(op, "starting-new");
            docker.run(container.server(env, cmd.image(), container.name(), DeployCommand.labels(env, op)));
            phases.put("start", ms(t));
            step = "health";
            t = System.nanoTime();
            HealthReport health = OdooHealthCheck.of(cmd.health()).container(docker, container.name()).progress(progress).check();
            phases.put("health", ms(t));
            long downtime = (System.nanoTime() - downStart) / 1_000_000;
            journal.step(op, "healthy");
            // success: the old container goes, the new state is recorded
            if (running.isPresent()) {
                try {
                    docker.remove(DeployCommand.keptName(container, op), true);
                } catch (RuntimeException e) {
                    progress.warn("could not remove the previous container " + DeployCommand.keptName(container, op) + ": " + e.getMessage());
                }
            }
            Map<String, String> after;
            try {
                after = DeployCommand.installedModules(env);
            } catch (OdooReleaseException e) {
                progress.warn("could not read the updated module versions (" + e.getMessage() + "); recording those from before");
                after = installed;
            }
            ctx.store().environments().record(new EnvironmentStates.Deployed(env.name(), cmd.image(), cmd.commit(), after, null,
                    snapshotId, cmd.build()));
            ctx.store().snapshots().unpin(snapshotId);
            new SnapshotMaintenance(env).progress(progress).applyRetention(ctx);
            journal.close(op, "deployed");
            phases.put("total", ms(t0));
            ctx.store().history().finish(historyId, "deployed", Map.of("image", cmd.image(), "snapshot", snapshotId,
                    "modules", plan.updateArg(), "downtimeMs", downtime, "build", String.valueOf(cmd.build())));
            progress.info("Deployed " + cmd.image() + " to " + env.name() + " in " + Sizes.human(Duration.ofMillis(phases.get("total")))
                    + " (downtime " + Sizes.human(Duration.ofMillis(downtime)) + ")");
            return result(DeployOutcome.DEPLOYED, oldImage, oldCommit, plan, snapshotId, null, List.of(), List.of(), downtime,
                    health.summary(), null);
        } catch (RuntimeException failure) {
            String cause = "Deploy of " + cmd.image() + " to " + env.name() + " failed at " + step + ": " + failure.getMessage();
            progress.warn(cause);
            long t = System.nanoTime();
            journal.step(op, "rolling-back");
            Rollback.Outcome rb = new Rollback(ctx, env, container, docker, cmd.health(), progress).run(op, snapshotId, dbTouched);
            phases.put("rollback", ms(t));
            long downtime = downStart == 0 ? 0 : (System.nanoTime() - downStart) / 1_000_000;
            if (snapshotId != null) {
                ctx.store().snapshots().unpin(snapshotId);
            }
            DeployOutcome outcome = rb.ok() ? DeployOutcome.ROLLED_BACK : DeployOutcome.ROLLBACK_FAILED;
            journal.close(op, outcome.name().toLowerCase(java.util.Locale.ROOT));
            ctx.store().history().finish(historyId, outcome.name().toLowerCase(java.util.Locale.ROOT), Map.of("image", cmd.image(),
                    "cause", cause, "rollbackFailures", rb.failures()));
            if (rb.ok()) {
                progress.info("Rolled back " + env.name() + ": the previous version runs again with the data from before the deploy"
                        + (rb.keptDatabase() == null ? "" : "; the failed deploy's database is kept as " + rb.keptDatabase()));
            } else {
                progress.warn("ROLLBACK FAILED for " + env.name() + ": " + rb.failures() + ". Recover by hand: " + rb.manualRecovery());
            }
            return result(outcome, oldImage, oldCommit, plan, snapshotId, cause, rb.failures(), rb.manualRecovery(), downtime,
                    rb.health() == null ? null : rb.health().summary(), rb.keptDatabase());
        }
    }

    private ModulePlan plan(Map<String, String> installed, String series, String oldCommit) {
        if (cmd.update().kind() == UpdateMode.Kind.CHANGED) {
            if (cmd.repository() == null || cmd.commit() == null) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to plan the deploy to " + env.name()
                        + ": update 'changed' needs the project's git checkout and the commit being deployed. Give them, or use "
                        + "update: all or a module list.");
            }
            return new ModulePlanner(cmd.repository(), cmd.addonsPaths()).plan(cmd.update(), installed, series, oldCommit, cmd.commit());
        }
        return new ModulePlanner(cmd.repository() == null ? java.nio.file.Path.of(".") : cmd.repository(), cmd.addonsPaths())
                .plan(cmd.update(), installed, series, oldCommit, cmd.commit());
    }

    private DeployResult result(DeployOutcome outcome, String oldImage, String oldCommit, ModulePlan plan, String snapshotId,
                                String cause, List<String> failures, List<String> manual, long downtime, String health, String keptDb) {
        return new DeployResult(outcome, env.name(), op, oldImage, cmd.image(), oldCommit, cmd.commit(), plan, snapshotId, cause,
                failures, manual, Map.copyOf(phases), downtime, health, keptDb);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String tail(String text, int lines) {
        String[] all = text == null ? new String[0] : text.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
