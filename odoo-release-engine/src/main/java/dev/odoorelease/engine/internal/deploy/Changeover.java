package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotMaintenance;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The steps a deploy and a manual rollback share when they replace the running version: journal and history,
 * stop the old container and keep it renamed, take the snapshot that undoes the operation, start the new
 * container, health-check it, and then either succeed (old container removed, state recorded, retention) or
 * undo (a {@link Undo} from that snapshot). Times each phase and the user-visible downtime: from the old
 * container stopped to the new one (or, after an undo, the old one) healthy.
 */
final class Changeover {
    private final DeployContext dc;
    private final String operation;
    private final String op;
    private final long startNanos;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long historyId;
    private boolean hadOld;
    private long downStart;
    private long downtimeMillis;
    private String snapshotId;
    private boolean dbTouched;
    private java.nio.file.Path configFile;
    private String oldImage;
    private Serving serving;
    private String journalOperation;

    /**
     * @param startNanos when the operation was asked for (before it waited for the lock)
     * @param lockMillis how long taking the environment's lock took
     */
    Changeover(DeployContext dc, String operation, long startNanos, long lockMillis) {
        this.dc = dc;
        this.operation = operation;
        this.op = dc.ctx().operationId();
        this.startNanos = startNanos;
        phases.put("lock", lockMillis);
        this.serving = new ContainerServing(dc);
        this.journalOperation = operation;
    }

    /**
     * An environment served by something else than its container (a swarm service), journaled as {@code journalOperation}
     * (its crash points and its recovery are its own); the history still names the operation.
     */
    Changeover serving(Serving s, String journalOperation) {
        this.serving = s;
        this.journalOperation = journalOperation;
        return this;
    }

    /** Users stop being served from now on (a maintenance page switched on before anything stops). */
    void downtimeStarts() {
        if (downStart == 0) {
            downStart = System.nanoTime();
        }
    }

    /** Times one phase (also when it fails: the time until it failed). */
    <T> T phase(String name, Supplier<T> body) {
        long t = System.nanoTime();
        try {
            return body.get();
        } finally {
            phases.merge(name, millisSince(t), Long::sum);
        }
    }

    /** Records a phase that began at {@code startNanos} and ends now. */
    void phaseSince(String name, long startNanos) {
        phases.merge(name, millisSince(startNanos), Long::sum);
    }

    void phase(String name, Runnable body) {
        phase(name, () -> {
            body.run();
            return null;
        });
    }

    /** Opens the history entry and the journal; from here on the operation can be recovered. */
    void begin(String oldImage, String newImage, String commit, String build, boolean hadOldContainer, Map<String, String> extra) {
        // before anything changes: a data directory Odoo's user does not own is refused here
        configFile = phase("config", () -> OdooConfigFile.write(dc, newImage, op));
        this.hadOld = hadOldContainer;
        this.oldImage = oldImage;
        historyId = dc.store().history().start(dc.env().name(), operation, op);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("container", dc.container().name());
        data.put("oldImage", orEmpty(oldImage));
        data.put("newImage", newImage);
        data.put("commit", orEmpty(commit));
        data.put("build", orEmpty(build));
        data.put("hadOldContainer", String.valueOf(hadOldContainer));
        data.put("historyId", String.valueOf(historyId));
        data.putAll(extra);
        dc.journal().begin(op, dc.env().name(), journalOperation, data);
    }

    /** Stops the old container and keeps it renamed ({@code <name>-previous-<op>}) until the operation succeeds. */
    void stopOld() {
        if (!hadOld) {
            return;
        }
        downStart = System.nanoTime();
        String kept = DeployNames.kept(dc.container(), op);
        phase("stop", () -> {
            dc.progress().info("Stopping " + dc.container().name() + " (kept as " + kept + " until the " + operation + " succeeds)");
            dc.docker().containers().stop(dc.container().name(), dc.container().stopGrace());
            dc.docker().containers().rename(dc.container().name(), kept);
            dc.journal().step(op, "old-stopped");
        });
    }

    /**
     * Takes the snapshot an undo restores, after the stop: a template copy needs no session on the database, and a
     * snapshot taken before the stop would miss the writes made between the two.
     */
    String snapshot(SnapshotKind kind, String label, String runningImage, String runningCommit) {
        phase("snapshot", () -> {
            snapshotId = new SnapshotCommand(dc.env()).kind(kind).label(label).deployed(runningImage, runningCommit)
                    .drainSessions(true).progress(dc.progress()).take(dc.ctx()).snapshot().id();
            dc.store().snapshots().pin(snapshotId, op);
            dc.journal().put(op, "snapshot", snapshotId);
            dc.journal().step(op, "snapshot-taken");
        });
        if (downStart == 0) {
            downStart = System.nanoTime();
        }
        return snapshotId;
    }

