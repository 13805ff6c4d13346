package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.RegistryAuth;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.HealthReport;
import java.util.Map;
import java.util.Optional;

/**
 * The container side of an operation that replaces an environment's data under its running Odoo (a refresh): which
 * image runs now, stop the container cleanly and keep it renamed ({@code <name>-previous-<id>}), run an image again on
 * the new data and health-check it, and either keep that (the old container removed, the image recorded as deployed)
 * or remove it and put the kept container back, started and health-checked. Inside the operation's lock.
 *
 * <p>Journaled as operation {@value DeployNames#REFRESH} under {@code <operation id>-serve} (its steps {@code begin},
 * {@code old-stopped}, {@code starting-new}, {@code healthy}, closed {@code refreshed} or {@code put-back}), so a process
 * killed between stopping the old container and finishing leaves an open journal: every deploy, rollback and refresh of
 * the environment refuses until {@code recover} runs {@link InterruptedRefresh}, which completes it (the new container
 * had passed its health check) or puts the previous data and container back.
 */
public final class ContainerHandover {
    private final DeployContext dc;
    private boolean hadOld;
    private boolean wasRunning;
    private String oldImage;
    private boolean journaled;

    public ContainerHandover(OperationContext ctx, Environment env, OdooContainer container, DockerCli docker, HealthSettings health,
                             ProgressListener progress) {
        this.dc = new DeployContext(ctx, env, container, docker, health, progress);
    }

    /** Refuses while an interrupted deploy or rollback of the environment waits for {@code recover}. */
    public void refuseIfInterrupted(String what) {
        DeployContext.refuseIfInterrupted(dc.store(), dc.env(), what);
    }

    /** The image the environment runs now: its container's, else the one last recorded as deployed; empty when neither. */
    public Optional<String> currentImage() {
        return Optional.ofNullable(dc.current().image());
    }

