package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.internal.health.OdooHealthCheck;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import dev.odoorelease.engine.internal.state.Journal;
import dev.odoorelease.engine.internal.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.JournalEntry;
import dev.odoorelease.engine.config.OdooContainer;

/**
 * What a deploy, its rollback, the recovery of an interrupted operation and a manual rollback all work with,
 * inside the environment's lock: the operation, the environment, its container, the Docker engine, the health
 * check and the operator's progress listener.
 */
record DeployContext(OperationContext ctx, Environment env, OdooContainer container, DockerCli docker, HealthSettings health,
                     ProgressListener progress) {
    /** Journaled operations that replace the running version; an open journal of one blocks the others until recovered. */
    static final Set<String> OPERATIONS = Set.of(DeployNames.DEPLOY, DeployNames.ROLLBACK);
    /**
     * Every journaled operation that leaves the environment's container stopped or replaced while it runs: the above, and a
     * refresh's container handover ({@link ContainerHandover}), and a swarm deploy ({@link SwarmDeployRun}). An open journal of one blocks these operations until
     * {@code recover} finishes or undoes it.
     */
    static final Set<String> INTERRUPTIBLE = Set.of(DeployNames.DEPLOY, DeployNames.ROLLBACK, DeployNames.REFRESH, SwarmDeployRun.JOURNAL);

    StateStore store() {
        return ctx.store();
    }

    /**
     * What runs now, as a deploy or a manual rollback starts from it.
     *
     * @param container the environment's container, empty when there is none
     * @param deployed  the state the last deploy or rollback recorded, empty before the first
     */
    record Current(Optional<ContainerState> container, Optional<DeployedVersion> deployed) {
        /** The running container's image, else the recorded one; null when neither is known. */
        String image() {
            return container.map(ContainerState::image).orElse(deployed.map(DeployedVersion::image).orElse(null));
        }

        /** The commit the recorded image was built from, when known. */
        String commit() {
            return deployed.map(DeployedVersion::commit).orElse(null);
        }
    }

    Current current() {
        // no container settings (a dry run may plan without them): only the recorded state is known
        return new Current(container == null ? Optional.empty() : docker.containers().inspect(container.name()), store().environments().get(env.name()));
    }

    /**
     * How to run an image so that it is exactly the recorded one: its tag while the tag still names the recorded image
     * id; otherwise the recorded registry digest ({@code repository@sha256:…}), pulled when the engine no longer has it;
     * otherwise the id itself (a re-tagged or re-pushed tag never makes a deploy or rollback run other code). With no
     * recorded id (records older than this), the tag. Empty when the engine has neither and no digest can be pulled.
     *
     * @param image   the image reference as given or recorded ({@code registry/acme/odoo:1f2e3d})
     * @param imageId the image id ({@code sha256:…}) recorded when it was deployed, or null
     * @param digest  the registry digest recorded when it was deployed, or null (an image never pushed nor pulled)
     */
    Optional<Pinned> pinned(String image, String imageId, String digest) {
        Optional<dev.odoorelease.engine.internal.docker.ImageInfo> byTag = docker.images().inspect(image);
        if (imageId == null || imageId.isBlank()) {
            return byTag.map(i -> new Pinned(image, i.id()));
        }
        if (byTag.isPresent() && imageId.equals(byTag.get().id())) {
            return Optional.of(new Pinned(image, imageId));
        }
        String moved = image + (byTag.isPresent() ? " now names another image (" + byTag.get().id() + ")" : " is no longer tagged")
                + " than the one recorded, " + imageId;
        if (digest != null && !digest.isBlank()) {
            return Optional.of(RecordedDigest.run(docker, progress, moved, digest, imageId));
        }
        if (docker.images().inspect(imageId).isEmpty()) {
            return Optional.empty();
        }
        progress.warn(moved + ": running the recorded one by its id");
        return Optional.of(new Pinned(imageId, imageId));
    }

    Optional<Pinned> pinned(String image, String imageId) {
        return pinned(image, imageId, null);
    }

    /**
     * An image as it is run: {@code ref} is what {@code docker run} gets (the tag, or the id when the tag moved) and
     * {@code id} the image id it names.
     */
    record Pinned(String ref, String id) {
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
        String kept = DeployNames.kept(container, opId);
        try {
            if (docker.containers().exists(kept)) {
                docker.containers().remove(kept, true, true);
            }
        } catch (RuntimeException e) {
            progress.warn("could not remove the previous container " + kept + ": " + e.getMessage());
        }
    }

    /** Records what now runs: the deployed state a status shows and a later rollback starts from. */
    void recordDeployed(String image, String commit, Map<String, String> modules, String snapshotId, String build) {
        store().environments().record(new DeployedVersion(env.name(), image, commit, modules, null, snapshotId, build));
    }

    /** The unfinished deploy, rollback or refresh handover of an environment, if one was interrupted. */
    static Optional<JournalEntry> interrupted(StateStore store, String environment) {
        return store.journal().open(environment).stream().filter(j -> INTERRUPTIBLE.contains(j.operation())).findFirst();
    }

    /** Refuses an operation while an interrupted deploy or rollback waits for recovery. */
    static void refuseIfInterrupted(StateStore store, Environment env, String what) {
        Optional<JournalEntry> open = interrupted(store, env.name());
        if (open.isPresent()) {
            JournalEntry j = open.get();
            // a refresh's handover is journaled under its own id: the user knows the refresh's
            String id = j.operation().equals(DeployNames.REFRESH) ? j.data().getOrDefault("operation", j.operationId()) : j.operationId();
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + what + " " + env.name() + ": " + j.operation()
                    + " " + id + " was interrupted at step '" + j.step() + "' (the process was killed or the agent "
                    + "died). Recover first: `odoo-release recover " + env.name() + "` (or odooDeploy with recover: true), which "
                    + "rolls it back or completes it, whichever is safe.");
        }
    }

    /** Installed modules of the environment's database (for the recorded state). */
    static Map<String, String> installedModules(Environment env) {
        try (Connection c = Pg.connect(env.db())) {
            return OdooDatabase.installedModules(c);
        } catch (SQLException e) {
            throw Pg.sqlError("read the installed modules of " + env.db().database(), env.db(), e);
        }
    }
}
