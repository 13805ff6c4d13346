package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.result.StageCloneResult;

/**
 * Replaces a target environment with an anonymized, neutralized, verified copy of a source
 * ({@link OdooRelease#stageClone()}), with a differences report.
 */
public final class StageClone {
    /** What is copied from the source. */
    public enum From {
        /** The source's newest verified snapshot. */
        LATEST_SNAPSHOT,
        /** The running source database (no downtime), at one point in time. */
        LIVE
    }

    private final OdooRelease release;
    private String source;
    private String target;
    private From from = From.LATEST_SNAPSHOT;
    private boolean drainTarget;

    StageClone(OdooRelease release) {
        this.release = release;
    }

    /** The environment copied (production, usually). */
    public StageClone source(String name) {
        this.source = name;
        return this;
    }

    /** The environment replaced (never a production one). */
    public StageClone target(String name) {
        this.target = name;
        return this;
    }

    /** The source's newest verified snapshot (the default, also for {@code null}) or the live database. */
    public StageClone from(From f) {
        this.from = f == null ? From.LATEST_SNAPSHOT : f;
        return this;
    }

    /** Terminates the sessions of the target's own Odoo on its database instead of refusing. */
    public StageClone drainTarget(boolean d) {
        this.drainTarget = d;
        return this;
    }

    public StageCloneResult call() {
        EnvironmentConfig s = release.environment(source);
        EnvironmentConfig t = release.environment(target);
        return new StageCloneCommand(s.environment(), t.environment(), t.isProduction() ? null : t.staging())
                .from(from == From.LIVE ? CloneCommand.Source.LIVE : CloneCommand.Source.LATEST_SNAPSHOT)
                .drainTarget(drainTarget)
                .otherEnvironments(release.config().othersThan(target))
                .lockTimeout(release.lockTimeout())
                .progress(release.progress())
                .call();
    }
}
