package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.ImageDigests;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.internal.snapshot.DiscardReplacedCommand;
import dev.odoorelease.engine.internal.snapshot.RestoreCommand;
import dev.odoorelease.engine.result.RestoreResult;
import dev.odoorelease.engine.internal.state.Json;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.result.RollbackResult;

/** One run of a {@link RollbackCommand}, inside the environment's lock. */
final class RollbackRun {
    /** An image and the commit it was built from (the commit may be unknown). */
    /**
     * An image, the commit it was built from (may be unknown) and the image id it had when it was deployed (unknown for
     * records older than image pinning, and for an image named by hand) and its registry digest ({@code repository@sha256:…},
     * unknown for an image never pushed nor pulled).
     */
    record Version(String image, String commit, String imageId, String imageDigest) {
        Version(String image, String commit, String imageId) {
            this(image, commit, imageId, null);
        }
    }

    private final DeployContext dc;
    private final RollbackCommand cmd;
    private final Environment env;
    private final OdooContainer container;
    private final Changeover co;
    private final long startNanos;

    RollbackRun(DeployContext dc, RollbackCommand cmd, long startNanos, long lockMillis) {
        this.dc = dc;
        this.cmd = cmd;
        this.env = dc.env();
        this.container = dc.container();
        this.startNanos = startNanos;
        this.co = new Changeover(dc, DeployNames.ROLLBACK, startNanos, lockMillis);
    }

