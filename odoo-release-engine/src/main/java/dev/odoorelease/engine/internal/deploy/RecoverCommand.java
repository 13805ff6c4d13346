package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import java.time.Duration;
import java.util.Optional;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.JournalEntry;
import dev.odoorelease.engine.config.OdooContainer;

/**
 * Recovers an environment whose deploy, manual rollback ({@link RollbackCommand}) or refresh ({@link InterruptedRefresh}) was
 * interrupted; does nothing
 * (and says so) when none was. The result is a {@link DeployResult} for either: {@code DEPLOYED} when the
 * interrupted operation was completed (its new version had passed its health check; {@code image} is what it
 * started), {@code ROLLED_BACK} when it was undone (what ran before it runs again), {@code ROLLBACK_FAILED} with
 * the manual commands otherwise; {@code cause} names the interrupted operation.
 */
public final class RecoverCommand {
    private final Environment env;
    private final OdooContainer container;
    private final DockerCli docker;
    private final HealthSettings health;
    private ProgressListener progress = ProgressListener.NONE;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private SharedDataGuard guard = SharedDataGuard.NONE;
    private dev.odoorelease.engine.config.SwarmRuntime swarm;

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

    /**
     * The other environments of the project: under the lock, before changing anything, the command proves (by server
     * identity and file identity) that it changes none of their databases or filestores.
     */
    public RecoverCommand guard(SharedDataGuard g) {
        this.guard = g == null ? SharedDataGuard.NONE : g;
        return this;
    }

    /** The environment runs on Docker Swarm ({@code runtime: swarm}): give {@code null} as the container. */
    public RecoverCommand swarm(dev.odoorelease.engine.config.SwarmRuntime s) {
        this.swarm = s;
        return this;
    }

    /**
     * The project's environments, by name: a killed rehearsal of this environment that made its copy on another one's server
     * ({@code rehearse --server-of}) is swept there too, found by the server its unfinished history entry names.
     */
    public RecoverCommand rehearsalHosts(java.util.Map<String, Environment> environments) {
        this.rehearsalHosts = environments == null ? java.util.Map.of() : java.util.Map.copyOf(environments);
        return this;
    }

    private java.util.Map<String, Environment> rehearsalHosts = java.util.Map.of();

    public RecoverCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    /** The recovery's result, or empty when no deploy or rollback of the environment was interrupted. */
    public Optional<DeployResult> call() {
        try (OperationContext ctx = OperationContext.open(env, "recover", lockTimeout, progress, guard)) {
            // what killed rehearsals of the environment left (throwaway databases, folders, containers); never a running one's
            try {
                new RehearsalSweep(env, env, container, docker, progress).sweep();
            } catch (RuntimeException e) {
                progress.warn("could not drop what killed rehearsals of " + env.name() + " left: " + e.getMessage());
            }
            sweepRehearsalsElsewhere(ctx);
            Optional<JournalEntry> open = DeployContext.interrupted(ctx.store(), env.name());
            if (open.isEmpty()) {
                progress.info("Nothing to recover: no interrupted deploy or rollback of " + env.name());
                return Optional.empty();
            }
            DeployContext dc = new DeployContext(ctx, env, swarm == null ? container : SwarmServing.oneOffSettings(swarm), docker, health,
                    progress);
            return Optional.of(recover(dc, open.get(), swarm, Duration.ofSeconds(5)));
        }
    }

    /** What killed rehearsals of the environment left on the servers of other environments ({@code --server-of}). */
    private void sweepRehearsalsElsewhere(OperationContext ctx) {
        java.util.Set<String> hosts;
        try {
            hosts = ctx.store().history().unfinishedRehearsalHosts(env.name());
        } catch (RuntimeException e) {
            progress.warn("could not read the unfinished rehearsals of " + env.name() + ": " + e.getMessage());
            return;
        }
        for (String name : hosts) {
            if (name.equals(env.name())) {
                continue; // swept above
            }
            Environment host = rehearsalHosts.get(name);
            if (host == null) {
                progress.warn("a killed rehearsal of " + env.name() + " made its copy on the server of " + name + ", which is not"
                        + " configured here: run `odoo-release recover " + env.name() + "` with the configuration that has " + name
                        + ", or drop its ors_rehearsal_* database there by hand");
                continue;
            }
            try {
                new RehearsalSweep(host, env, container, docker, progress).sweep();
            } catch (RuntimeException e) {
                progress.warn("could not drop what killed rehearsals of " + env.name() + " left on " + name + "'s server: "
                        + e.getMessage());
            }
        }
    }

    /** Finishes or undoes the interrupted operation {@code open}, whichever is safe, by what it was. */
    static DeployResult recover(DeployContext dc, JournalEntry open, dev.odoorelease.engine.config.SwarmRuntime swarm, Duration monitor) {
        if (DeployNames.REFRESH.equals(open.operation())) {
            return new InterruptedRefresh(dc).recover(open);
        }
        if (SwarmDeployRun.JOURNAL.equals(open.operation())) {
            if (swarm == null) {
                throw new dev.odoorelease.engine.OdooReleaseException(dev.odoorelease.engine.ErrorCode.CONFIGURATION, "Unable to recover "
                        + dc.env().name() + ": its interrupted operation " + open.operationId() + " is a swarm deploy, and the"
                        + " environment is no longer configured with runtime: swarm. Put its swarm settings back, then recover.");
            }
            return new InterruptedSwarmDeploy(dc, swarm, monitor).recover(open);
        }
        return new Recovery(dc).recover(open);
    }
}
