package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.config.RegistryAuth;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import dev.odoorelease.engine.internal.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.JournalEntry;
import dev.odoorelease.engine.result.ModulePlan;
import dev.odoorelease.engine.result.PinnedPlan;
import dev.odoorelease.engine.internal.docker.ImageDigests;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.UpdateMode;

/**
 * Deploys a new image to an environment, reversibly: lock → plan → stop the old container (kept,
 * renamed) → snapshot → module update in a one-off container → start the new container → health check
 * → success (old container removed, state recorded, retention) or, on any failure, rollback: new
 * container removed, database and filestore restored from the snapshot, old container renamed back and
 * started, health-checked. Every undo step runs even when an earlier one failed. Each step is journaled
 * first, so a deploy killed half-way is finished or rolled back by {@link RecoverCommand}.
 */
public final class DeployCommand {
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private String image;
    private String commit;
    private UpdateMode update;
    private Path repository;
    private List<String> addonsPaths = List.of("");
    private boolean dryRun;
    private HealthSettings health;
    private String build;
    private boolean recoverInterrupted;
    private boolean allowSkippedUpdates;
    private SnapshotKind snapshotKind;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private SharedDataGuard guard = SharedDataGuard.NONE;
    private Duration updateTimeout = Duration.ofHours(2);
    private ProgressListener progress = ProgressListener.NONE;
    private RegistryAuth registryAuth;
    private String planId;
    private String approvedBy;
    private String forceUnproven;
    private String forceNonLinear;
    private String forceFailedRehearsal;
    private Environment promotesFrom;
    private java.time.Duration promotesFromMaxAge;
    private Duration planValidity = Duration.ofHours(24);
    private dev.odoorelease.engine.config.SwarmRuntime swarm;
    private Duration swarmMonitor = Duration.ofSeconds(5);
    private String newEnvironment;

    public DeployCommand(Environment env, OdooContainer container, DockerCli docker) {
        this.env = env;
        this.container = container;
        this.docker = docker;
        this.snapshotKind = env.snapshotKind();
    }

    /**
     * Deploys to the swarm service of a {@code runtime: swarm} environment ({@link SwarmDeployRun}) instead of its container: a
     * rolling update when the plan updates no module, the maintenance page, the instances stopped and one update run when it
     * does. Give {@code null} as the container. Plans ({@link #dryRun}, {@link #plan}) and promotion checks are not supported
     * there yet: refused before anything changes.
     */
    public DeployCommand swarm(dev.odoorelease.engine.config.SwarmRuntime s) {
        this.swarm = s;
        return this;
    }

    /** How long Swarm watches each replaced instance of a rolling update before the next (default 5 s). */
    public DeployCommand swarmMonitor(Duration m) {
        this.swarmMonitor = m;
        return this;
    }

    public DeployCommand image(String i) {
        this.image = i;
        return this;
    }

    public DeployCommand commit(String c) {
        this.commit = c;
        return this;
    }

    /** The modules to update; null: {@code changed} (and, with a plan id, the plan's). */
    public DeployCommand update(UpdateMode u) {
        this.update = u;
        return this;
    }

    /**
     * Deploys exactly the pinned plan of this id ({@code odoo-release plan} stored it): the plan's image, commit, update
     * mode and overrides unless given again (equal), and under the lock the plan's facts are recomputed — a deploy of a
     * plan that expired or whose facts differ now (the tag names another image, another deploy or restore ran, the
     * module set changed) is refused before anything changes.
     */
    public DeployCommand plan(String id) {
        this.planId = id;
        return this;
    }

    /** Who approved the deploy (the Jenkins {@code input} submitter), recorded in the history. */
    public DeployCommand approvedBy(String name) {
        this.approvedBy = name;
        return this;
    }

    /**
     * For an environment that promotes from another ({@link #promotesFrom}): deploy an image never deployed and found
     * healthy there, for this reason (recorded in the history).
     */
    public DeployCommand forceUnproven(String reason) {
        this.forceUnproven = reason;
        return this;
    }