    RollbackResult run() {
        String op = co.operationId();
        long planStart = System.nanoTime();
        DeployContext.Current current = dc.current();
        Snapshot target = resolve(current.deployed());
        Version version = versionOf(target);
        String currentImage = current.image();
        String currentCommit = current.commit();
        List<String> plan = plan(target, version, current.container().isPresent(), currentImage);
        co.phaseSince("plan", planStart);
        dc.progress().info("Rollback plan for " + env.name() + ": " + (currentImage == null ? "(nothing running)" : currentImage) + " → "
                + version.image() + " with the data of snapshot " + target.id() + " (" + target.createdAt() + ")");
        plan.forEach(s -> dc.progress().info("  " + s));
        if (cmd.dryRun()) {
            dc.progress().info("Dry run: nothing changed.");
            return result(RollbackResult.Outcome.PLANNED, target, version, currentImage, currentImage, plan, null, null, List.of(), List.of(), null);
        }
        DeployContext.Pinned pinned = dc.pinned(version.image(), version.imageId(), version.imageDigest()).orElseThrow(() -> new OdooReleaseException(
                ErrorCode.NOT_FOUND, "Unable to roll back " + env.name() + " to snapshot " + target.id() + ": its image "
                + version.image() + (version.imageId() == null ? "" : " (" + version.imageId() + ", as deployed then)")
                + " is not on the Docker engine. Pull or build it first (no image is pulled implicitly; a tag that now names other "
                + "code is not used); nothing was changed."));
        if (env.snapshotKind() == SnapshotKind.TEMPLATE) {
            // the safety snapshot comes after Odoo stopped: what would make it fail is refused now, before anything changes
            SnapshotCommand.requireTemplateCopy(env, true, "roll " + env.name() + " back to snapshot " + target.id(), dc.progress());
        }
        co.begin(currentImage, version.image(), version.commit(), cmd.build(), current.container().isPresent(), Map.of("target", target.id(), "newImageId", pinned.id()));
        dc.store().snapshots().pin(target.id(), op);
        String step = "stop";
        try {
            co.stopOld();
            step = "safety snapshot";
            co.snapshot(env.snapshotKind(), "before rollback " + op + " to " + target.id(), currentImage, currentCommit);
            step = "restore";
            RestoreResult restored = co.phase("restore", () -> restore(target));
            step = "start";
            co.startNew(pinned.ref());
            step = "health";
            HealthReport health = co.health();
            Map<String, String> modules;
            try {
                modules = DeployContext.installedModules(env);
            } catch (OdooReleaseException e) {
                dc.progress().warn("could not read the module versions (" + e.getMessage() + "); recording those of the snapshot");
                modules = target.manifest() == null ? Map.of() : target.manifest().modules();
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("image", version.image());
            details.put("commit", String.valueOf(version.commit()));
            details.put("snapshot", target.id());
            details.put("safetySnapshot", co.snapshotId());
            details.put("previousImage", String.valueOf(currentImage));
            details.put("build", String.valueOf(cmd.build()));
            details.put("imageId", pinned.id());
            details.put("imageDigest", String.valueOf(ImageDigests.repoDigest(dc.docker(), pinned.id(), version.image())
                    .orElse(version.imageDigest())));
            discardReplaced(restored);
            co.succeed(version.image(), version.commit(), modules, cmd.build(), RollbackResult.Outcome.ROLLED_BACK.id(), details);
            dc.progress().info("Rolled back " + env.name() + " to snapshot " + target.id() + ": " + version.image() + " runs, in "
                    + Sizes.human(Duration.ofMillis(co.phases().get("total"))) + " (downtime "
                    + Sizes.human(Duration.ofMillis(co.downtimeMillis())) + "). Undo: roll back to the safety snapshot " + co.snapshotId());
            return result(RollbackResult.Outcome.ROLLED_BACK, target, version, version.image(), currentImage, plan, health.summary(), null,
                    List.of(), List.of(), null);
        } catch (RuntimeException failure) {
            String cause = "Rollback of " + env.name() + " to snapshot " + target.id() + " (" + version.image() + ") failed at " + step
                    + ": " + failure.getMessage();
            Undo.Outcome rb = co.undo(cause, RollbackResult.Outcome.KEPT_CURRENT.id(), Map.of("image", version.image(),
                    "snapshot", target.id()));
            if (rb.ok()) {
                dc.progress().info("Kept " + env.name() + " as it was: " + rb.verified() + ", with its data (restored from the safety "
                        + "snapshot " + co.snapshotId() + ")");
            } else {
                dc.progress().warn("ROLLBACK FAILED for " + env.name() + ": " + rb.failures() + ". Recover by hand: " + rb.manualRecovery());
            }
            return result(rb.ok() ? RollbackResult.Outcome.KEPT_CURRENT : RollbackResult.Outcome.ROLLBACK_FAILED, target, version,
                    rb.ok() ? currentImage : runningImage(), currentImage, plan, rb.health() == null ? rb.verified() : rb.health().summary(),
                    cause, rb.failures(), rb.manualRecovery(), rb.keptDatabase());
        }
    }

    /** The target: the snapshot recorded with the deployed state ("previous"), or the one asked for; verified, of this environment. */
    private Snapshot resolve(Optional<DeployedVersion> deployed) {
        String id = cmd.snapshot();
        if (RollbackCommand.PREVIOUS.equals(id)) {
            DeployedVersion d = deployed.orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                    "Unable to roll back " + env.name() + ": odoo-release has deployed nothing to it yet, so there is no previous "
                            + "version. Give a snapshot id (`odoo-release snapshots list " + env.name() + "`)."));
            if (d.snapshotId() == null) {
                throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to roll back " + env.name() + ": its deployed state ("
                        + d.image() + ") records no snapshot. Give a snapshot id (`odoo-release snapshots list " + env.name() + "`).");
            }
            id = d.snapshotId();
        }
        String wanted = id;
        Snapshot s = dc.store().snapshots().find(id).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                "Unable to roll back " + env.name() + ": no snapshot " + wanted + ". List them with `odoo-release snapshots list "
                        + env.name() + "`; nothing was changed."));
        if (!s.environment().equals(env.name())) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to roll back " + env.name() + " to snapshot " + s.id()
                    + ": it belongs to environment " + s.environment() + ". Use a stage clone to copy between environments.");
        }
        if (!s.usable()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to roll back " + env.name() + " to snapshot " + s.id()
                    + ": its status is " + s.status().id() + (s.kind() == SnapshotKind.TEMPLATE && "restored".equals(s.status().id())
                    ? " (a template snapshot is used up by the restore that renamed it into place)" : "")
                    + "; only verified snapshots are restored. Choose another one: `odoo-release snapshots list " + env.name() + "`.");
        }
        return s;
    }

    /**
     * The image that ran when the snapshot was taken: its manifest says so for the snapshots of deploys and rollbacks;
     * for one taken otherwise, the version the last deploy or rollback before it had put in place (history).
     */
    private Version versionOf(Snapshot s) {
        if (cmd.image() != null) {
            dc.progress().info("Image given for the rollback: " + cmd.image() + " (instead of the one recorded with snapshot " + s.id() + ")");
            return new Version(cmd.image(), null, null);
        }
        SnapshotManifest m = s.manifest();
        if (m != null && m.image() != null && !m.image().isBlank()) {
            Optional<Map<?, ?>> deployed = installedBefore(s).filter(h -> m.image().equals(h.get("image")));
            return new Version(m.image(), m.commit(), deployed.map(h -> h.get("imageId")).map(Object::toString).orElse(null),
                    deployed.map(RollbackRun::digestOf).orElse(null));
        }
        Optional<Map<?, ?>> installed = installedBefore(s);
        if (installed.isPresent()) {
            Map<?, ?> details = installed.get();
            Object commit = details.get("commit");
            Object id = details.get("imageId");
            return new Version(details.get("image").toString(), commit == null || "null".equals(commit) ? null : commit.toString(),
                    id == null ? null : id.toString(), digestOf(details));
        }
        throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to roll back " + env.name() + " to snapshot " + s.id()
                + ": it does not record which image ran when it was taken (it was taken before anything was deployed by odoo-release),"
                + " so nothing is known to run with its data. Name the image that ran then (`odoo-release rollback " + env.name()
                + " --snapshot " + s.id() + " --image <image>`), choose a snapshot taken by a deploy (`odoo-release snapshots list "
                + env.name() + "`), or restore its data alone: `odoo-release restore " + env.name() + " " + s.id() + "`.");
    }

    /** The registry digest a history record names ({@code repository@sha256:…}), or null. */
    private static String digestOf(Map<?, ?> details) {
        Object d = details.get("imageDigest");
        return d != null && ImageDigests.isDigestReference(d.toString()) ? d.toString() : null;
    }

    /**
     * The history details of the last deploy or rollback that put a version in place before snapshot {@code s} was taken
     * (image, commit, image id): what ran when it was taken.
     */
    private Optional<Map<?, ?>> installedBefore(Snapshot s) {
        for (HistoryEntry h : dc.store().history().recent(env.name(), 500)) {
            boolean installedAVersion = (DeployNames.DEPLOY.equals(h.operation()) && DeployResult.Outcome.DEPLOYED.id().equals(h.result()))
                    || (DeployNames.ROLLBACK.equals(h.operation()) && RollbackResult.Outcome.ROLLED_BACK.id().equals(h.result()));
            if (!installedAVersion || h.finishedAt() == null || s.createdAt() == null || h.finishedAt().isAfter(s.createdAt())) {
                continue;
            }
            Map<?, ?> details = Json.read(h.detailsJson(), Map.class);
            Object image = details == null ? null : details.get("image");
            if (image != null && !image.toString().isBlank()) {
                return Optional.of(details);
            }
        }
        return Optional.empty();
    }

    private List<String> plan(Snapshot target, Version version, boolean hasContainer, String currentImage) {
        List<String> steps = new ArrayList<>();
        if (container == null) {
            steps.add("(no container settings: configure the environment's 'container:' section before rolling back)");
        } else if (hasContainer) {
            steps.add("stop " + container.name() + " (" + currentImage + ") and keep it as "
                    + DeployNames.kept(container, co.operationId()) + " until the rollback succeeds");
        }
        steps.add("take a " + env.snapshotKind().id() + " safety snapshot of the current database and filestore (undoes this rollback)");
        steps.add("restore database and filestore from " + target.kind().id() + " snapshot " + target.id() + " of " + target.createdAt()
                + (target.label() == null ? "" : " (" + target.label() + ")")
                + (target.kind() == SnapshotKind.TEMPLATE ? ": a server-side copy of it (the snapshot stays usable)" : ": pg_restore"));
        steps.add("start " + (container == null ? "the container" : container.name()) + " from " + version.image() + (version.commit() == null ? "" : " (commit " + version.commit() + ")"));
        steps.add("health-check it; on failure put " + (currentImage == null ? "the current version" : currentImage)
                + " and its data back from the safety snapshot");
        return steps;
    }

    private RestoreResult restore(Snapshot target) {
        dc.journal().step(co.operationId(), "restoring");
        // a copy for a template snapshot: the snapshot stays usable when this rollback fails or is retried
        RestoreResult r = new RestoreCommand(env).snapshot(target.id()).keepSnapshot(true).drainSessions(true).progress(dc.progress())
                .restore(dc.ctx().child("target"));
        co.databaseTouched();
        dc.journal().step(co.operationId(), "restored");
        return r;
    }

    /** What the restore replaced is the safety snapshot's data point: kept twice it would only fill the disk. */
    private void discardReplaced(RestoreResult restored) {
        try {
            co.phase("discard", () -> new DiscardReplacedCommand(env, restored.operationId()).discard(dc.ctx()));
        } catch (RuntimeException e) {
            dc.progress().warn("could not discard the replaced data (" + e.getMessage() + "): discard it with `odoo-release snapshots "
                    + "discard-replaced " + env.name() + " " + restored.operationId() + "`");
        }
    }

    private String runningImage() {
        try {
            return dc.docker().containers().inspect(container.name()).filter(ContainerState::running).map(ContainerState::image).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private RollbackResult result(RollbackResult.Outcome outcome, Snapshot target, Version version, String image, String previousImage,
                                  List<String> plan, String health, String cause, List<String> failures, List<String> manual,
                                  String keptDb) {
        return new RollbackResult(outcome, env.name(), co.operationId(), target.id(), co.snapshotId(), image, previousImage,
                version.image(), version.commit(), plan, health, Duration.ofMillis(Changeover.millisSince(startNanos)), co.phases(),
                co.downtimeMillis(), cause, failures, manual, keptDb);
    }
}
