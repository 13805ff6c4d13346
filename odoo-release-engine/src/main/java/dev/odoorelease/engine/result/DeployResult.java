package dev.odoorelease.engine.result;

import dev.odoorelease.engine.internal.snapshot.OperationIds;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a deploy did. {@code cause} says why a rollback happened; {@code rollbackFailures} lists every
 * undo step that failed, and {@code manualRecovery} the exact commands to finish by hand (naming the
 * snapshot and the kept container). {@code phaseMillis} times each phase — {@code lock}, {@code plan}, {@code stop},
 * {@code snapshot}, {@code update}, {@code start}, {@code health}, {@code total}; after a failure also {@code rollback}
 * (failure detected → old version healthy again) and its parts {@code rollback-remove}, {@code rollback-restore} (database
 * and filestore), {@code rollback-start}, {@code rollback-health}. {@code downtimeMillis} runs from the old container
 * stopped to the new (or old) one healthy again.
 */
public record DeployResult(Outcome outcome, String environment, String operationId, String previousImage, String image,
                           String previousCommit, String commit, ModulePlan plan, String snapshotId, String cause,
                           List<String> rollbackFailures, List<String> manualRecovery, Map<String, Long> phaseMillis,
                           long downtimeMillis, String healthSummary, String keptDatabase) implements Serializable {

    public boolean succeeded() {
        return outcome == Outcome.DEPLOYED || outcome == Outcome.PLANNED;
    }

    /**
     * The operation id that discards {@link #keptDatabase()} ({@code odoo-release snapshots discard-replaced <environment>
     * <id>}); null when no database is kept or its name is not one a restore gives.
     */
    public String keptDatabaseOperationId() {
        return OperationIds.replacedBy(keptDatabase);
    }

    /** How a deploy ended. */
    public enum Outcome {
        /** A dry run: the plan, nothing changed. */
        PLANNED,
        /** The new version runs and passed its health check. */
        DEPLOYED,
        /** Something failed; database, filestore and container were put back and the old version is healthy. */
        ROLLED_BACK,
        /** Something failed and the rollback failed too: manual recovery needed (see the result's commands). */
        ROLLBACK_FAILED;

        /** Lower-case name, as journals, history and JSON output write it ({@code rolled_back}). */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
