package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.docker.ContainerState;
import dev.odoorelease.engine.docker.DockerCli;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.health.HealthReport;
import dev.odoorelease.engine.health.HealthSettings;
import dev.odoorelease.engine.health.OdooHealthCheck;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.snapshot.OperationContext;
import dev.odoorelease.engine.state.EnvironmentStates;
import dev.odoorelease.engine.state.Journal;
import dev.odoorelease.engine.state.StateStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a deploy, its rollback, the recovery of an interrupted operation and a manual rollback all work with,
 * inside the environment's lock: the operation, the environment, its container, the Docker engine, the health
 * check and the operator's progress listener.
 */
record DeployContext(OperationContext ctx, Environment env, OdooContainer container, DockerCli docker, HealthSettings health,
                     ProgressListener progress) {
    /** Journaled operations that replace the running version; an open journal of one blocks the others until recovered. */
    static final Set<String> OPERATIONS = Set.of(DeployCommand.OPERATION, RollbackCommand.OPERATION);

    StateStore store() {
        return ctx.store();
    }

    /**
     * What runs now, as a deploy or a manual rollback starts from it.
     *
     * @param container the environment's container, empty when there is none
     * @param deployed  the state the last deploy or rollback recorded, empty before the first
     */
    record Current(Optional<ContainerState> container, Optional<EnvironmentStates.Deployed> deployed) {
        /** The running container's image, else the recorded one; null when neither is known. */
        String image() {
            return container.map(ContainerState::image).orElse(deployed.map(EnvironmentStates.Deployed::image).orElse(null));
        }

        /** The commit the recorded image was built from, when known. */
        String commit() {
            return deployed.map(EnvironmentStates.Deployed::commit).orElse(null);
        }
    }

    Current current() {
        return new Current(docker.inspect(container.name()), store().environments().get(env.name()));
    }

    Journal journal() {
        return ctx.store().journal();
    }

    /** The readiness check of the environment's container (fails fast when it exits). */
    HealthReport checkHealth() {
        return OdooHealthCheck.of(health).container(docker, container.name()).progress(progress).check();
    }

    /** Removes the old container an operation kept aside; a failure is only a warning (the operation succeeded). */
    void removeKept(String opId) {
        String kept = DeployCommand.keptName(container, opId);
        try {
            if (docker.containerExists(kept)) {
                docker.remove(kept, true, true);
            }
        } catch (RuntimeException e) {
            progress.warn("could not remove the previous container " + kept + ": " + e.getMessage());
        }
    }

    /** Records what now runs: the deployed state a status shows and a later rollback starts from. */
    void recordDeployed(String image, String commit, Map<String, String> modules, String snapshotId, String build) {
        store().environments().record(new EnvironmentStates.Deployed(env.name(), image, commit, modules, null, snapshotId, build));
    }

    /** The unfinished deploy or rollback of an environment, if one was interrupted. */
    static Optional<Journal.Entry> interrupted(StateStore store, String environment) {
        return store.journal().open(environment).stream().filter(j -> OPERATIONS.contains(j.operation())).findFirst();
    }

    /** Refuses an operation while an interrupted deploy or rollback waits for recovery. */
    static void refuseIfInterrupted(StateStore store, Environment env, String what) {
        Optional<Journal.Entry> open = interrupted(store, env.name());
        if (open.isPresent()) {
            Journal.Entry j = open.get();
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + what + " " + env.name() + ": " + j.operation()
                    + " " + j.operationId() + " was interrupted at step '" + j.step() + "' (the process was killed or the agent "
                    + "died). Recover first: `odoo-release recover " + env.name() + "` (or odooDeploy with recover: true), which "
                    + "rolls it back or completes it, whichever is safe.");
        }
    }
}
