package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.docker.EnvironmentDocker;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.staging.RefreshCommand;
import dev.odoorelease.engine.result.RefreshResult;
import java.util.List;

/**
 * Refreshes a staging environment from production and brings it back serving ({@link OdooRelease#refresh()}): a stage
 * clone that keeps the staging-only records its policy lists ({@code staging.carryOver}), with staging's sessions
 * drained first and its image run again and health-checked after. A refresh that fails leaves the previous staging
 * serving.
 *
 * <pre>{@code
 * RefreshResult r = release.refresh().target("staging").from(StageClone.From.LIVE).call();
 * }</pre>
 */
public final class Refresh {
    private final OdooRelease release;
    private String source;
    private String target;
    private StageClone.From from = StageClone.From.LATEST_SNAPSHOT;
    private String image;

    Refresh(OdooRelease release) {
        this.release = release;
    }

    /** The environment refreshed (never a production one). */
    public Refresh target(String name) {
        this.target = name;
        return this;
    }

    /** The environment copied; null (the default): the project's production environment, when it has exactly one. */
    public Refresh source(String name) {
        this.source = name;
        return this;
    }

    /** The source's newest verified snapshot (the default, also for {@code null}) or the live database. */
    public Refresh from(StageClone.From f) {
        this.from = f == null ? StageClone.From.LATEST_SNAPSHOT : f;
        return this;
    }

    /** The image staging serves after the refresh; null (the default): the one it runs now. */
    public Refresh image(String i) {
        this.image = i;
        return this;
    }

    /**
     * @throws OdooReleaseException CONFIGURATION for an unknown environment, an invalid image, no source to default to,
     *         or a target without container, health or staging settings — before anything changes
     */
    public RefreshResult call() {
        EnvironmentConfig t = release.environment(target);
        EnvironmentConfig s = release.environment(source != null ? source : defaultSource());
        if (image != null) {
            OdooRelease.requireImage(image, "refresh " + t.name() + " with", null);
        }
        if (t.isProduction()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to refresh " + t.name() + ": it is a production environment, "
                    + "and a refresh replaces its target with a scrubbed copy. Refresh a staging environment.");
        }
        release.requireOwnEndpoints(t);
        return new RefreshCommand(s.environment(), t.environment(), t.staging(), t.requireContainer("refresh"), EnvironmentDocker.of(t),
                t.requireHealth("refresh"))
                .from(from == StageClone.From.LIVE ? CloneCommand.Source.LIVE : CloneCommand.Source.LATEST_SNAPSHOT)
                .image(image)
                .registryAuth(t.registryAuth().orElse(null))
                .otherEnvironments(release.config().othersThan(target))
                .lockTimeout(release.lockTimeout())
                .build(release.build())
                .progress(release.progress())
                .call();
    }

    private String defaultSource() {
        List<String> production = release.config().environments().stream().filter(EnvironmentConfig::isProduction)
                .map(EnvironmentConfig::name).toList();
        if (production.size() != 1) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to refresh " + target + ": the project has "
                    + (production.isEmpty() ? "no production environment" : production.size() + " production environments "
                    + production) + " to copy from. Give the source (--source).");
        }
        return production.get(0);
    }
}