    /**
     * For an environment that promotes from another: deploy a commit that does not descend from the deployed one (a
     * rewind, a divergent branch), for this reason (recorded in the history).
     */
    public DeployCommand forceNonLinear(String reason) {
        this.forceNonLinear = reason;
        return this;
    }

    /**
     * Deploy an image whose last rehearsal on this environment failed ({@code odoo-release rehearse}), for this reason
     * (recorded in the history); refused otherwise.
     */
    public DeployCommand forceFailedRehearsal(String reason) {
        this.forceFailedRehearsal = reason;
        return this;
    }

    /**
     * The environment this one promotes from ({@code promotesFrom: staging}): a deploy here refuses an image that was not
     * deployed and found healthy there, and a commit that does not descend from the deployed one; null: no such rule.
     */
    public DeployCommand promotesFrom(Environment source) {
        this.promotesFrom = source;
        return this;
    }

    /**
     * How old the data of the environment this one promotes from may be ({@code maxAge} of staging): a plan whose proof
     * comes from an older copy says so (a proof on a stale copy proves less). Null: no limit.
     */
    public DeployCommand promotesFromMaxAge(java.time.Duration maxAge) {
        this.promotesFromMaxAge = maxAge;
        return this;
    }

    /** How long a plan made by this command's dry run may be deployed (default 24 h). */
    public DeployCommand planValidity(Duration v) {
        this.planValidity = v;
        return this;
    }

    /** The project's git checkout, for update: changed (and its addons paths inside it). */
    public DeployCommand repository(Path repo, List<String> addons) {
        this.repository = repo;
        this.addonsPaths = addons == null || addons.isEmpty() ? List.of("") : List.copyOf(addons);
        return this;
    }

    public DeployCommand dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    public DeployCommand health(HealthSettings h) {
        this.health = h;
        return this;
    }

    /** Who or which build deploys ("jenkins job/42"), recorded in the history. */
    public DeployCommand build(String b) {
        this.build = b;
        return this;
    }

    /** CI mode: an interrupted earlier deploy is recovered (rolled back or completed) instead of refused. */
    /**
     * Deploys even when the plan warns that the new code may not match the database's schema ({@link ModulePlan#warnings()}:
     * {@code update: none}, or installed modules with another manifest version left out of the update). Off by default:
     * such a deploy is refused before anything changes.
     */
    public DeployCommand allowSkippedUpdates(boolean a) {
        this.allowSkippedUpdates = a;
        return this;
    }

    public DeployCommand recoverInterrupted(boolean r) {
        this.recoverInterrupted = r;
        return this;
    }

    /**
     * The first deploy into a brand-new environment that nothing ran in yet and whose undo is removing it as a whole
     * ({@code undoneBy} says how, e.g. a new preview: {@code preview down}): no rollback snapshot is taken (there is
     * nothing to roll back to); a failure removes the deploy's containers, starts nothing and puts no data back — the
     * caller removes the environment. Refused, before anything changes, when the environment's container exists.
     */
    public DeployCommand newEnvironment(String undoneBy) {
        this.newEnvironment = undoneBy == null || undoneBy.isBlank() ? null : undoneBy;
        return this;
    }

    public DeployCommand snapshotKind(SnapshotKind k) {
        this.snapshotKind = k == null ? env.snapshotKind() : k;
        return this;
    }

    /**
     * The other environments of the project: under the lock, before changing anything, the command proves (by server
     * identity and file identity) that it changes none of their databases or filestores.
     */
    public DeployCommand guard(SharedDataGuard g) {
        this.guard = g == null ? SharedDataGuard.NONE : g;
        return this;
    }

    public DeployCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public DeployCommand updateTimeout(Duration t) {
        this.updateTimeout = t;
        return this;
    }

    /** The registry's credentials, for pulling the image when the engine does not have it yet; null: anonymous. */
    public DeployCommand registryAuth(RegistryAuth auth) {
        this.registryAuth = auth;
        return this;
    }

    public DeployCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /** A plan id as {@code plan} prints them (16 hex digits), or the configuration error that says so. */
    public static String requirePlanId(String id, Environment env) {
        return PlanPins.requireId(id, env);
    }

