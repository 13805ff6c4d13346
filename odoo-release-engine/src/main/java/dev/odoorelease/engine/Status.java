package dev.odoorelease.engine;

import dev.odoorelease.engine.internal.docker.EnvironmentDocker;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.internal.deploy.StatusCommand;

/**
 * Where an environment stands ({@link OdooRelease#status()}): what is deployed, its container, snapshots, recent
 * history and an interrupted operation. Read-only: takes no lock and creates nothing.
 */
public final class Status {
    private final OdooRelease release;
    private String environment;

    Status(OdooRelease release) {
        this.release = release;
    }

    public Status environment(String name) {
        this.environment = name;
        return this;
    }

    public EnvironmentStatus call() {
        EnvironmentConfig e = release.environment(environment);
        // no progress listener: a status is its result (EnvironmentStatus.lines()), not a log of lines printed twice
        return new StatusCommand(e.environment(), e.container().orElse(null), e.container().isPresent() ? EnvironmentDocker.of(e) : null)
                .maxAge(e.maxAge().orElse(null))
                .call();
    }
}