    /** From now on an undo must restore the snapshot: the database may have been changed. */
    void databaseTouched() {
        dbTouched = true;
    }

    /** Starts the environment's container from {@code image}, labelled with this operation. */
    void startNew(String image) {
        dbTouched = true;
        phase("start", () -> {
            dc.journal().step(op, "starting-new");
            dc.docker().containers().run(OdooContainerSpecs.server(dc.container(), dc.env(), image, dc.container().name(), DeployNames.labels(dc.env(), op),
                    configFile));
        });
    }

    /** The health check of the new container; journaled as passed, which makes a recovery complete the operation. */
    HealthReport health() {
        HealthReport report = phase("health", serving::checkHealth);
        downtimeMillis = downStart == 0 ? 0 : millisSince(downStart);
        dc.journal().step(op, "healthy");
        return report;
    }

    /** Success: the kept container goes, the new state is recorded (with this operation's snapshot as its undo). */
    void succeed(String image, String commit, Map<String, String> modules, String build, String result, Map<String, Object> details) {
        dc.removeKept(op);
        dc.recordDeployed(image, commit, modules, snapshotId, build);
        dc.store().snapshots().unpinAll(op);
        new SnapshotMaintenance(dc.env()).progress(dc.progress()).applyRetention(dc.ctx());
        finish(result, details);
    }

    /**
     * Failure: puts back what ran before (new container removed, data restored from the snapshot when the database
     * may have changed, old container renamed back — or the image deployed before started when no old container is
     * left —, started and health-checked), then closes journal and history. When the undo itself fails, the journal
     * stays open (step {@code rollback-failed}): every other operation refuses until {@code odoo-release recover} has
     * redone the undo, and the history says {@code rollback_failed}.
     *
     * @param undoneResult what the journal and history say when the undo worked ({@code rollback_failed} otherwise)
     */
    Undo.Outcome undo(String cause, String undoneResult, Map<String, Object> details) {
        dc.progress().warn(cause);
        dc.journal().put(op, "dbTouched", String.valueOf(dbTouched));
        dc.journal().step(op, "rolling-back");
        Undo.Outcome rb = phase("rollback", () -> new Undo(dc, serving).run(operation, op, snapshotId, dbTouched, oldImage));
        if (rb.ok()) {
            rb = keptCopiesRetention(rb);
        }
        phases.putAll(rb.phaseMillis());
        downtimeMillis = downStart == 0 ? 0 : millisSince(downStart);
        dc.store().snapshots().unpinAll(op);
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("cause", cause);
        d.put("rollbackFailures", rb.failures());
        if (rb.ok()) {
            finish(undoneResult, d);
        } else {
            dc.journal().step(op, ROLLBACK_FAILED_STEP);
            record("rollback_failed", d);
        }
        return rb;
    }

    /** The Odoo configuration file of this operation's containers ({@code null} without a database password). */
    java.nio.file.Path configFile() {
        return configFile;
    }

    /** Older copies of failed deploys' data go (snapshots.keepFailed); the result no longer names a discarded one. */
    private Undo.Outcome keptCopiesRetention(Undo.Outcome rb) {
        try {
            List<String> discarded = new SnapshotMaintenance(dc.env()).progress(dc.progress()).applyFailedCopiesRetention(dc.ctx());
            String keptBy = dev.odoorelease.engine.internal.snapshot.OperationIds.replacedBy(rb.keptDatabase());
            if (keptBy != null && discarded.contains(keptBy)) {
                return new Undo.Outcome(rb.ok(), rb.failures(), rb.manualRecovery(), rb.restoredFrom(), null, rb.health(),
                        rb.phaseMillis(), rb.verified());
            }
        } catch (RuntimeException e) {
            dc.progress().warn("could not apply the retention of kept copies of failed deploys: " + e.getMessage());
        }
        return rb;
    }

    /** The journal step of an operation whose undo failed: open until {@code recover} redoes the undo. */
    static final String ROLLBACK_FAILED_STEP = "rollback-failed";

    private void finish(String result, Map<String, Object> details) {
        OdooConfigFile.prune(dc);
        dc.journal().close(op, result);
        record(result, details);
    }

    private void record(String result, Map<String, Object> details) {
        phases.put("total", millisSince(startNanos));
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("downtimeMs", downtimeMillis);
        d.put("phaseMillis", phases);
        try {
            dc.store().history().finish(historyId, result, d);
        } catch (RuntimeException e) {
            // the operation's outcome (and its cause) is what the caller must see; the history entry is bookkeeping
            dc.progress().warn("could not record the end of " + operation + " " + op + " (" + result + ") in the history: "
                    + e.getMessage());
        }
    }

    String operationId() {
        return op;
    }

    String snapshotId() {
        return snapshotId;
    }

    Map<String, Long> phases() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    long downtimeMillis() {
        return downtimeMillis;
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