    /**
     * The image onto the engine when it does not have it yet (pulled with {@code auth}), before anything changes.
     *
     * @throws OdooReleaseException when it cannot be had
     */
    public void requireImage(String image, RegistryAuth auth) {
        if (dc.docker().images().inspect(image).isEmpty()) {
            dc.progress().info("Pulling " + image);
            dc.docker().images().pull(image, auth);
        }
        if (dc.docker().images().inspect(image).isEmpty()) {
            throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to run " + image + " on " + dc.env().name()
                    + ": the image is not on the Docker engine. Build or pull it first.");
        }
    }

    /**
     * Stops the environment's container (Odoo gets its stop grace to finish its requests) and keeps it renamed; journals
     * the handover first, with the image {@code serve} to run afterwards and the {@code build} that asked for it.
     */
    public void stopAndKeep(String serve, String build) {
        Optional<ContainerState> c = dc.docker().containers().inspect(dc.container().name());
        hadOld = c.isPresent();
        oldImage = c.map(ContainerState::image).orElse(null);
        wasRunning = c.map(ContainerState::running).orElse(false);
        Map<String, String> data = new java.util.LinkedHashMap<>();
        data.put("operation", dc.ctx().operationId());
        data.put("container", dc.container().name());
        data.put("kept", kept());
        data.put("hadOld", String.valueOf(hadOld));
        data.put("wasRunning", String.valueOf(wasRunning));
        data.put("oldImage", oldImage == null ? "" : oldImage);
        data.put("newImage", serve);
        data.put("build", build == null ? "" : build);
        data.put("clone", dc.ctx().operationId() + "-clone");
        dc.journal().begin(journalId(), dc.env().name(), DeployNames.REFRESH, data);
        journaled = true;
        if (hadOld) {
            String kept = kept();
            dc.progress().info("Stopping " + dc.container().name() + " (kept as " + kept + " until the refresh succeeds)");
            dc.docker().containers().stop(dc.container().name(), dc.container().stopGrace());
            dc.docker().containers().rename(dc.container().name(), kept);
        }
        dc.journal().step(journalId(), "old-stopped");
    }

    /** The handover's journal: the refresh's operation id with {@code -serve}. */
    private String journalId() {
        return dc.ctx().operationId() + "-serve";
    }

    /** Runs {@code image} as the environment's container (labelled with this operation) and health-checks it. */
    public HealthReport startAndCheck(String image) {
        String op = dc.ctx().operationId();
        if (journaled) {
            dc.journal().step(journalId(), "starting-new");
        }
        dc.progress().info("Starting " + image + " as " + dc.container().name());
        dc.docker().containers().run(OdooContainerSpecs.server(dc.container(), dc.env(), image, dc.container().name(), DeployNames.labels(dc.env(), op),
                OdooConfigFile.write(dc, image, op)));
        HealthReport h = dc.checkHealth();
        if (journaled) {
            dc.journal().step(journalId(), "healthy");
        }
        return h;
    }

    /** Success: the kept container goes; {@code image} is recorded as deployed with the modules of the new data. */
    public void keepNew(String image, String build) {
        complete(dc, dc.ctx().operationId(), image, build);
        if (journaled) {
            dc.journal().close(journalId(), "refreshed");
        }
    }

    /** What finishing a handover whose new container passed its health check does (also from {@link InterruptedRefresh}). */
    static void complete(DeployContext dc, String refreshOp, String image, String build) {
        dc.removeKept(refreshOp);
        String commit = dc.store().environments().get(dc.env().name()).filter(d -> image.equals(d.image()))
                .map(DeployedVersion::commit).orElse(null);
        dc.recordDeployed(image, commit, DeployContext.installedModules(dc.env()), null, build);
        OdooConfigFile.prune(dc);
    }

    /** Removes the container this operation started, if there is one. */
    public void removeNew() {
        removeStarted(dc, dc.ctx().operationId());
    }

    /** Removes the environment's container when operation {@code op} started it (its label says so). */
    static void removeStarted(DeployContext dc, String op) {
        Optional<ContainerState> s = dc.docker().containers().inspect(dc.container().name());
        if (s.isPresent() && op.equals(s.get().labels().get(DeployNames.LABEL_OP))) {
            dc.docker().containers().remove(dc.container().name(), true, true);
        }
    }

    /**
     * Puts the kept container back under its name and starts it again when it was running, health-checked. Returns what
     * was checked, in words.
     */
    public String putBackKept() {
        return putBack(dc, dc.ctx().operationId(), hadOld, wasRunning, oldImage);
    }

    /**
     * Closes the handover's journal once the environment is back as it was ({@code put-back}): call it only when the data
     * and the container were both put back; otherwise the open journal makes {@code recover} finish the job.
     */
    public void closePutBack() {
        if (journaled) {
            dc.journal().close(journalId(), "put-back");
        }
    }

    /**
     * Removes the container operation {@code refreshOp} started, if any, and puts the one it kept back under its name,
     * started and health-checked when it was running (also from {@link InterruptedRefresh}). Returns what was done.
     */
    static String putBack(DeployContext dc, String refreshOp, boolean hadOld, boolean wasRunning, String oldImage) {
        removeStarted(dc, refreshOp);
        if (!hadOld) {
            return "no container ran before, so none was started";
        }
        String kept = DeployNames.kept(dc.container(), refreshOp);
        if (dc.docker().containers().exists(kept) && !dc.docker().containers().exists(dc.container().name())) {
            dc.docker().containers().rename(kept, dc.container().name());
        }
        if (!wasRunning) {
            return dc.container().name() + " put back (it was not running before)";
        }
        dc.docker().containers().start(dc.container().name());
        HealthReport h = dc.checkHealth();
        OdooConfigFile.prune(dc);
        return dc.container().name() + " (" + oldImage + ") runs again and passed its health check: " + h.summary();
    }

    /** The name the old container is kept under. */
    public String kept() {
        return DeployNames.kept(dc.container(), dc.ctx().operationId());
    }

}
