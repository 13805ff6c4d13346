package dev.odoorelease.engine;

import dev.odoorelease.engine.internal.docker.EnvironmentDocker;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.internal.health.OdooHealthCheck;

/**
 * Checks an environment's health: its container (when managed) and its HTTP endpoints ({@link OdooRelease#health()}).
 */
public final class CheckHealth {
    private final OdooRelease release;
    private String environment;
    private boolean waitUntilHealthy = true;

    CheckHealth(OdooRelease release) {
        this.release = release;
    }

    public CheckHealth environment(String name) {
        this.environment = name;
        return this;
    }

    /**
     * {@code true} (the default): probe until healthy or the configured timeout, and throw
     * {@link HealthCheckTimeoutException} when unhealthy; {@code false}: probe once and report what is seen now
     * ({@link HealthReport#healthy()} tells).
     */
    public CheckHealth waitUntilHealthy(boolean w) {
        this.waitUntilHealthy = w;
        return this;
    }

    public HealthReport call() {
        EnvironmentConfig e = release.environment(environment);
        release.requireOwnEndpoints(e);
        OdooHealthCheck check = OdooHealthCheck.of(e.requireHealth("check the health of")).progress(release.progress());
        if (e.container().isPresent()) {
            check.container(EnvironmentDocker.of(e), e.container().get().name());
        }
        release.refreshAge().environment(environment).call().ifPresent(release.progress()::warn);
        return waitUntilHealthy ? check.check() : check.probeOnce();
    }
}
