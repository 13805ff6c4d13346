package dev.odoorelease.engine.internal.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.JournalEntry;
import dev.odoorelease.engine.result.RollbackResult;

/**
 * Finishes a deploy or a manual rollback that was interrupted (kill -9, a dead agent, a restarted Jenkins) from
 * its journal, doing whichever is safe: one whose new container had passed its health check is completed; any
 * other is undone (the database restored from its snapshot when the update, the restore or the new container may
 * have changed it). Both operations journal the same data (old and new image, commit, build, snapshot) and the
 * same steps, so one procedure serves both. An interrupted restore inside them (a swap) was already completed or
 * undone from its own journal when the lock was taken.
 */
final class Recovery {
    private static final Set<String> DB_TOUCHED = Set.of("updating", "updated", "restoring", "restored", "starting-new",
            "rolling-back");

    private final DeployContext dc;
    private final Serving serving;

    Recovery(DeployContext dc) {
        this(dc, new ContainerServing(dc));
    }

    /** The recovery of an operation on an environment served by {@code serving} (one container, or a swarm service). */
    Recovery(DeployContext dc, Serving serving) {
        this.dc = dc;
        this.serving = serving;
    }

    DeployResult recover(JournalEntry j) {
        Map<String, String> d = j.data();
        String snapshotId = blankToNull(d.get("snapshot"));
        String opId = j.operationId();
        boolean rollback = DeployNames.ROLLBACK.equals(j.operation());
        String by = " (by recovery " + dc.ctx().operationId() + ")";
        dc.progress().info("Recovering " + j.operation() + " " + opId + " of " + dc.env().name() + ", interrupted at step '"
                + j.step() + "'");
        String oldImage = blankToNull(d.get("oldImage"));
        String newImage = d.get("newImage");
        String commit = blankToNull(d.get("commit"));
        if ("healthy".equals(j.step())) {
            dc.removeKept(opId);
            dc.recordDeployed(newImage, commit, DeployContext.installedModules(dc.env()), snapshotId, blankToNull(d.get("build")));
            dc.store().snapshots().unpinAll(opId);
            String result = rollback ? RollbackResult.Outcome.ROLLED_BACK.id() : DeployResult.Outcome.DEPLOYED.id();
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("image", newImage);
            done.put("completedBy", dc.ctx().operationId());
            if (d.get("newImageId") != null) {
                done.put("imageId", d.get("newImageId"));
            }
            close(j, result, by, done);
            dc.progress().info("Completed " + j.operation() + " " + opId + ": its new version had passed the health check");
            return new DeployResult(DeployResult.Outcome.DEPLOYED, dc.env().name(), opId, oldImage, newImage, null, commit, null, snapshotId,
                    null, List.of(), List.of(), Map.of(), 0, null, null);
        }
        boolean touched = DB_TOUCHED.contains(j.step()) || "true".equals(d.get("dbTouched"));
        Undo.Outcome rb = new Undo(dc, serving).run(SwarmDeployRun.JOURNAL.equals(j.operation()) ? DeployNames.DEPLOY : j.operation(), opId, snapshotId, touched, oldImage);
        if (!rb.ok()) {
            // still not undone: the journal stays open, so every operation refuses until a recover succeeds
            dc.journal().step(opId, Changeover.ROLLBACK_FAILED_STEP);
            finishHistory(j, RollbackResult.Outcome.ROLLBACK_FAILED.id(), Map.of("image", newImage, "rollbackFailures", rb.failures()));
            return new DeployResult(DeployResult.Outcome.ROLLBACK_FAILED, dc.env().name(), opId, oldImage, newImage, null, commit, null,
                    snapshotId, j.operation() + " " + opId + " could not be undone", rb.failures(), rb.manualRecovery(),
                    rb.phaseMillis(), 0, null, rb.keptDatabase());
        }
        dc.store().snapshots().unpinAll(opId);
        DeployResult.Outcome outcome = rb.ok() ? DeployResult.Outcome.ROLLED_BACK : DeployResult.Outcome.ROLLBACK_FAILED;
        String result = !rb.ok() ? RollbackResult.Outcome.ROLLBACK_FAILED.id()
                : rollback ? RollbackResult.Outcome.KEPT_CURRENT.id() : DeployResult.Outcome.ROLLED_BACK.id();
        String cause = j.operation() + " " + opId + " was interrupted at step '" + j.step() + "'";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("image", newImage);
        details.put("cause", cause);
        details.put("rollbackFailures", rb.failures());
        close(j, result, by, details);
        return new DeployResult(outcome, dc.env().name(), opId, oldImage, newImage, null, commit, null, snapshotId, cause,
                rb.failures(), rb.manualRecovery(), rb.phaseMillis(), 0, rb.health() == null ? null : rb.health().summary(),
                rb.keptDatabase());
    }

    private void close(JournalEntry j, String result, String by, Map<String, ?> details) {
        dc.journal().close(j.operationId(), result + by);
        finishHistory(j, result, details);
    }

    private void finishHistory(JournalEntry j, String result, Map<String, ?> details) {
        String historyId = j.data().get("historyId");
        if (historyId != null && !historyId.isBlank()) {
            dc.store().history().finish(Long.parseLong(historyId), result, details);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
