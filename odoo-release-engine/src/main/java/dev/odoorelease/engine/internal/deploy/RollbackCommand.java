package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import java.time.Duration;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.result.RollbackResult;

/**
 * Rolls an environment back by hand ({@code odooRollback}) to the snapshot taken by its last successful deploy —
 * the database, filestore and image from before the version that runs now — or to a chosen snapshot, with the
 * guarantees of a deploy: the environment is locked; every step is journaled (an interrupted rollback is finished
 * or undone by {@link RecoverCommand}); a <em>safety snapshot</em> of the current state is taken first (after the
 * stop, like a deploy's), so the rollback is itself reversible; the current container is stopped and kept renamed;
 * database and filestore are restored from the chosen snapshot; a container of the image that ran when that
 * snapshot was taken is started with the environment's settings and health-checked. If anything fails, the
 * current version is put back from the safety snapshot ({@link RollbackResult.Outcome#KEPT_CURRENT}), or the result says
 * exactly what to run by hand ({@link RollbackResult.Outcome#ROLLBACK_FAILED}).
 *
 * <pre>{@code
 * RollbackResult r = new RollbackCommand(env, container, DockerCli.local(), health)
 *         .snapshot("previous")          // or a snapshot id
 *         .build("jenkins main#43")
 *         .call();                       // r.undo() says how to undo it: roll back to r.safetySnapshotId()
 * }</pre>
 */
public final class RollbackCommand {
    /** The snapshot of the last successful deploy (or of the last rollback: its safety snapshot). */
    public static final String PREVIOUS = "previous";

    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final HealthSettings health;
    private String snapshot = PREVIOUS;
    private String build;
    private boolean dryRun;
    private String image;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private SharedDataGuard guard = SharedDataGuard.NONE;
    private ProgressListener progress = ProgressListener.NONE;

    public RollbackCommand(Environment env, OdooContainer container, DockerCli docker, HealthSettings health) {
        this.env = env;
        this.container = container;
        this.docker = docker;
        this.health = health;
    }

    /**
     * The snapshot to go back to: {@code null} or {@code "previous"} = the one recorded with the current deployed
     * state — after a deploy the snapshot it took (the state before the version that runs now); after a rollback its
     * safety snapshot, so a second rollback undoes the first. Otherwise a snapshot id of this environment.
     */
    public RollbackCommand snapshot(String idOrPrevious) {
        this.snapshot = idOrPrevious == null || idOrPrevious.isBlank() ? PREVIOUS : idOrPrevious.trim();
        return this;
    }

    /** Who or which build rolls back ("jenkins job/43"), recorded in the history and the deployed state. */
    public RollbackCommand build(String who) {
        this.build = who;
        return this;
    }

    /**
     * The other environments of the project: under the lock, before changing anything, the command proves (by server
     * identity and file identity) that it changes none of their databases or filestores.
     */
    public RollbackCommand guard(SharedDataGuard g) {
        this.guard = g == null ? SharedDataGuard.NONE : g;
        return this;
    }

    public RollbackCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public RollbackCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /**
     * The image to run with the snapshot's data, instead of the one recorded with it. Needed for a snapshot taken
     * before odoo-release deployed anything (nothing records what ran then, e.g. the first snapshot of an
     * environment taken over from hand-run deploys); otherwise an override the operator answers for.
     */
    public RollbackCommand image(String i) {
        this.image = i == null || i.isBlank() ? null : i.strip();
        return this;
    }

    /** Says what it would do (snapshot, image, steps) and changes nothing. */
    public RollbackCommand dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    public RollbackResult call() {
        if (container == null && !dryRun) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to roll back " + env.name()
                    + ": no container settings. Give the environment a 'container:' section (a dry run plans without one).");
        }
        if (health == null && !dryRun) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to roll back " + env.name()
                    + ": no health check settings (URL, database). Configure the environment's health check.");
        }
        long start = System.nanoTime();
        try (OperationContext ctx = dryRun ? OperationContext.openReadOnly(env, DeployNames.ROLLBACK, lockTimeout, progress)
                : OperationContext.open(env, DeployNames.ROLLBACK, lockTimeout, progress, guard)) {
            long lockMillis = Changeover.millisSince(start);
            DeployContext.refuseIfInterrupted(ctx.store(), env, "roll back");
            return new RollbackRun(new DeployContext(ctx, env, container, docker, health, progress), this, start, lockMillis).run();
        }
    }

    String snapshot() {
        return snapshot;
    }

    String build() {
        return build;
    }

    boolean dryRun() {
        return dryRun;
    }

    String image() {
        return image;
    }
}
