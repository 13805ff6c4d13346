package dev.odoorelease.engine;

import dev.odoorelease.engine.internal.docker.EnvironmentDocker;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.internal.deploy.RecoverCommand;
import java.util.Optional;

/**
 * Finishes or rolls back an interrupted deploy or rollback, whichever is safe ({@link OdooRelease#recover()}).
 */
public final class Recover {
    private final OdooRelease release;
    private String environment;

    Recover(OdooRelease release) {
        this.release = release;
    }

    public Recover environment(String name) {
        this.environment = name;
        return this;
    }

    /** What the recovery did; empty when nothing was interrupted. */
    public Optional<DeployResult> call() {
        EnvironmentConfig e = release.environment(environment);
        return new RecoverCommand(e.environment(), e.swarm().isPresent() ? null : e.requireContainer("recover"), EnvironmentDocker.of(e),
                e.requireHealth("recover")).swarm(e.swarm().orElse(null)).guard(release.guardOf(e, "recover"))
                .rehearsalHosts(release.environmentsByName()).lockTimeout(release.lockTimeout()).progress(release.progress()).call();
    }
}
