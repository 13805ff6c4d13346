package dev.odoorelease.engine.internal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.health.OdooHealthCheck;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.swarm.LoadBalancer;
import dev.odoorelease.engine.internal.swarm.OdooService;
import dev.odoorelease.engine.internal.swarm.SwarmUpdate;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.ModulePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deploy to a swarm environment ({@code runtime: swarm}, {@link DeployCommand#swarm}), inside the environment's lock, journaled
 * as {@value #JOURNAL} (its crash points are {@code swarm-deploy:*}; {@code recover} finishes or undoes it:
 * {@link InterruptedSwarmDeploy}).
 * <ul>
 * <li><b>Code-only</b> (the plan updates no module): a rolling update of the instances — one at a time, the new one started and
 * healthy (its in-container Odoo health check) before the old one stops, the load balancer retrying a request that meets a
 * stopping instance on another — then the cron instance, then the Odoo-aware health check through the load balancer. An
 * instance that fails makes Swarm put the previous image back on every instance ({@code --update-failure-action rollback}); a
 * failed final check rolls the services back the same way.</li>
 * <li><b>Module update</b>: the maintenance page on (the managed load balancer's runtime switch; the user's own load balancer
 * answers for itself once no instance runs), every instance stopped (both services scaled to 0 and no task left running), the
 * snapshot, one update run ({@code odoo -u … --stop-after-init} in a one-off container of the new image on the service's
 * network), both services on the new image at their number of instances (each healthy by its own Odoo-aware check), the page
 * off, the health check through the load balancer. The same {@link Changeover} as a single-container deploy journals, times
 * and records it, and on any failure the same {@link Undo} puts back what ran before — the instances stopped, database and
 * filestore restored from the snapshot, the previous image on every instance, health-checked, the page off
 * ({@link SwarmServing}).</li>
 * </ul>
 * The first deploy creates the networks, the load balancer (when managed) and the services. After a deploy or rollback that
 * worked, the service's configuration secrets and the load balancer's configs that no service uses any more are removed.
 */
final class SwarmDeployRun {
    static final String JOURNAL = "swarm-deploy";
    /** Journal key: {@value #ROLL} or {@value #UPDATE}. */
    static final String MODE = "mode";
    static final String ROLL = "roll";
    static final String UPDATE = "module-update";
    private final DeployContext dc;
    private final DeployCommand cmd;
    private final Environment env;
    private final SwarmRuntime swarm;
    private final DockerCli docker;
    private final ProgressListener progress;
    private final HealthSettings health;
    private final Duration monitor;
    private final String image;
    private final String commit;
    private final String build;
    private final long start;
    private final long lockMillis;

    SwarmDeployRun(DeployContext dc, DeployCommand cmd, SwarmRuntime swarm, Duration monitor, long start, long lockMillis) {
        this.dc = dc;
        this.cmd = cmd;
        this.env = dc.env();
        this.swarm = swarm;
        this.docker = dc.docker();
        this.progress = dc.progress();
        this.health = dc.health();
        this.monitor = monitor;
        this.image = cmd.image();
        this.commit = cmd.commit();
        this.build = cmd.build();
        this.start = start;
        this.lockMillis = lockMillis;
    }

    DeployResult run() {
        String imageId = docker.images().inspect(image).map(i -> i.id()).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                "Unable to deploy " + image + " to " + env.name() + ": the image is not on the Docker engine. Build or pull it first"
                + " (the swarm's nodes must be able to run it: push it to a registry they reach, or load it on each)."));
        docker.swarm().requireManager("deploy to " + env.name());
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("lock", lockMillis);
        SwarmServing serving = new SwarmServing(dc, swarm, monitor);
        OdooService service = serving.service();
        long t = System.nanoTime();
        Optional<JsonNode> current = service.inspect();
        String oldImage = current.map(c -> c.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText(null))
                .orElse(null);
        Optional<DeployedVersion> deployed = dc.store().environments().get(env.name());
        String oldCommit = deployed.map(DeployedVersion::commit).orElse(null);
        Map<String, String> installed = DeployContext.installedModules(env);
        ModulePlan plan = DeployRun.plan(cmd, env, installed, OdooDatabase.series(installed), oldCommit);
        phases.put("plan", Changeover.millisSince(t));
        plan.warnings().forEach(progress::warn);
        if (!plan.warnings().isEmpty() && !cmd.allowSkippedUpdates()) {
            throw DeployRun.skippedUpdatesRefusal(env, image, plan);
        }
        if (plan.updatesSomething()) {
            if (cmd.snapshotKind() == SnapshotKind.TEMPLATE) {
                SnapshotCommand.requireTemplateCopy(env, true, "deploy " + image + " to " + env.name(), progress);
            }
            progress.info("Deploy plan for " + env.name() + " (swarm service " + swarm.service() + ", " + swarm.instances()
                    + " instance(s)): " + (oldImage == null ? "(nothing deployed)" : oldImage) + " → " + image + "; module update: "
                    + plan.updateArg() + (plan.reasons().isEmpty() ? "" : " " + plan.reasons())
                    + " (maintenance page while the instances are stopped and the update runs)");
            return new ModuleUpdate(serving, oldImage, oldCommit, plan, imageId).run();
        }
        progress.info("Deploy plan for " + env.name() + " (swarm service " + swarm.service() + ", " + swarm.instances()
                + " instance(s)): " + (oldImage == null ? "(nothing deployed)" : oldImage) + " → " + image
                + "; module update: none (rolling update, no downtime)");
        return new Roll(dc.ctx(), service, phases, start, oldImage, oldCommit, installed, plan, imageId).run(current);
    }

    /** The module-update deploy: the services stopped behind the maintenance page while the update runs once. */
    private final class ModuleUpdate {
        private final SwarmServing serving;
        private final String oldImage;
        private final String oldCommit;
        private final ModulePlan plan;
        private final String imageId;
        private final Changeover co;

        ModuleUpdate(SwarmServing serving, String oldImage, String oldCommit, ModulePlan plan, String imageId) {
            this.serving = serving;
            this.oldImage = oldImage;
            this.oldCommit = oldCommit;
            this.plan = plan;
            this.imageId = imageId;
            this.co = new Changeover(dc, DeployNames.DEPLOY, start, lockMillis).serving(serving, JOURNAL);
        }

        DeployResult run() {
            String op = co.operationId();
            co.begin(oldImage, image, commit, build, false, Map.of("service", swarm.service(), MODE, UPDATE, "newImageId", imageId));
            String step = "prepare";
            try {
                co.phase("prepare", () -> {
                    serving.service().ensureNetworks();
                    if (swarm.loadBalancer().managed()) {
                        new LoadBalancer(swarm, env.name(), docker, progress).ensure();
                    }
                });
                step = "maintenance";
                co.downtimeStarts();
                co.phase("stop", () -> {
                    serving.maintenance(true);
                    dc.journal().step(op, "maintenance-on");
                    serving.stopAll();
                    dc.journal().step(op, "scaled-down");
                });
                step = "snapshot";
                co.snapshot(cmd.snapshotKind(), "before deploy " + op, oldImage, oldCommit);
                step = "update";
                co.phase("update", () -> DeployRun.update(dc, co, image, plan, cmd.updateTimeout(), swarm.dataMount()));
                step = "start";
                co.databaseTouched();
                co.phase("start", () -> {
                    dc.journal().step(op, "starting-new");
                    serving.runAll(image, op);
                    serving.maintenance(false);
                });
                step = "health";
                HealthReport report = co.health();
                Map<String, String> after = DeployContext.installedModules(env);
                Map<String, Object> details = new LinkedHashMap<>(Map.of("image", image, "commit", String.valueOf(commit),
                        "snapshot", co.snapshotId(), "modules", plan.updateArg(), "previousImage", String.valueOf(oldImage),
                        "build", String.valueOf(build), "imageId", imageId, "runtime", "swarm", "service", swarm.service(),
                        "instances", swarm.instances()));
                details.putAll(DeployRun.decision(cmd, null)); // who approved, and why, as for one container
                co.succeed(image, commit, after, build, DeployResult.Outcome.DEPLOYED.id(), details);
                serving.service().pruneUnused();
                progress.info("Deployed " + image + " to " + env.name() + " on " + swarm.instances() + " instance(s) in "
                        + Sizes.human(Duration.ofMillis(co.phases().get("total"))) + " (maintenance page "
                        + Sizes.human(Duration.ofMillis(co.downtimeMillis())) + ", of which the update "
                        + Sizes.human(Duration.ofMillis(co.phases().getOrDefault("update", 0L))) + ")");
                return result(DeployResult.Outcome.DEPLOYED, null, List.of(), List.of(), report.summary(), null);
            } catch (RuntimeException failure) {
                String cause = "Deploy of " + image + " to " + env.name() + " failed at " + step + ": " + failure.getMessage();
                Map<String, Object> undone = new LinkedHashMap<>(Map.of("image", image, "runtime", "swarm", "service", swarm.service()));
                undone.putAll(DeployRun.decision(cmd, null));
                Undo.Outcome rb = co.undo(cause, DeployResult.Outcome.ROLLED_BACK.id(), undone);
                if (rb.ok()) {
                    serving.service().pruneUnused();
                }
                DeployRun.reportUndo(dc, co, rb);
                return result(rb.ok() ? DeployResult.Outcome.ROLLED_BACK : DeployResult.Outcome.ROLLBACK_FAILED, cause, rb.failures(),
                        rb.manualRecovery(), rb.health() == null ? rb.verified() : rb.health().summary(), rb.keptDatabase());
            }
        }

        private DeployResult result(DeployResult.Outcome outcome, String cause, List<String> failures, List<String> manual,
                                    String healthSummary, String keptDb) {
            return new DeployResult(outcome, env.name(), co.operationId(), oldImage, image, oldCommit, commit, plan, co.snapshotId(), cause,
                    failures, manual, co.phases(), co.downtimeMillis(), healthSummary, keptDb, null, cmd.approvedBy());
        }
    }

    /** The rolling deploy itself, once planned. */
    private final class Roll {
        private final OperationContext ctx;
        private final OdooService service;
        private final Map<String, Long> phases;
        private final long start;
        private final String oldImage;
        private final String oldCommit;
        private final Map<String, String> installed;
        private final ModulePlan plan;
        private final String imageId;
        private final String op;

        Roll(OperationContext ctx, OdooService service, Map<String, Long> phases, long start, String oldImage, String oldCommit,
             Map<String, String> installed, ModulePlan plan, String imageId) {
            this.ctx = ctx;
            this.service = service;
            this.phases = phases;
            this.start = start;
            this.oldImage = oldImage;
            this.oldCommit = oldCommit;
            this.installed = installed;
            this.plan = plan;
            this.imageId = imageId;
            this.op = ctx.operationId();
        }

        DeployResult run(Optional<JsonNode> current) {
            long historyId = ctx.store().history().start(env.name(), DeployNames.DEPLOY, op);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("service", swarm.service());
            data.put("oldImage", oldImage == null ? "" : oldImage);
            data.put("newImage", image);
            data.put("commit", commit == null ? "" : commit);
            data.put("historyId", String.valueOf(historyId));
            data.put(MODE, ROLL);
            ctx.store().journal().begin(op, env.name(), JOURNAL, data);
            Map<String, Object> details = new LinkedHashMap<>(Map.of("image", image, "commit", String.valueOf(commit), "runtime", "swarm",
                    "service", swarm.service(), "instances", swarm.instances(), "previousImage", String.valueOf(oldImage),
                    "imageId", imageId, "modules", plan.updateArg()));
            details.putAll(DeployRun.decision(cmd, null)); // who approved, and why, as for one container
            String step = "prepare";
            try {
                long t = System.nanoTime();
                service.ensureNetworks();
                if (swarm.loadBalancer().managed()) {
                    new LoadBalancer(swarm, env.name(), docker, progress).ensure();
                }
                String secret = service.configSecret(image);
                phases.put("prepare", Changeover.millisSince(t));
                t = System.nanoTime();
                Duration rollTimeout = health.timeout().plus(monitor).plusSeconds(60).multipliedBy(swarm.instances() + 1L);
                if (current.isEmpty()) {
                    step = "create";
                    progress.info("Creating the service " + swarm.service() + " (" + swarm.instances() + " instance(s))"
                            + (swarm.cron() ? " and its cron instance " + swarm.cronService() : ""));
                    ctx.store().journal().step(op, "creating");
                    service.create(image, secret, op, swarm.instances());
                    SwarmUpdate.awaitRunning(docker, swarm.service(), swarm.instances(), rollTimeout, progress);
                    if (swarm.cron()) {
                        SwarmUpdate.awaitRunning(docker, swarm.cronService(), 1, rollTimeout, progress);
                    }
                } else {
                    step = "roll";
                    ctx.store().journal().step(op, "rolling");
                    List<String> failures = roll(swarm.service(), current.get(), secret, rollTimeout);
                    if (!failures.isEmpty()) {
                        throw new RolledBack(failures);
                    }
                    if (swarm.cron()) {
                        Optional<JsonNode> cron = docker.swarm().inspect(swarm.cronService());
                        if (cron.isEmpty()) {
                            service.createCron(image, secret, op);
                            SwarmUpdate.awaitRunning(docker, swarm.cronService(), 1, rollTimeout, progress);
                        } else {
                            List<String> cronFailures = roll(swarm.cronService(), cron.get(), secret, rollTimeout);
                            if (!cronFailures.isEmpty()) {
                                rollBack(swarm.service());
                                throw new RolledBack(cronFailures);
                            }
                        }
                    }
                }
                phases.put("roll", Changeover.millisSince(t));
                step = "health";
                t = System.nanoTime();
                ctx.store().journal().step(op, "rolled");
                HealthReport report = OdooHealthCheck.of(health).progress(progress).check();
                phases.put("health", Changeover.millisSince(t));
                ctx.store().journal().step(op, "healthy");
                ctx.store().environments().record(new DeployedVersion(env.name(), image, commit, installed, null, null, build));
                service.pruneUnused();
                ctx.store().journal().close(op, DeployResult.Outcome.DEPLOYED.id());
                phases.put("total", Changeover.millisSince(start));
                Map<String, Object> d = new LinkedHashMap<>(details);
                d.put("phaseMillis", phases);
                d.put("downtimeMs", 0);
                ctx.store().history().finish(historyId, DeployResult.Outcome.DEPLOYED.id(), d);
                progress.info("Deployed " + image + " to " + env.name() + " on " + swarm.instances() + " instance(s), rolling, without downtime");
                return result(DeployResult.Outcome.DEPLOYED, null, List.of(), List.of(), report.summary());
            } catch (RuntimeException failure) {
                String cause = "Deploy of " + image + " to " + env.name() + " failed at " + step + ": "
                        + (failure instanceof RolledBack rb ? "an instance failed and Swarm put the previous image back on every instance: "
                        + String.join("; ", rb.failures) : failure.getMessage());
                progress.warn(cause);
                List<String> rollbackFailures = new ArrayList<>();
                List<String> manual = new ArrayList<>();
                if (!(failure instanceof RolledBack) && oldImage != null) {
                    ctx.store().journal().step(op, "rolling-back");
                    for (String s : swarm.cron() ? List.of(swarm.service(), swarm.cronService()) : List.of(swarm.service())) {
                        try {
                            rollBack(s);
                        } catch (RuntimeException e) {
                            rollbackFailures.add(s + ": " + e.getMessage());
                            manual.add("docker service rollback " + s);
                        }
                    }
                } else if (oldImage == null && current.isEmpty()) {
                    // the first deploy: nothing ran before, so the undo is to remove what it created (the load balancer stays:
                    // it shows the maintenance page while no instance is up)
                    for (String s : List.of(swarm.service(), swarm.cronService())) {
                        try {
                            docker.swarm().remove(s);
                        } catch (RuntimeException e) {
                            rollbackFailures.add(s + ": " + e.getMessage());
                            manual.add("docker service rm " + s);
                        }
                    }
                }
                String healthSummary = null;
                if (rollbackFailures.isEmpty() && oldImage != null) {
                    try {
                        healthSummary = OdooHealthCheck.of(health).progress(progress).check().summary();
                    } catch (RuntimeException e) {
                        rollbackFailures.add("the previous image is back but not healthy: " + e.getMessage());
                    }
                }
                boolean ok = rollbackFailures.isEmpty() && manual.isEmpty();
                if (ok) {
                    service.pruneUnused();
                }
                DeployResult.Outcome outcome = ok ? DeployResult.Outcome.ROLLED_BACK : DeployResult.Outcome.ROLLBACK_FAILED;
                ctx.store().journal().close(op, outcome.id());
                phases.put("total", Changeover.millisSince(start));
                Map<String, Object> d = new LinkedHashMap<>(details);
                d.put("cause", cause);
                d.put("rollbackFailures", rollbackFailures);
                d.put("phaseMillis", phases);
                ctx.store().history().finish(historyId, outcome.id(), d);
                return result(outcome, cause, rollbackFailures, manual, healthSummary);
            }
        }

        /** Rolls one service to the new image; returns the failures when Swarm rolled it back, empty when it completed. */
        private List<String> roll(String name, JsonNode current, String secret, Duration timeout) {
            progress.info("Rolling update of " + name + ": one instance at a time, each started and healthy before the one it replaces stops");
            docker.swarm().update(name, serviceRollArgs(current, secret));
            SwarmUpdate.Outcome o = SwarmUpdate.await(docker, name, SwarmUpdate.lastStart(current), timeout, progress);
            switch (o.end()) {
                case COMPLETED:
                    return List.of();
                case ROLLED_BACK: {
                    List<String> f = new ArrayList<>(o.taskErrors());
                    if (!o.message().isBlank()) {
                        f.add(0, o.message());
                    }
                    return f.isEmpty() ? List.of("rolled back by the swarm") : f;
                }
                default:
                    throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "the update of " + name + " ended " + o.end() + ": "
                            + o.message() + " " + o.taskErrors());
            }
        }

        private List<String> serviceRollArgs(JsonNode current, String secret) {
            return service.rollArgs(current, image, secret, op, null);
        }

        /** {@code docker service rollback} and the wait for it. */
        private void rollBack(String name) {
            JsonNode s = docker.swarm().inspect(name).orElseThrow();
            String image = s.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText("");
            String previous = s.path("PreviousSpec").path("TaskTemplate").path("ContainerSpec").path("Image").asText("");
            if (previous.isEmpty() || image.equals(oldImage)) {
                return;
            }
            progress.info("Rolling " + name + " back to " + previous);
            docker.swarm().rollback(name);
            SwarmUpdate.Outcome o = SwarmUpdate.await(docker, name, SwarmUpdate.lastStart(s),
                    health.timeout().plusSeconds(60).multipliedBy(swarm.instances() + 1L), progress);
            if (o.end() != SwarmUpdate.End.COMPLETED && o.end() != SwarmUpdate.End.ROLLED_BACK) {
                throw new OdooReleaseException(ErrorCode.ROLLBACK_FAILED, "the rollback of " + name + " ended " + o.end() + ": " + o.message());
            }
        }

        private DeployResult result(DeployResult.Outcome outcome, String cause, List<String> failures, List<String> manual, String healthSummary) {
            return new DeployResult(outcome, env.name(), op, oldImage, image, oldCommit, commit, plan, null, cause, failures, manual, phases,
                    0, healthSummary, null, null, cmd.approvedBy());
        }
    }

    /** The swarm rolled the service back on its own ({@code --update-failure-action rollback}). */
    private static final class RolledBack extends RuntimeException {
        private final List<String> failures;

        RolledBack(List<String> failures) {
            super(String.join("; ", failures));
            this.failures = failures;
        }
    }
}
