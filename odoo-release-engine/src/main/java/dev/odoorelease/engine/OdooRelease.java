package dev.odoorelease.engine;

import dev.odoorelease.engine.config.DistinctEndpoints;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.deploy.DeployCommand;
import dev.odoorelease.engine.deploy.DeployResult;
import dev.odoorelease.engine.deploy.EnvironmentStatus;
import dev.odoorelease.engine.deploy.RecoverCommand;
import dev.odoorelease.engine.deploy.RollbackCommand;
import dev.odoorelease.engine.deploy.RollbackResult;
import dev.odoorelease.engine.deploy.StatusCommand;
import dev.odoorelease.engine.deploy.UpdateMode;
import dev.odoorelease.engine.docker.DockerCli;
import dev.odoorelease.engine.drift.DriftCommand;
import dev.odoorelease.engine.drift.DriftReport;
import dev.odoorelease.engine.drift.RefreshAge;
import dev.odoorelease.engine.env.SharedDataGuard;
import dev.odoorelease.engine.env.SnapshotKind;
import dev.odoorelease.engine.health.HealthReport;
import dev.odoorelease.engine.health.OdooHealthCheck;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.snapshot.CloneCommand;
import dev.odoorelease.engine.snapshot.DiscardReplacedCommand;
import dev.odoorelease.engine.snapshot.OperationIds;
import dev.odoorelease.engine.snapshot.RestoreCommand;
import dev.odoorelease.engine.snapshot.RestoreResult;
import dev.odoorelease.engine.state.Snapshot;
import dev.odoorelease.engine.snapshot.SnapshotCommand;
import dev.odoorelease.engine.snapshot.SnapshotMaintenance;
import dev.odoorelease.engine.snapshot.SnapshotResult;
import dev.odoorelease.engine.staging.StageCloneCommand;
import dev.odoorelease.engine.staging.StageCloneResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The release operations of one project, by environment name — the facade the CLI and the Jenkins plugin
 * call (one method per operation, like Flyway's). Each method builds the engine command from the
 * environment's configuration, applies the guard rails that depend on the whole project (a stage clone
 * may share nothing with another environment; production only changes from its mapped branch), and
 * returns the command's result. Secrets of every environment are redacted from Docker output.
 *
 * <pre>{@code
 * OdooRelease release = new OdooRelease(ConfigFile.load(Path.of("odoo-release.yml"))).progress(listener).branch("main");
 * DeployResult r = release.deploy(OdooRelease.DeployRequest.of("production", "registry/acme:1f2e3d"));
 * }</pre>
 */
public final class OdooRelease {
    private static final java.util.regex.Pattern IMAGE = java.util.regex.Pattern.compile(
            "[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?");
    private final ReleaseConfig config;
    private ProgressListener progress = ProgressListener.NONE;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private String branch;
    private String build;

    public OdooRelease(ReleaseConfig config) {
        this.config = config;
    }

    public OdooRelease progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /** How long an operation waits for another one on the same environment before giving up. */
    public OdooRelease lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    /** The branch the running build is of (CI), for the production promotion guard; null at a terminal. */
    public OdooRelease branch(String b) {
        this.branch = b;
        return this;
    }

    /** Who or which build runs the operations ("jenkins acme/main #42"), recorded in the history. */
    public OdooRelease build(String b) {
        this.build = b;
        return this;
    }

    public ReleaseConfig config() {
        return config;
    }

    /** Takes a snapshot of the environment's database and filestore ({@code kind} null: the environment's default). */
    public SnapshotResult snapshot(String environment, SnapshotKind kind, String label) {
        return snapshot(environment, kind, label, false);
    }

    /**
     * Takes a snapshot; {@code drainSessions} lets a template snapshot terminate the sessions on the database
     * (a template copy needs none) instead of refusing.
     */
    public SnapshotResult snapshot(String environment, SnapshotKind kind, String label, boolean drainSessions) {
        EnvironmentConfig e = config.environment(environment);
        SnapshotCommand cmd = new SnapshotCommand(e.environment()).label(label).drainSessions(drainSessions)
                .lockTimeout(lockTimeout).progress(progress);
        if (kind != null) {
            cmd.kind(kind);
        }
        return cmd.call();
    }

    /** The environment's snapshots, newest first. */
    public List<Snapshot> snapshots(String environment, boolean includeDeleted) {
        return maintenance(environment).list(includeDeleted);
    }

    /** Re-checks a snapshot against its manifest; the problems found (empty: sound). */
    public List<String> verifySnapshot(String environment, String id) {
        return maintenance(environment).verify(requireId(id, "verify snapshot"));
    }

