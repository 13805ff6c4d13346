package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.ImageDigests;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.ModulePlan;
import dev.odoorelease.engine.config.UpdateMode;

/** One run of a {@link DeployCommand}, inside the environment's lock. */
final class DeployRun {
    private final DeployContext dc;
    private final DeployCommand cmd;
    private final Environment env;
    private final DockerCli docker;
    private final ProgressListener progress;
    private final Changeover co;
    private String imageId;
    private String imageDigest;
    private dev.odoorelease.engine.result.PinnedPlan pinned;

    DeployRun(DeployContext dc, DeployCommand cmd, long startNanos, long lockMillis) {
        this.dc = dc;
        this.cmd = cmd;
        this.env = dc.env();
        this.docker = dc.docker();
        this.progress = dc.progress();
        this.co = new Changeover(dc, DeployNames.DEPLOY, startNanos, lockMillis);
    }

    DeployResult run() {
        String op = co.operationId();
        long planStart = System.nanoTime();
        DeployContext.Current current = dc.current();
        String oldImage = current.image();
        String oldCommit = current.commit();
        Map<String, String> installed = DeployContext.installedModules(env);
        ModulePlan plan = plan(installed, OdooDatabase.series(installed), oldCommit);
        co.phaseSince("plan", planStart);
        progress.info("Deploy plan for " + env.name() + ": " + (oldImage == null ? "(nothing deployed)" : oldImage) + " → " + cmd.image()
                + (cmd.commit() == null ? "" : " (commit " + cmd.commit() + ")") + "; module update: "
                + (plan.updatesSomething() ? plan.updateArg() : "none") + (plan.reasons().isEmpty() ? "" : " " + plan.reasons())
                + (plan.notes().isEmpty() ? "" : "; " + String.join("; ", plan.notes())));
        plan.warnings().forEach(w -> progress.warn(w));
        if (!plan.warnings().isEmpty() && !cmd.allowSkippedUpdates()) {
            // before anything changes: nothing to undo
            throw skippedUpdatesRefusal(env, cmd.image(), plan);
        }
        // the image is pinned by its id now: a tag re-pointed during the deploy cannot make it run other code
        imageId = dc.pinned(cmd.image(), null).map(DeployContext.Pinned::id).orElseThrow(() -> new OdooReleaseException(
                ErrorCode.NOT_FOUND, "Unable to deploy " + cmd.image() + " to " + env.name()
                + ": the image is not on the Docker engine. Build or pull it first (no image is pulled implicitly)."));
        // and by its registry digest when it has one: a later rollback can pull exactly this image again
        imageDigest = ImageDigests.repoDigest(docker, imageId, cmd.image()).orElse(null);
        if (imageDigest != null) {
            progress.info("Image " + cmd.image() + " is " + imageId + ", registry digest " + imageDigest);
        }
        // the pinned plan: the same facts a plan shows, recomputed under the lock; refusals come before anything changes
        pinned = co.phase("plan", () -> PlanPins.compute(cmd, env, dc.store(), current, installed, plan, imageId, imageDigest));
        if (cmd.planId() != null) {
            var stored = PlanPins.lookup(java.util.Optional.of(dc.store()), cmd.planId(), env);
            PlanPins.requireNotExpired(stored, env);
            PlanPins.requireSame(stored, pinned, env);
            pinned = PlanPins.withId(pinned, stored.id(), stored);
            progress.info("Plan " + stored.id() + " (made " + stored.createdAt() + ") still holds: deploying it"
                    + (cmd.approvedBy() == null ? "" : ", approved by " + cmd.approvedBy()));
        }
        if (!pinned.refusals().isEmpty()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to deploy " + cmd.image() + " to " + env.name()
                    + " (nothing changed): " + String.join(" Also: ", pinned.refusals()));
        }
        if (pinned.promotion() != null && cmd.forceUnproven() != null && pinned.promotion().startsWith("NOT")) {
            progress.warn(pinned.promotion() + "; deploying anyway (--force-unproven: " + cmd.forceUnproven() + ")");
        }
        if (pinned.lineage() != null && cmd.forceNonLinear() != null && pinned.lineage().startsWith("NOT")) {
            progress.warn(pinned.lineage() + "; deploying anyway (--force-non-linear: " + cmd.forceNonLinear() + ")");
        }
        if (pinned.rehearsal() != null && cmd.forceFailedRehearsal() != null && pinned.rehearsal().startsWith("FAILED")) {
            progress.warn("the last rehearsal of this image " + pinned.rehearsal() + "; deploying anyway (--force-failed-rehearsal: "
                    + cmd.forceFailedRehearsal() + ")");
        }
        boolean fresh = cmd.newEnvironment() != null;
        if (fresh && current.container().isPresent()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to deploy " + cmd.image() + " to " + env.name()
                    + " as a new environment (no rollback snapshot, undone by " + cmd.newEnvironment() + "): its container "
                    + dc.container().name() + " exists, so something ran there. Deploy with a snapshot; nothing changed.");
        }
        if (cmd.snapshotKind() == SnapshotKind.TEMPLATE && !fresh) {
            // the snapshot comes after Odoo stopped: what would make it fail is refused now, before anything changes
            SnapshotCommand.requireTemplateCopy(env, true, "deploy " + cmd.image() + " to " + env.name(), progress);
        }
        // a new environment has nothing to put back: its undo starts nothing (the caller removes the environment)
        co.begin(fresh ? null : oldImage, cmd.image(), cmd.commit(), cmd.build(), current.container().isPresent(),
                Map.of("newImageId", imageId));
        String step = "stop";
        try {
            co.stopOld();
            step = "snapshot";
            if (fresh) {
                progress.info("No rollback snapshot of " + env.name() + ": a new environment, nothing ran there to roll back to ("
                        + "undone by " + cmd.newEnvironment() + ")");
            } else {
                co.snapshot(cmd.snapshotKind(), "before deploy " + op, oldImage, oldCommit);
            }
            if (plan.updatesSomething()) {
                step = "update";
                co.phase("update", () -> update(plan));
            }
            step = "start";
            co.startNew(runnable());
            step = "health";
            HealthReport health = co.health();
            Map<String, String> after;
            try {
                after = DeployContext.installedModules(env);
            } catch (OdooReleaseException e) {
                progress.warn("could not read the updated module versions (" + e.getMessage() + "); recording those from before");
                after = installed;
            }
            Map<String, Object> details = new java.util.LinkedHashMap<>(Map.of("image", cmd.image(),
                    "commit", String.valueOf(cmd.commit()), "modules", plan.updateArg(),
                    "previousImage", String.valueOf(oldImage), "build", String.valueOf(cmd.build()), "imageId", imageId,
                    "imageDigest", String.valueOf(imageDigest)));
            if (co.snapshotId() != null) {
                // a new environment's deploy takes none
                details.put("snapshot", co.snapshotId());
            }
            details.putAll(decision());
            co.succeed(cmd.image(), cmd.commit(), after, cmd.build(), DeployResult.Outcome.DEPLOYED.id(), details);
            progress.info("Deployed " + cmd.image() + " to " + env.name() + " in " + Sizes.human(Duration.ofMillis(co.phases().get("total")))
                    + " (downtime " + Sizes.human(Duration.ofMillis(co.downtimeMillis())) + ")");
            return result(DeployResult.Outcome.DEPLOYED, oldImage, oldCommit, plan, null, List.of(), List.of(), health.summary(), null);
        } catch (RuntimeException failure) {
            String cause = "Deploy of " + cmd.image() + " to " + env.name() + " failed at " + step + ": " + failure.getMessage();
            Map<String, Object> details = new java.util.LinkedHashMap<>(Map.of("image", cmd.image()));
            details.putAll(decision());
            Undo.Outcome rb = co.undo(cause, DeployResult.Outcome.ROLLED_BACK.id(), details);
            reportUndo(dc, co, rb);
            return result(rb.ok() ? DeployResult.Outcome.ROLLED_BACK : DeployResult.Outcome.ROLLBACK_FAILED, oldImage, oldCommit, plan, cause,
                    rb.failures(), rb.manualRecovery(), rb.health() == null ? rb.verified() : rb.health().summary(), rb.keptDatabase());
        }
    }

    /** Tells the operator how the undo of a failed deploy ended: what runs again, and the failed deploy's data kept. */
    static void reportUndo(DeployContext dc, Changeover co, Undo.Outcome rb) {
        String env = dc.env().name();
        if (rb.ok()) {
            dc.progress().info("Rolled back " + env + ": " + rb.verified()
                    + (co.snapshotId() == null ? "" : ", with the data from before the deploy")
                    + (rb.keptDatabase() == null ? "" : "; the failed deploy's database is kept as " + rb.keptDatabase()
                    + " (discard it with `odoo-release snapshots discard-replaced " + env + " "
                    + dev.odoorelease.engine.internal.snapshot.OperationIds.replacedBy(rb.keptDatabase()) + "`)"));
        } else {
            dc.progress().warn("ROLLBACK FAILED for " + env + ": " + rb.failures() + ". Recover by hand: " + rb.manualRecovery());
        }
    }

    /** What the history keeps of why this deploy was allowed: plan id, approver, promotion and lineage, overrides. */
    private Map<String, Object> decision() {
        return decision(cmd, pinned);
    }

    /** As {@link #decision()}, for any deploy of {@code cmd} ({@code pinned}: its checked plan, or null). */
    static Map<String, Object> decision(DeployCommand cmd, dev.odoorelease.engine.result.PinnedPlan pinned) {
        Map<String, Object> d = new java.util.LinkedHashMap<>();
        putIf(d, "planId", cmd.planId());
        putIf(d, "approvedBy", cmd.approvedBy());
        putIf(d, "promotion", pinned == null ? null : pinned.promotion());
        putIf(d, "lineage", pinned == null ? null : pinned.lineage());
        putIf(d, "forceUnproven", cmd.forceUnproven());
        putIf(d, "forceNonLinear", cmd.forceNonLinear());
        putIf(d, "rehearsal", pinned == null ? null : pinned.rehearsal());
        putIf(d, "forceFailedRehearsal", cmd.forceFailedRehearsal());
        return d;
    }

    private static void putIf(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** The module update in a one-off container of the new image; a non-zero exit fails the deploy. */
    private void update(ModulePlan plan) {
        update(dc, co, runnable(), plan, cmd.updateTimeout(), null);
    }

    /**
     * The module update of a deploy ({@code odoo -u <modules> --stop-after-init} in a one-off container of {@code image}, named
     * after the environment's container settings and on their network), journaled {@code updating} and {@code updated}; a non-zero
     * exit fails the deploy. {@code dataMount}: a {@code --mount} specification of Odoo's data directory, or null: the
     * environment's data directory.
     */
    static void update(DeployContext dc, Changeover co, String image, ModulePlan plan, Duration timeout, String dataMount) {
        String op = co.operationId();
        // the first step that changes the database: prove again, under the lock, that it is this environment's own
        dc.ctx().requireOwnData("update the modules of");
        dc.journal().step(op, "updating");
        co.databaseTouched();
        dc.progress().info("Updating modules: odoo -u " + plan.updateArg() + " --stop-after-init (one-off container)");
        RunResult r = dc.docker().containers().runToCompletion(OdooContainerSpecs.update(dc.container(), dc.env(), image,
                DeployNames.update(dc.container(), op), plan.updateArg(), DeployNames.labels(dc.env(), op), co.configFile(), dataMount),
                timeout);
        if (r.exitCode() != 0) {
            throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "the module update exited with " + r.exitCode()
                    + (r.exitCode() == 255 ? " (Odoo could not load the registry)" : "") + "; last lines:\n" + tail(r.logs(), 15));
        }
        dc.journal().step(op, "updated");
    }

    /** The deployed image as it is run: by its tag while the tag still names the image checked at the start, else by id. */
    private String runnable() {
        return dc.pinned(cmd.image(), imageId, imageDigest).map(DeployContext.Pinned::ref).orElseThrow(() -> new OdooReleaseException(
                ErrorCode.NOT_FOUND, "Unable to run " + cmd.image() + " (" + imageId + "): the image was removed from the Docker "
                + "engine during the deploy."));
    }

    private ModulePlan plan(Map<String, String> installed, String series, String oldCommit) {
        return plan(cmd, env, installed, series, oldCommit);
    }

    /** The module plan of {@code cmd} against the installed modules (also what a read-only plan shows). */
    static ModulePlan plan(DeployCommand cmd, Environment env, Map<String, String> installed, String series, String oldCommit) {
        if (cmd.update().kind() == UpdateMode.Kind.CHANGED) {
            if (cmd.repository() == null || cmd.commit() == null) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to plan the deploy to " + env.name()
                        + ": update 'changed' needs the project's git checkout and the commit being deployed. Give them, or use "
                        + "update: all or a module list.");
            }
            return new ModulePlanner(cmd.repository(), cmd.addonsPaths()).plan(cmd.update(), installed, series, oldCommit, cmd.commit());
        }
        return new ModulePlanner(cmd.repository(), cmd.addonsPaths()).plan(cmd.update(), installed, series, oldCommit, cmd.commit());
    }

    private DeployResult result(DeployResult.Outcome outcome, String oldImage, String oldCommit, ModulePlan plan, String cause,
                                List<String> failures, List<String> manual, String health, String keptDb) {
        return new DeployResult(outcome, env.name(), co.operationId(), oldImage, cmd.image(), oldCommit, cmd.commit(), plan,
                co.snapshotId(), cause, failures, manual, co.phases(), co.downtimeMillis(), health, keptDb, pinned, cmd.approvedBy());
    }

    private static String tail(String text, int lines) {
        String[] all = text == null ? new String[0] : text.strip().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    /** The refusal of a plan with {@link ModulePlan#warnings()}, before anything changed. */
    static OdooReleaseException skippedUpdatesRefusal(Environment env, String image, ModulePlan plan) {
        return new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to deploy " + image + " to " + env.name()
                + " (nothing changed): the new code may not match the database's schema: " + String.join("; ", plan.warnings())
                + ". Update those modules (update: changed, all, or a list naming them), or, if the code really changes no "
                + "model, deploy again with --allow-skipped-updates (odooDeploy allowSkippedUpdates: true).");
    }
}
