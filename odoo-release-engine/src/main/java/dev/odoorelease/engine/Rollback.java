package dev.odoorelease.engine;

import dev.odoorelease.engine.internal.docker.EnvironmentDocker;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.deploy.RollbackCommand;
import dev.odoorelease.engine.result.RollbackResult;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.internal.snapshot.OperationIds;

/**
 * Rolls an environment back by hand ({@link OdooRelease#rollback()}) — database, filestore and image — to the snapshot
 * its last deploy took, or a chosen one, taking a safety snapshot first so the rollback can itself be undone. Changes
 * production only from its mapped branch; {@link #dryRun} only plans.
 */
public final class Rollback {
    /** The snapshot of the last successful deploy (or of the last rollback: its safety snapshot). */
    public static final String PREVIOUS = RollbackCommand.PREVIOUS;

    private final OdooRelease release;
    private String environment;
    private String snapshot;
    private String image;
    private boolean dryRun;

    Rollback(OdooRelease release) {
        this.release = release;
    }

    public Rollback environment(String name) {
        this.environment = name;
        return this;
    }

    /** A snapshot id of the environment; {@code null} (the default) or {@link #PREVIOUS}: the one its last deploy took. */
    public Rollback snapshot(String idOrPrevious) {
        this.snapshot = idOrPrevious;
        return this;
    }

    /**
     * Run this image with the snapshot's data instead of the one recorded with it (required for a snapshot taken before
     * odoo-release deployed anything); null (the default): the recorded one.
     */
    public Rollback image(String i) {
        this.image = i;
        return this;
    }

    /** Only say what it would do. */
    public Rollback dryRun(boolean d) {
        this.dryRun = d;
        return this;
    }

    /** Whether {@code value} has the form of a snapshot id ({@code 20261122-013012-4fa2}), as {@link #snapshot} takes. */
    public static boolean isSnapshotId(String value) {
        return OperationIds.isValid(value);
    }

    public RollbackResult call() {
        EnvironmentConfig e = release.environment(environment);
        if (snapshot != null && !snapshot.isBlank() && !PREVIOUS.equals(snapshot.strip())) {
            OdooRelease.requireId(snapshot.strip(), "roll " + e.name() + " back to snapshot");
        }
        if (image != null && !image.isBlank()) {
            OdooRelease.requireImage(image.strip(), "roll " + e.name() + " back with", null);
        }
        SharedDataGuard guard = SharedDataGuard.NONE;
        if (!dryRun) {
            release.config().requirePromotionAllowed(e.name(), release.branch(), "roll back");
            guard = release.guardOf(e, "roll back");
        }
        return new RollbackCommand(e.environment(), dryRun ? e.container().orElse(null) : e.requireContainer("roll back"),
                EnvironmentDocker.of(e), dryRun ? e.health().orElse(null) : e.requireHealth("roll back"))
                .guard(guard).snapshot(snapshot).image(image).dryRun(dryRun).build(release.build())
                .lockTimeout(release.lockTimeout()).progress(release.progress()).call();
    }
}