    /** Deletes a snapshot (refused for one a rollback or clone still needs). */
    public void deleteSnapshot(String environment, String id) {
        maintenance(environment).delete(requireId(id, "delete snapshot"));
    }

    /**
     * Restores a snapshot into its environment. Destructive, so a production environment needs
     * {@code allowProduction} (an explicit opt-in) besides the promotion guard.
     */
    public RestoreResult restore(String environment, String snapshotId, boolean allowProduction) {
        EnvironmentConfig e = config.environment(environment);
        requireId(snapshotId, "restore snapshot");
        if (e.isProduction() && !allowProduction) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to restore snapshot " + snapshotId + " into "
                    + e.name() + ": it is a production environment, and a restore replaces its data. Use rollback (which keeps "
                    + "a safety snapshot and handles the container), or confirm with --allow-production.");
        }
        config.requirePromotionAllowed(environment, branch, "restore");
        SharedDataGuard guard = guardOf(e, "restore snapshot " + snapshotId + " into");
        return new RestoreCommand(e.environment()).snapshot(snapshotId).guard(guard).lockTimeout(lockTimeout).progress(progress).call();
    }

    /**
     * Confirms a restore or clone: drops the database and folder it replaced and kept ({@code operationId} is the
     * restore's or clone's operation id, or {@code <deploy or rollback id>-restore} for the data a rollback replaced).
     */
    public void discardReplaced(String environment, String operationId) {
        EnvironmentConfig e = config.environment(environment);
        if (!OperationIds.isValidOperation(operationId)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to discard the data replaced by operation '" + operationId
                    + "': not a valid operation id (they look like 20261122-013012-4fa2, or 20261122-013012-4fa2-restore for the "
                    + "restore of a rollback, as printed where the data was kept).");
        }
        new DiscardReplacedCommand(e.environment(), operationId)
                .lockTimeout(lockTimeout).progress(progress).call();
    }

    /** Replaces {@code target} with an anonymized, neutralized, verified copy of {@code source}. */
    public StageCloneResult stageClone(String source, String target, CloneCommand.Source from) {
        return stageClone(source, target, from, false);
    }

    /**
     * Replaces {@code target} with an anonymized, neutralized, verified copy of {@code source};
     * {@code drainTarget} terminates the sessions of staging's own Odoo on the target database instead of refusing.
     */
    public StageCloneResult stageClone(String source, String target, CloneCommand.Source from, boolean drainTarget) {
        EnvironmentConfig s = config.environment(source);
        EnvironmentConfig t = config.environment(target);
        return new StageCloneCommand(s.environment(), t.environment(), t.isProduction() ? null : t.staging())
                .from(from == null ? CloneCommand.Source.LATEST_SNAPSHOT : from)
                .drainTarget(drainTarget)
                .otherEnvironments(config.othersThan(target))
                .lockTimeout(lockTimeout)
                .progress(progress)
                .call();
    }

    /** What a deploy would do (the modules to update and why), changing nothing. */
    public DeployResult plan(DeployRequest request) {
        return deploy(request.dryRun(true));
    }

    /** Deploys a new image: snapshot, module update, start, health check, automatic rollback on failure. */
    public DeployResult deploy(DeployRequest request) {
        EnvironmentConfig e = config.environment(request.environment());
        requireImage(request.image(), "deploy", "to " + e.name());
        if (!request.dryRun()) {
            config.requirePromotionAllowed(e.name(), branch, "deploy to");
        }
        SharedDataGuard guard = request.dryRun() ? SharedDataGuard.NONE : guardOf(e, "deploy to");
        DockerCli docker = e.dockerCli();
        if (!request.dryRun() && docker.imageInspect(request.image()).isEmpty()) {
            progress.info("Pulling " + request.image() + " on " + e.docker().map(Object::toString).orElse("the local Docker engine"));
            docker.pull(request.image(), e.registryAuth().orElse(null));
        }
        // a dry run only plans: it needs no container settings and no health check (it looks at the container when there is one)
        return new DeployCommand(e.environment(), request.dryRun() ? e.container().orElse(null) : e.requireContainer("deploy to"), docker)
                .image(request.image())
                .commit(request.commit())
                .update(request.update() == null ? UpdateMode.parse("changed") : UpdateMode.parse(request.update()))
                .repository(request.repository(), config.addonsPaths())
                .dryRun(request.dryRun())
                .health(request.dryRun() ? e.health().orElse(null) : e.requireHealth("deploy to"))
                .build(build)
                .recoverInterrupted(request.recoverInterrupted())
                .allowSkippedUpdates(request.allowSkippedUpdates())
                .guard(guard)
                .lockTimeout(lockTimeout)
                .progress(progress)
                .call();
    }

    /**
     * Checks the environment's health: its container (when managed) and its HTTP endpoints, waiting up to the
     * configured timeout; an unhealthy environment throws {@link dev.odoorelease.engine.health.HealthCheckTimeoutException}.
     */
    public HealthReport health(String environment) {
        return health(environment, true);
    }

    /**
     * Checks the environment's health. {@code wait}: probe until healthy or the configured timeout (throws when
     * unhealthy); otherwise probe once and report what is seen now ({@link HealthReport#healthy()} tells).
     */
    public HealthReport health(String environment, boolean wait) {
        EnvironmentConfig e = config.environment(environment);
        requireOwnEndpoints(e);
        OdooHealthCheck check = OdooHealthCheck.of(e.requireHealth("check the health of")).progress(progress);
        if (e.container().isPresent()) {
            check.container(e.dockerCli(), e.container().get().name());
        }
        refreshAgeWarning(environment).ifPresent(progress::warn);
        return wait ? check.check() : check.probeOnce();
    }

    /**
     * The warning of an environment with a {@code maxAge} whose data was last refreshed (cloned) longer ago, or never;
     * empty without a maxAge, when recent enough, or when its state cannot be read (a health check does not need it).
     */
    public Optional<String> refreshAgeWarning(String environment) {
        EnvironmentConfig e = config.environment(environment);
        if (e.maxAge().isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<dev.odoorelease.engine.state.StateStore> opened = dev.odoorelease.engine.state.StateStore.openIfExists(e.environment());
            Optional<java.time.Instant> last = Optional.empty();
            if (opened.isPresent()) {
                try (dev.odoorelease.engine.state.StateStore store = opened.get()) {
                    last = RefreshAge.lastRefresh(store, e.name());
                }
            }
            return RefreshAge.warning(e.name(), last, e.maxAge().get(), java.time.Instant.now());
        } catch (OdooReleaseException unreadable) {
            return Optional.empty();
        }
    }

    /**
     * How far {@code target} (staging) has drifted from {@code source} (production): every difference of code,
     * configuration, schema and data volume, classified deliberate (its last stage clone report accounts for it) or drift,
     * with its age against its {@code maxAge}. Read-only on both sides; writes the report (JSON and Markdown) into
     * {@code writeTo} when given.
     */
    public DriftReport drift(String source, String target, Path writeTo) {
        EnvironmentConfig s = config.environment(source);
        EnvironmentConfig t = config.environment(target);
        return new DriftCommand(s.environment(), t.environment())
                .reportDir(t.stagingReportDir())
                .maxAge(t.maxAge().orElse(null))
                .writeTo(writeTo)
                .progress(progress)
                .call();
    }

    /** Finishes or rolls back an interrupted deploy, whichever is safe; empty when nothing was interrupted. */
    public Optional<DeployResult> recover(String environment) {
        EnvironmentConfig e = config.environment(environment);
        return new RecoverCommand(e.environment(), e.requireContainer("recover"), e.dockerCli(), e.requireHealth("recover"))
                .guard(guardOf(e, "recover")).lockTimeout(lockTimeout).progress(progress).call();
    }

    /**
     * Rolls the environment back by hand to {@code snapshot} ({@code null} or {@code "previous"}: the snapshot its last
     * deploy took), database, filestore and image, taking a safety snapshot first so the rollback can itself be undone.
     * Changes production only from its mapped branch; {@code dryRun} only plans.
     */
    public RollbackResult rollback(String environment, String snapshot, boolean dryRun) {
        return rollback(environment, snapshot, null, dryRun);
    }

    /**
     * {@link #rollback(String, String, boolean)} running {@code image} with the snapshot's data instead of the image
     * recorded with it (required for a snapshot taken before odoo-release deployed anything); null: the recorded one.
     */
    public RollbackResult rollback(String environment, String snapshot, String image, boolean dryRun) {
        EnvironmentConfig e = config.environment(environment);
        if (snapshot != null && !snapshot.isBlank() && !RollbackCommand.PREVIOUS.equals(snapshot.strip())) {
            requireId(snapshot.strip(), "roll " + e.name() + " back to snapshot");
        }
        if (image != null && !image.isBlank()) {
            requireImage(image.strip(), "roll " + e.name() + " back with", null);
        }
        SharedDataGuard guard = SharedDataGuard.NONE;
        if (!dryRun) {
            config.requirePromotionAllowed(e.name(), branch, "roll back");
            guard = guardOf(e, "roll back");
        }
        return new RollbackCommand(e.environment(), dryRun ? e.container().orElse(null) : e.requireContainer("roll back"), e.dockerCli(),
                dryRun ? e.health().orElse(null) : e.requireHealth("roll back"))
                .guard(guard).snapshot(snapshot).image(image).dryRun(dryRun).build(build).lockTimeout(lockTimeout).progress(progress).call();
    }

    /**
     * Where an environment stands: what is deployed, its container, snapshots, recent history and an interrupted
     * operation. Read-only: takes no lock and creates nothing.
     */
    public EnvironmentStatus status(String environment) {
        EnvironmentConfig e = config.environment(environment);
        // no progress listener: a status is its result (EnvironmentStatus.lines()), not a log of lines printed twice
        return new StatusCommand(e.environment(), e.container().orElse(null), e.container().isPresent() ? e.dockerCli() : null)
                .maxAge(e.maxAge().orElse(null)).call();
    }

    /**
     * The guard rail that needs the whole project, checked now (before waiting for any lock) and returned for the command
     * to check again under the lock before its destructive step: {@code e} shares its database and filestore, by
     * identity, with no other configured environment.
     */
    private SharedDataGuard guardOf(EnvironmentConfig e, String operation) {
        requireOwnEndpoints(e);
        SharedDataGuard guard = new SharedDataGuard(config.othersThan(e.name()));
        guard.require(e.environment(), operation + " " + e.name(), progress);
        return guard;
    }

    /**
     * {@code e}'s URL, container and data directory are nobody else's, with host names resolved and folders compared by
     * identity (the configuration itself was checked as spelled): a health check must reach e's own Odoo.
     */
    private void requireOwnEndpoints(EnvironmentConfig e) {
        DistinctEndpoints.require(config.project(), e, config.environments(), true);
    }

    /** A snapshot or operation id as the engine makes them ({@code 20261122-013012-4fa2}), or a clear error. */
    private static String requireId(String id, String operation) {
        if (!OperationIds.isValid(id)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation + " '" + id
                    + "': not a valid id (ids look like 20261122-013012-4fa2; `odoo-release snapshots list <environment>` shows them).");
        }
        return id;
    }

    /** A Docker image reference ({@code registry:5000/team/odoo:17.0-1f2e3d} or {@code name@sha256:…}), or a clear error. */
    private static void requireImage(String image, String operation, String where) {
        if (image == null || image.length() > 255 || !IMAGE.matcher(image).matches()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation + " '" + image + "'"
                    + (where == null ? "" : " " + where) + ": not a valid image reference. Give it as [registry/]repository[:tag][@digest], e.g. registry.example/acme/odoo:1f2e3d.");
        }
    }

    private SnapshotMaintenance maintenance(String environment) {
        return new SnapshotMaintenance(config.environment(environment).environment()).lockTimeout(lockTimeout).progress(progress);
    }

    /**
     * What to deploy where.
     *
     * @param update     {@code changed} (default), {@code all}, or a comma-separated module list
     * @param repository the project's git checkout, for {@code changed}; null reads module versions only
     */
    public record DeployRequest(String environment, String image, String commit, String update, Path repository,
                                boolean dryRun, boolean recoverInterrupted, boolean allowSkippedUpdates) implements java.io.Serializable {
        public static DeployRequest of(String environment, String image) {
            return new DeployRequest(environment, image, null, null, null, false, false, false);
        }

        public DeployRequest commit(String c) {
            return new DeployRequest(environment, image, c, update, repository, dryRun, recoverInterrupted, allowSkippedUpdates);
        }

        public DeployRequest update(String u) {
            return new DeployRequest(environment, image, commit, u, repository, dryRun, recoverInterrupted, allowSkippedUpdates);
        }

        public DeployRequest repository(Path r) {
            return new DeployRequest(environment, image, commit, update, r, dryRun, recoverInterrupted, allowSkippedUpdates);
        }

        public DeployRequest dryRun(boolean d) {
            return new DeployRequest(environment, image, commit, update, repository, d, recoverInterrupted, allowSkippedUpdates);
        }

        public DeployRequest recoverInterrupted(boolean r) {
            return new DeployRequest(environment, image, commit, update, repository, dryRun, r, allowSkippedUpdates);
        }

        /**
         * Deploy even when the plan warns that the code may not match the database's schema ({@code update: none}, or
         * installed modules with another manifest version left out of the update); refused otherwise.
         */
        public DeployRequest allowSkippedUpdates(boolean a) {
            return new DeployRequest(environment, image, commit, update, repository, dryRun, recoverInterrupted, a);
        }
    }
}
