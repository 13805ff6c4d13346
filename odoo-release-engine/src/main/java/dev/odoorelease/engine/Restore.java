package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.internal.snapshot.RestoreCommand;
import dev.odoorelease.engine.result.RestoreResult;

/**
 * Restores a snapshot into its environment ({@link OdooRelease#restore()}); the replaced data is kept until
 * {@link DiscardReplaced}. Destructive, so a production environment needs {@link #allowProduction} (an explicit opt-in)
 * besides the promotion guard.
 */
public final class Restore {
    private final OdooRelease release;
    private String environment;
    private String snapshot;
    private boolean allowProduction;

    Restore(OdooRelease release) {
        this.release = release;
    }

    public Restore environment(String name) {
        this.environment = name;
        return this;
    }

    /** The snapshot's id ({@code 20261122-013012-4fa2}). */
    public Restore snapshot(String id) {
        this.snapshot = id;
        return this;
    }

    /** Confirms a restore into a production environment (a rollback is usually what is wanted there). */
    public Restore allowProduction(boolean allow) {
        this.allowProduction = allow;
        return this;
    }

    public RestoreResult call() {
        EnvironmentConfig e = release.environment(environment);
        OdooRelease.requireId(snapshot, "restore snapshot");
        if (e.isProduction() && !allowProduction) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to restore snapshot " + snapshot + " into "
                    + e.name() + ": it is a production environment, and a restore replaces its data. Use rollback (which keeps "
                    + "a safety snapshot and handles the container), or confirm with --allow-production.");
        }
        release.config().requirePromotionAllowed(environment, release.branch(), "restore");
        SharedDataGuard guard = release.guardOf(e, "restore snapshot " + snapshot + " into");
        return new RestoreCommand(e.environment()).snapshot(snapshot).guard(guard).lockTimeout(release.lockTimeout())
                .progress(release.progress()).call();
    }
}
