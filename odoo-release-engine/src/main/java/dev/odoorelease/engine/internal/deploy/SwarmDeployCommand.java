package dev.odoorelease.engine.internal.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.internal.health.OdooHealthCheck;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import dev.odoorelease.engine.internal.swarm.LoadBalancer;
import dev.odoorelease.engine.internal.swarm.OdooService;
import dev.odoorelease.engine.internal.swarm.SwarmUpdate;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.JournalEntry;
import dev.odoorelease.engine.result.ModulePlan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deploy to a swarm environment ({@code runtime: swarm}), under the environment's lock and journal like a single-container
 * deploy. When the plan updates no module (<b>code-only</b>): a rolling update of the instances — one at a time, the new one
 * started and healthy (its in-container Odoo health check) before the old one stops, the load balancer retrying a request
 * that meets a stopping instance on another — then the cron instance, then the Odoo-aware health check through the load
 * balancer. An instance that fails makes Swarm put the previous image back on every instance
 * ({@code --update-failure-action rollback}); a failed final check rolls the services back the same way. A deploy that must
 * update modules is refused before anything changes (the swarm module update is not supported yet: deploy it with
 * {@code update: none} only if the code really changes no model, or on a single-container environment).
 *
 * <p>The first deploy creates the networks, the load balancer (when managed) and the services. A deploy killed half-way
 * leaves its journal open ({@value #JOURNAL}); the next deploy first waits for the swarm to finish the update it had started
 * (Swarm itself completes or rolls it back) and records what runs.
 */
public final class SwarmDeployCommand {
    static final String JOURNAL = "swarm-deploy";
    private final Environment env;
    private final SwarmRuntime swarm;
    private final DockerCli docker;
    private String image;
    private String commit;
    private UpdateMode update;
    private Path repository;
    private List<String> addonsPaths = List.of("");
    private HealthSettings health;
    private String build;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private Duration monitor = Duration.ofSeconds(5);
    private SharedDataGuard guard = SharedDataGuard.NONE;
    private boolean allowSkippedUpdates;
    private ProgressListener progress = ProgressListener.NONE;

    public SwarmDeployCommand(Environment env, SwarmRuntime swarm, DockerCli docker) {
        this.env = env;
        this.swarm = swarm;
        this.docker = docker;
    }

    public SwarmDeployCommand image(String i) {
        this.image = i;
        return this;
    }

    public SwarmDeployCommand commit(String c) {
        this.commit = c;
        return this;
    }

    /** The modules to update; null: {@code changed}. */
    public SwarmDeployCommand update(UpdateMode u) {
        this.update = u;
        return this;
    }

    public SwarmDeployCommand repository(Path repo, List<String> addons) {
        this.repository = repo;
        this.addonsPaths = addons == null || addons.isEmpty() ? List.of("") : List.copyOf(addons);
        return this;
    }

    /** The health check through the load balancer (the environment's URL). */
    public SwarmDeployCommand health(HealthSettings h) {
        this.health = h;
        return this;
    }

    /** Deploys even when the plan warns that the code may not match the schema ({@code update: none}); see DeployCommand. */
    public SwarmDeployCommand allowSkippedUpdates(boolean a) {
        this.allowSkippedUpdates = a;
        return this;
    }

    public SwarmDeployCommand build(String b) {
        this.build = b;
        return this;
    }

    public SwarmDeployCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    /** How long Swarm watches each replaced instance before the next (default 5 s). */
    public SwarmDeployCommand monitor(Duration m) {
        this.monitor = m;
        return this;
    }

    public SwarmDeployCommand guard(SharedDataGuard g) {
        this.guard = g == null ? SharedDataGuard.NONE : g;
        return this;
    }

    public SwarmDeployCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public DeployResult call() {
        if (image == null || image.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name() + ": no image given.");
        }
        if (health == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name() + ": no health check settings."
                    + " Give the environment's 'url:' (the load balancer's address).");
        }
        String imageId = docker.images().inspect(image).map(i -> i.id()).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                "Unable to deploy " + image + " to " + env.name() + ": the image is not on the Docker engine. Build or pull it first"
                + " (the swarm's nodes must be able to run it: push it to a registry they reach, or load it on each)."));
        docker.swarm().requireManager("deploy to " + env.name());
        long start = System.nanoTime();
        try (OperationContext ctx = OperationContext.open(env, DeployNames.DEPLOY, lockTimeout, progress, guard)) {
            Map<String, Long> phases = new LinkedHashMap<>();
            phases.put("lock", Changeover.millisSince(start));
            OdooService service = new OdooService(swarm, env, health, docker, progress).monitor(monitor);
            for (JournalEntry open : ctx.store().journal().open(env.name())) {
                if (open.operation().equals(JOURNAL)) {
                    finishInterrupted(ctx, service, open);
                }
            }
            long t = System.nanoTime();
            Optional<JsonNode> current = service.inspect();
            String oldImage = current.map(c -> c.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText(null))
                    .orElse(null);
            Optional<DeployedVersion> deployed = ctx.store().environments().get(env.name());
            String oldCommit = deployed.map(DeployedVersion::commit).orElse(null);
            Map<String, String> installed = DeployContext.installedModules(env);
            UpdateMode mode = update == null ? UpdateMode.parse("changed") : update;
            if (mode.kind() == UpdateMode.Kind.CHANGED && (repository == null || commit == null)) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to plan the deploy to " + env.name() + ": update"
                        + " 'changed' needs the project's git checkout and the commit being deployed. Give them, or use update: none or"
                        + " a module list.");
            }
            ModulePlan plan = new ModulePlanner(repository, addonsPaths).plan(mode, installed, OdooDatabase.series(installed), oldCommit, commit);
            phases.put("plan", Changeover.millisSince(t));
            plan.warnings().forEach(progress::warn);
            if (!plan.warnings().isEmpty() && !allowSkippedUpdates) {
                throw DeployRun.skippedUpdatesRefusal(env, image, plan);
            }
            if (plan.updatesSomething()) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to deploy " + image + " to " + env.name()
                        + " (nothing changed): the plan updates modules (" + plan.updateArg() + "), and a module update on a swarm"
                        + " environment is not supported yet. Deploy a code-only change (the plan updates no module), or run the update"
                        + " on a single-container environment.");
            }
            progress.info("Deploy plan for " + env.name() + " (swarm service " + swarm.service() + ", " + swarm.instances()
                    + " instance(s)): " + (oldImage == null ? "(nothing deployed)" : oldImage) + " → " + image
                    + "; module update: none (rolling update, no downtime)");
            return new Roll(ctx, service, phases, start, oldImage, oldCommit, installed, plan, imageId).run(current);
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
            ctx.store().journal().begin(op, env.name(), JOURNAL, data);
            Map<String, Object> details = new LinkedHashMap<>(Map.of("image", image, "commit", String.valueOf(commit), "runtime", "swarm",
                    "service", swarm.service(), "instances", swarm.instances(), "previousImage", String.valueOf(oldImage),
                    "imageId", imageId, "modules", plan.updateArg()));
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
                    0, healthSummary, null);
        }
    }

    /**
     * The swarm deploy a killed process left open: the swarm finished (or rolled back) the update on its own; what the service
     * runs now is recorded, and the journal and history closed, before the new deploy goes on.
     */
    private void finishInterrupted(OperationContext ctx, OdooService service, JournalEntry open) {
        String newImage = open.data().getOrDefault("newImage", "");
        progress.warn("The swarm deploy " + open.operationId() + " of " + newImage + " to " + env.name() + " was interrupted at "
                + open.step() + "; waiting for the swarm to finish the update it started");
        Optional<JsonNode> s = service.inspect();
        String state = s.map(n -> n.path("UpdateStatus").path("State").asText("")).orElse("");
        if (state.equals("updating") || state.equals("rollback_started")) {
            SwarmUpdate.await(docker, swarm.service(), "", health.timeout().plusSeconds(60).multipliedBy(swarm.instances() + 1L), progress);
            s = service.inspect();
        }
        String running = s.map(n -> n.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText("")).orElse("");
        boolean completed = !newImage.isEmpty() && running.equals(newImage) && s.map(n -> !n.path("UpdateStatus").path("State")
                .asText("").startsWith("rollback")).orElse(false);
        String result;
        if (completed) {
            OdooHealthCheck.of(health).progress(progress).check();
            String commit = open.data().getOrDefault("commit", "");
            ctx.store().environments().record(new DeployedVersion(env.name(), newImage, commit.isEmpty() ? null : commit,
                    DeployContext.installedModules(env), null, null, null));
            result = DeployResult.Outcome.DEPLOYED.id();
            progress.info("The interrupted deploy completed: " + newImage + " runs on every instance and is healthy");
        } else {
            result = DeployResult.Outcome.ROLLED_BACK.id();
            progress.info("The interrupted deploy did not complete: the instances run " + (running.isEmpty() ? "nothing" : running));
        }
        ctx.store().journal().close(open.operationId(), result);
        String historyId = open.data().get("historyId");
        if (historyId != null) {
            ctx.store().history().finish(Long.parseLong(historyId), result, Map.of("recoveredBy", ctx.operationId(), "image", newImage));
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