    public DeployResult call() {
        requireReason(forceUnproven, "--force-unproven");
        requireReason(forceNonLinear, "--force-non-linear");
        requireReason(forceFailedRehearsal, "--force-failed-rehearsal");
        requireReason(approvedBy, "--approved-by");
        if (planValidity == null || planValidity.isNegative() || planValidity.isZero()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to plan a deploy to " + env.name() + ": the plan validity "
                    + planValidity + " is not a positive duration.");
        }
        if (swarm != null && (dryRun || planId != null || promotesFrom != null)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name() + " (nothing changed): it runs"
                    + " on Docker Swarm, where " + (dryRun ? "a dry run (plan)" : planId != null ? "a pinned plan (--plan)"
                    : "promotesFrom (the proof from " + promotesFrom.name() + ")") + " is not supported yet. Deploy the image directly"
                    + " (odoo-release deploy " + env.name() + " --image …), or remove promotesFrom from the environment.");
        }
        if (planId != null) {
            if (dryRun) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to plan a deploy to " + env.name() + " from plan "
                        + planId + ": a plan id is deployed, not planned again. Deploy it, or plan without it.");
            }
            Optional<StateStore> st = StateStore.openIfExists(env);
            try {
                PlanPins.takeInputs(this, PlanPins.lookup(st, planId, env), env);
            } finally {
                st.ifPresent(StateStore::close);
            }
        }
        if (image == null || image.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name() + ": no image given.");
        }
        if (container == null && swarm == null && !dryRun) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name()
                    + ": no container settings. Give the environment a 'container:' section (a dry run plans without one).");
        }
        if (health == null && !dryRun) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name()
                    + ": no health check settings (URL, database). Configure the environment's health check"
                    + (swarm == null ? "." : " (its 'url:' is the load balancer's address)."));
        }
        if (!dryRun) {
            pullIfMissing();
        }
        if ((commit == null || commit.isBlank()) && repository != null) {
            commit = CheckoutHead.of(repository).orElse(null);
            if (commit != null) {
                progress.info("No commit given: deploying " + commit + ", the HEAD of the checkout " + repository);
            }
        }
        long start = System.nanoTime();
        if (dryRun) {
            return plan(start);
        }
        try (OperationContext ctx = OperationContext.open(env, DeployNames.DEPLOY, lockTimeout, progress, guard)) {
            long lockMillis = Changeover.millisSince(start);
            DeployContext dc = new DeployContext(ctx, env, swarm == null ? container : SwarmServing.oneOffSettings(swarm), docker, health,
                    progress);
            Optional<JournalEntry> open = DeployContext.interrupted(ctx.store(), env.name());
            if (open.isPresent()) {
                if (!recoverInterrupted && !InterruptedSwarmDeploy.finishedByTheSwarm(open.get())) {
                    DeployContext.refuseIfInterrupted(ctx.store(), env, "deploy to");
                }
                RecoverCommand.recover(dc, open.get(), swarm, swarmMonitor);
            }
            return swarm == null ? new DeployRun(dc, this, start, lockMillis).run()
                    : new SwarmDeployRun(dc, this, swarm, swarmMonitor, start, lockMillis).run();
        }
    }

    /**
     * The image onto the engine, from its registry, when the engine does not have it yet: the deploy's own containers
     * never pull implicitly ({@code --pull never}), so a missing image fails here, before the lock, and not half-way.
     */
    private void pullIfMissing() {
        if (docker.images().inspect(image).isEmpty()) {
            progress.info("Pulling " + image + " on " + (docker.endpoint() == null ? "the local Docker engine" : docker.endpoint()));
            docker.images().pull(image, registryAuth);
        }
    }

    /**
     * The dry run: what a deploy would do, read-only. It takes no lock, creates no state database, cleans up no
     * leftovers of killed operations (that is the next real operation's job, under the lock) and records nothing.
     */
    private DeployResult plan(long start) {
        try (StateStore store = StateStore.open(env)) {
            if (!recoverInterrupted) {
                DeployContext.refuseIfInterrupted(store, env, "plan a deploy to");
            }
            Optional<DeployedVersion> deployed = store.environments().get(env.name());
            // no container settings (a plan needs none): only the recorded state is known
            DeployContext.Current current = new DeployContext.Current(container == null ? Optional.empty() : docker.containers().inspect(container.name()),
                    deployed);
            Map<String, String> installed = DeployContext.installedModules(env);
            ModulePlan plan = DeployRun.plan(this, env, installed, OdooDatabase.series(installed), current.commit());
            progress.info("Deploy plan for " + env.name() + ": " + (current.image() == null ? "(nothing deployed)" : current.image())
                    + " → " + image + (commit == null ? "" : " (commit " + commit + ")") + "; module update: "
                    + (plan.updatesSomething() ? plan.updateArg() : "none") + (plan.reasons().isEmpty() ? "" : " " + plan.reasons())
                    + (plan.notes().isEmpty() ? "" : "; " + String.join("; ", plan.notes())));
            plan.warnings().forEach(w -> progress.warn(w + (allowSkippedUpdates ? "" : " (a deploy refuses this without "
                    + "--allow-skipped-updates)")));
            // the plan pins the image by what the tag names now: the engine must have it
            pullIfMissing();
            String imageId = docker.images().inspect(image).map(dev.odoorelease.engine.internal.docker.ImageInfo::id).orElseThrow(
                    () -> new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to plan the deploy of " + image + " to " + env.name()
                            + ": the image is not on the Docker engine. Build or pull it first."));
            String digest = ImageDigests.repoDigest(docker, imageId, image).orElse(null);
            PinnedPlan pinned = PlanPins.store(store, PlanPins.compute(this, env, store, current, installed, plan, imageId, digest),
                    planValidity);
            pinned.lines().forEach(progress::info);
            progress.info("Plan " + pinned.id() + " stored; nothing else changed.");
            Map<String, Long> phases = new LinkedHashMap<>();
            phases.put("plan", Changeover.millisSince(start));
            return new DeployResult(DeployResult.Outcome.PLANNED, env.name(), null, current.image(), image, current.commit(), commit, plan,
                    null, null, List.of(), List.of(), phases, 0, null, null, pinned, null);
        }
    }

    private void requireReason(String value, String option) {
        if (value != null && value.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to deploy to " + env.name() + ": " + option
                    + " is empty. Give it a name or reason; it is recorded in the history.");
        }
    }

    boolean allowSkippedUpdates() {
        return allowSkippedUpdates;
    }

    // accessors for DeployRun
    Environment env() {
        return env;
    }

    OdooContainer container() {
        return container;
    }

    DockerCli docker() {
        return docker;
    }

    String image() {
        return image;
    }

    String commit() {
        return commit;
    }

    UpdateMode update() {
        return update == null ? UpdateMode.parse("changed") : update;
    }

    boolean updateGiven() {
        return update != null;
    }

    String planId() {
        return planId;
    }

    String approvedBy() {
        return approvedBy;
    }

    String forceUnproven() {
        return forceUnproven;
    }

    String forceNonLinear() {
        return forceNonLinear;
    }

    String forceFailedRehearsal() {
        return forceFailedRehearsal;
    }

    java.time.Duration promotesFromMaxAge() {
        return promotesFromMaxAge;
    }

    Environment promotesFrom() {
        return promotesFrom;
    }

    Path repository() {
        return repository;
    }

    List<String> addonsPaths() {
        return addonsPaths;
    }

    boolean dryRun() {
        return dryRun;
    }

    HealthSettings health() {
        return health;
    }

    String build() {
        return build;
    }

    /** How a new environment is undone ({@link #newEnvironment}), or null: an ordinary deploy with its snapshot. */
    String newEnvironment() {
        return newEnvironment;
    }

    SnapshotKind snapshotKind() {
        return snapshotKind;
    }

    Duration updateTimeout() {
        return updateTimeout;
    }

    ProgressListener progress() {
        return progress;
    }
}
