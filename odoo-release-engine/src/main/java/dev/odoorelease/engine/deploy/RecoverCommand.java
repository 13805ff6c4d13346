package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.docker.DockerCli;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.health.HealthSettings;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.snapshot.OperationContext;
import dev.odoorelease.engine.state.Journal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Recovers an environment whose deploy was interrupted; does nothing (and says so) when none was. */
public final class RecoverCommand {
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final HealthSettings health;
    private ProgressListener progress = ProgressListener.NONE;
    private Duration lockTimeout = Duration.ofMinutes(10);

    public RecoverCommand(Environment env, OdooContainer container, DockerCli docker, HealthSettings health) {
        this.env = env;
        this.container = container;
        this.docker = docker;
        this.health = health;
    }

    public RecoverCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public RecoverCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    /** The recovery's result, or empty when no deploy of the environment was interrupted. */
    public Optional<DeployResult> call() {
        try (OperationContext ctx = OperationContext.open(env, "recover", lockTimeout, progress)) {
            List<Journal.Entry> open = ctx.store().journal().open(env.name()).stream()
                    .filter(j -> j.operation().equals(DeployCommand.OPERATION)).toList();
            if (open.isEmpty()) {
                progress.info("Nothing to recover: no interrupted deploy of " + env.name());
                return Optional.empty();
            }
            return Optional.of(new Recovery(ctx, env, container, docker, health, progress).recover(open.get(0)));
        }
    }
}
