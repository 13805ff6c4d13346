package dev.odoorelease.engine;

import dev.odoorelease.engine.config.DistinctEndpoints;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.snapshot.OperationIds;
import dev.odoorelease.engine.internal.snapshot.SnapshotMaintenance;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The release operations of one project, by environment name — the facade the CLI and the Jenkins plugin call. It has
 * one shape, JGit's: each method returns a command object, configured with chained setters and run once with
 * {@code call()}, which returns a typed result. The command builds the engine's own command from the environment's
 * configuration, applies the guard rails that depend on the whole project (a stage clone may share nothing with
 * another environment; production only changes from its mapped branch), and returns its result. Secrets of every
 * environment are redacted from Docker output.
 *
 * <pre>{@code
 * OdooRelease release = new OdooRelease(ConfigFile.load(Path.of("odoo-release.yml"))).progress(listener).branch("main");
 * DeployResult r = release.deploy().environment("production").image("registry/acme:1f2e3d").call();
 * RollbackResult plan = release.rollback().environment("production").dryRun(true).call();
 * }</pre>
 */
public final class OdooRelease {
    private static final Pattern IMAGE = Pattern.compile(
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

    /** Takes a snapshot of an environment's database and filestore. */
    public TakeSnapshot snapshot() {
        return new TakeSnapshot(this);
    }

    /** An environment's snapshots, newest first. */
    public ListSnapshots listSnapshots() {
        return new ListSnapshots(this);
    }

    /** Re-checks a snapshot against its manifest. */
    public VerifySnapshot verifySnapshot() {
        return new VerifySnapshot(this);
    }

    /** Deletes a snapshot (refused for one a rollback or clone still needs). */
    public DeleteSnapshot deleteSnapshot() {
        return new DeleteSnapshot(this);
    }

    /** Restores a snapshot into its environment. */
    public Restore restore() {
        return new Restore(this);
    }

    /** Confirms a restore or clone: drops the data it replaced and kept. */
    public DiscardReplaced discardReplaced() {
        return new DiscardReplaced(this);
    }

    /** Replaces an environment with an anonymized, neutralized, verified copy of another. */
    public StageClone stageClone() {
        return new StageClone(this);
    }

    /** Refreshes a staging environment from production, keeping its staging-only records, and brings it back serving. */
    public Refresh refresh() {
        return new Refresh(this);
    }

    /** Deploys a new image (or, as a dry run, plans it). */
    public Deploy deploy() {
        return new Deploy(this);
    }

    /**
     * Rehearses a deploy on a throwaway, neutralized copy of the environment's latest snapshot (the environment is not
     * touched); a plan of that image then uses the rehearsal.
     */
    public Rehearse rehearse() {
        return new Rehearse(this);
    }

    /** Checks an environment's health. */
    public CheckHealth health() {
        return new CheckHealth(this);
    }

    /** Finishes or rolls back an interrupted deploy. */
    public Recover recover() {
        return new Recover(this);
    }

    /** Rolls an environment back by hand to a snapshot. */
    public Rollback rollback() {
        return new Rollback(this);
    }

    /** Where an environment stands (read-only). */
    public Status status() {
        return new Status(this);
    }

    /** How far a staging environment has drifted from production, each difference deliberate or drift (read-only). */
    public Drift drift() {
        return new Drift(this);
    }

    /** The warning of an environment older than its {@code maxAge} since its last refresh (read-only). */
    public CheckRefreshAge refreshAge() {
        return new CheckRefreshAge(this);
    }

    /** Creates a branch's preview environment, or updates it in place (the project's {@code preview:} template). */
    public PreviewUp previewUp() {
        return new PreviewUp(this);
    }

    /** Removes a branch's preview (all of it, verified) and the expired ones. */
    public PreviewDown previewDown() {
        return new PreviewDown(this);
    }

    /** The project's previews (read-only). */
    public PreviewList previewList() {
        return new PreviewList(this);
    }

    /**
     * Checks an Odoo server by URL alone, without a project configuration.
     *
     * @throws OdooReleaseException {@link ErrorCode#CONFIGURATION} at once for a URL that is not an http(s) URL
     */
    public static CheckUrl checkUrl(String url) {
        return new CheckUrl(url);
    }

    // ---------------------------------------------------------------------------------------------------------
    // what the commands share

    ProgressListener progress() {
        return progress;
    }

    Duration lockTimeout() {
        return lockTimeout;
    }

    String branch() {
        return branch;
    }

    String build() {
        return build;
    }

    /** The environment's configuration, or the configuration error that names the known ones. */
    EnvironmentConfig environment(String name) {
        return config.environment(name);
    }

    SnapshotMaintenance maintenance(String environment) {
        return new SnapshotMaintenance(environment(environment).environment()).lockTimeout(lockTimeout).progress(progress);
    }

    /**
     * The guard rail that needs the whole project, checked now (before waiting for any lock) and returned for the command
     * to check again under the lock before its destructive step: {@code e} shares its database and filestore, by
     * identity, with no other configured environment.
     */
    SharedDataGuard guardOf(EnvironmentConfig e, String operation) {
        requireOwnEndpoints(e);
        SharedDataGuard guard = new SharedDataGuard(config.othersThan(e.name()));
        guard.require(e.environment(), operation + " " + e.name(), progress);
        return guard;
    }

    /** Every configured environment by name (where a killed rehearsal may have made its copy). */
    java.util.Map<String, dev.odoorelease.engine.config.Environment> environmentsByName() {
        java.util.Map<String, dev.odoorelease.engine.config.Environment> m = new java.util.LinkedHashMap<>();
        config.environments().forEach(c -> m.put(c.name(), c.environment()));
        return m;
    }

    /**
     * {@code e}'s URL, container and data directory are nobody else's, with host names resolved and folders compared by
     * identity (the configuration itself was checked as spelled): a health check must reach e's own Odoo.
     */
    void requireOwnEndpoints(EnvironmentConfig e) {
        DistinctEndpoints.require(config.project(), e, config.environments(), true);
    }

    /** A snapshot or operation id as the engine makes them ({@code 20261122-013012-4fa2}), or a clear error. */
    static String requireId(String id, String operation) {
        if (!OperationIds.isValid(id)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation + " '" + id
                    + "': not a valid id (ids look like 20261122-013012-4fa2; `odoo-release snapshots list <environment>` shows them).");
        }
        return id;
    }

    /** A Docker image reference ({@code registry:5000/team/odoo:17.0-1f2e3d} or {@code name@sha256:…}), or a clear error. */
    static void requireImage(String image, String operation, String where) {
        if (image == null || image.length() > 255 || !IMAGE.matcher(image).matches()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation + " '" + image + "'"
                    + (where == null ? "" : " " + where) + ": not a valid image reference. Give it as [registry/]repository[:tag][@digest], e.g. registry.example/acme/odoo:1f2e3d.");
        }
    }
}
