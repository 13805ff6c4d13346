package dev.odoorelease.engine.internal.staging;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.StageCloneFailedException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.RegistryAuth;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.internal.SecondaryFailures;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.deploy.ContainerHandover;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import dev.odoorelease.engine.internal.snapshot.ReinstateReplaced;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.RefreshResult;
import dev.odoorelease.engine.result.StageCloneReport;
import dev.odoorelease.engine.result.StageCloneResult;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refreshes staging from its source and brings it back serving, under staging's lock from start to end:
 * <ol>
 * <li>before anything changes: the image to serve again (the one staging runs, or the one given) is on the engine, and
 * the records the staging policy keeps ({@link StagingPolicy#carryOver()}) are read from staging — a missing one
 * refuses the refresh;</li>
 * <li>staging's sessions drained: its container stopped cleanly and kept, the remaining sessions on its database
 * terminated before the swap;</li>
 * <li>a stage clone ({@link StageCloneCommand}) that restores the kept records after neutralization and anonymization
 * and verifies them with the rest, built aside and swapped in only when verified;</li>
 * <li>the image run again on the new data and health-checked; then the kept container is removed.</li>
 * </ol>
 * A refresh that fails leaves the previous staging serving: a failure before the swap discards the copy (the stage
 * clone's own guarantee) and starts the kept container again; a failure after it (the image does not come up healthy)
 * removes the new container, swaps the previous data back ({@link ReinstateReplaced}; the refreshed copy is kept until
 * discarded) and starts the kept container again, health-checked. Either way the report (status {@code failed}) is
 * written and the failure is a {@link StageCloneFailedException} carrying it.
 */
public final class RefreshCommand {
    private final Environment source;
    private final Environment target;
    private final StagingPolicy policy;
    private final OdooContainer container;
    private final DockerCli docker;
    private final HealthSettings health;
    private CloneCommand.Source from = CloneCommand.Source.LATEST_SNAPSHOT;
    private String image;
    private RegistryAuth registryAuth;
    private List<Environment> otherEnvironments = List.of();
    private Duration lockTimeout = Duration.ofMinutes(10);
    private ProgressListener progress = ProgressListener.NONE;
    private String build;

    public RefreshCommand(Environment source, Environment target, StagingPolicy policy, OdooContainer container, DockerCli docker,
                          HealthSettings health) {
        this.source = source;
        this.target = target;
        this.policy = policy;
        this.container = container;
        this.docker = docker;
        this.health = health;
    }

    public RefreshCommand from(CloneCommand.Source s) {
        this.from = s;
        return this;
    }

    /** The image staging serves after the refresh; null: the one it runs now (or last recorded). */
    public RefreshCommand image(String i) {
        this.image = i;
        return this;
    }

    public RefreshCommand registryAuth(RegistryAuth auth) {
        this.registryAuth = auth;
        return this;
    }

    /** Every other configured environment: staging may share no database or filestore with one. */
    public RefreshCommand otherEnvironments(List<Environment> envs) {
        this.otherEnvironments = List.copyOf(envs);
        return this;
    }

    public RefreshCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public RefreshCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /** Who or which build refreshes, recorded with the deployed image. */
    public RefreshCommand build(String b) {
        this.build = b;
        return this;
    }

    /**
     * Runs the refresh.
     *
     * @throws StageCloneFailedException when it failed once started; staging serves its previous data and container
     * @throws OdooReleaseException when it is refused before anything changed
     */
    public RefreshResult call() {
        long start = System.nanoTime();
        String what = "refresh " + target.name() + " from " + source.name();
        if (target.isProduction()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + what + ": " + target.name() + " is a production "
                    + "environment, and a refresh replaces its target with a scrubbed copy. Check the environment's kind.");
        }
        if (container == null || health == null || policy == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + what + ": a refresh needs "
                    + target.name() + "'s container and health check settings (it brings staging back serving) and its staging "
                    + "settings. Configure them.");
        }
        SharedDataGuard guard = new SharedDataGuard(otherEnvironments).and(List.of(source));
        guard.require(target, what, progress);
        Map<String, Long> phases = new LinkedHashMap<>();
        try (OperationContext ctx = OperationContext.open(target, "refresh", lockTimeout, progress, guard)) {
            ContainerHandover handover = new ContainerHandover(ctx, target, container, docker, health, progress);
            handover.refuseIfInterrupted("refresh");
            String serve = image != null ? image : handover.currentImage().orElseThrow(() -> new OdooReleaseException(
                    ErrorCode.PRECONDITION, "Unable to " + what + " (nothing was changed): no image runs on " + target.name()
                    + " and none was deployed there, so the refresh does not know what to serve. Give the image (--image)."));
            String previous = handover.currentImage().orElse(null);
            handover.requireImage(serve, registryAuth);
            CarriedRecords carried = readCarryOver();
            long t = System.nanoTime();
            StageCloneResult clone;
            try {
                handover.stopAndKeep(serve, build);
                phases.put("stop", millisSince(t));
                t = System.nanoTime();
                clone = new StageCloneCommand(source, target, policy).from(from).drainTarget(true).otherEnvironments(otherEnvironments)
                        .lockTimeout(lockTimeout).progress(progress).carryOver(carried).within(ctx).call();
            } catch (RuntimeException e) {
                // staging's data was not replaced: its previous container serves it again (also after an abort)
                progress.warn("The refresh of " + target.name() + " failed before its swap; starting its previous container again");
                throw interruptCleared(() -> SecondaryFailures.after(e, () -> {
                    progress.info(handover.putBackKept());
                    handover.closePutBack();
                }));
            }
            phases.put("clone", millisSince(t));
            t = System.nanoTime();
            HealthReport served;
            try {
                served = handover.startAndCheck(serve);
                handover.keepNew(serve, build);
            } catch (RuntimeException e) {
                throw undo(ctx, handover, clone, serve, e);
            }
            phases.put("serve", millisSince(t));
            phases.put("total", millisSince(start));
            progress.info("Refreshed " + target.name() + " from " + source.name() + " in " + Sizes.human(Duration.ofMillis(phases.get("total")))
                    + "; it serves " + serve + " again (" + served.summary() + "). Differences: " + clone.reportMarkdown());
            return new RefreshResult(clone, serve, previous, served.summary(), phases);
        }
    }

    /** The records the policy keeps, read from staging's database before anything changes. */
    private CarriedRecords readCarryOver() {
        if (policy.carryOver().isEmpty()) {
            return CarriedRecords.none();
        }
        try (DatabaseAdmin admin = DatabaseAdmin.on(target.db())) {
            if (!admin.exists(target.db().database())) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to refresh " + target.name() + " (nothing was changed): "
                        + "its database " + target.db().database() + " does not exist, so the " + policy.carryOver().size()
                        + " record(s) it must keep cannot be read. Stage-clone it once without a carry-over list, or create it.");
            }
        }
        try (Connection c = Pg.connect(target.db())) {
            return CarriedRecords.read(c, policy.carryOver(), target.name());
        } catch (SQLException e) {
            throw Pg.sqlError("read the records " + target.name() + " keeps", target.db(), e);
        }
    }

    /**
     * The new version did not come up healthy after the swap: its container goes, the previous data is swapped back and
     * the kept container started again. Returns the failure to throw, carrying the rewritten report.
     */
    private RuntimeException undo(OperationContext ctx, ContainerHandover handover, StageCloneResult clone, String serve, RuntimeException e) {
        return interruptCleared(() -> putBack(ctx, handover, clone, serve, e));
    }

    /**
     * Runs {@code work} with the thread's interrupt flag cleared and sets it again afterwards: an aborted build still puts
     * staging back first (every docker call and the swap would otherwise give up at once), and the caller still stops.
     */
    private static <T> T interruptCleared(java.util.function.Supplier<T> work) {
        boolean interrupted = Thread.interrupted();
        try {
            return work.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RuntimeException putBack(OperationContext ctx, ContainerHandover handover, StageCloneResult clone, String serve, RuntimeException e) {
        progress.warn("The refreshed " + target.name() + " did not come up healthy with " + serve + " (" + e.getMessage()
                + "); putting back its previous data and container");
        String[] keptAs = new String[1];
        String[] verified = new String[1];
        int earlier = e.getSuppressed().length;
        SecondaryFailures.after(e, handover::removeNew, () -> keptAs[0] = ReinstateReplaced.previous(ctx, clone.copy()),
                () -> verified[0] = handover.putBackKept());
        List<Throwable> putBackFailures = List.of(e.getSuppressed()).subList(earlier, e.getSuppressed().length);
        boolean back = putBackFailures.isEmpty();
        if (back) {
            SecondaryFailures.after(e, handover::closePutBack);
        }
        String message = "Unable to refresh " + target.name() + " from " + source.name() + ": " + serve
                + " did not come up healthy on the refreshed data: " + e.getMessage() + ". "
                + (back ? target.name() + " was put back as it was: " + verified[0] + "; the refreshed copy is kept (discard it "
                + "with `odoo-release snapshots discard-replaced " + target.name() + " " + keptAs[0] + "`). Fix the image, or "
                + "give another with --image."
                : "Putting " + target.name() + " back failed too (" + String.join("; ", putBackFailures.stream()
                .map(Throwable::getMessage).toList()) + "). Run `odoo-release recover " + target.name() + "`: it puts back "
                + "what is still missing (the previous data, " + container.name() + " kept as " + handover.kept() + ").");
        OdooReleaseException failure = new OdooReleaseException(e instanceof OdooReleaseException o ? o.errorCode() : ErrorCode.HEALTH,
                message, e);
        StageCloneReport failed = clone.report().withStatus("failed", message);
        Path[] files = StageCloneCommand.write(Path.of(clone.reportJson()).getParent(), failed);
        progress.warn("Refresh failed; " + (back ? target.name() + " serves its previous data. " : "") + "Report: " + files[1]);
        return new StageCloneFailedException(failure, clone.report().operationId(), files[0], files[1]);
    }

    private static long millisSince(long t) {
        return (System.nanoTime() - t) / 1_000_000;
    }
}
