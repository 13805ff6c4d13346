package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a manual rollback did.
 *
 * @param outcome          see {@link Outcome}
 * @param snapshotId       the snapshot restored (or that would be, on a dry run)
 * @param safetySnapshotId the snapshot of the state before the rollback, taken first: rolling back to it undoes this
 *                         rollback ({@link #undo()}); {@code null} on a dry run or when the rollback failed before it
 * @param image            the image running now (on a dry run: still the current one); {@code null} when none runs
 * @param previousImage    the image that ran before the rollback
 * @param targetImage      the image that ran when the snapshot was taken, which the rollback starts
 * @param targetCommit     its commit, when known
 * @param plan             the steps, as planned (what a dry run would do)
 * @param healthSummary    the last health check: of the target image, or of the put-back version after a failure
 * @param phaseMillis      lock, plan, stop, snapshot (safety), restore (database and filestore), start, health, total;
 *                         after a failure also rollback and its rollback-* parts
 * @param downtimeMillis   from the current container stopped to a container healthy again
 * @param cause            why it failed, or {@code null}
 * @param failures         undo steps that failed (then {@code ROLLBACK_FAILED})
 * @param manualRecovery   the exact commands to finish by hand when {@code ROLLBACK_FAILED}
 * @param keptDatabase     after a failed rollback: the database the undo replaced (the snapshot's data), kept for
 *                         inspection until discarded
 */
public record RollbackResult(Outcome outcome, String environment, String operationId, String snapshotId,
                             String safetySnapshotId, String image, String previousImage, String targetImage,
                             String targetCommit, List<String> plan, String healthSummary, Duration duration,
                             Map<String, Long> phaseMillis, long downtimeMillis, String cause, List<String> failures,
                             List<String> manualRecovery, String keptDatabase) implements Serializable {

    public RollbackResult {
        plan = plan == null ? List.of() : List.copyOf(plan);
        failures = failures == null ? List.of() : List.copyOf(failures);
        manualRecovery = manualRecovery == null ? List.of() : List.copyOf(manualRecovery);
        phaseMillis = phaseMillis == null ? Map.of() : phaseMillis;
    }

    /** Whether the snapshot's version runs (or, on a dry run, the plan was made). */
    public boolean succeeded() {
        return outcome == Outcome.ROLLED_BACK || outcome == Outcome.PLANNED;
    }

    /** How to undo this rollback: roll back again, to its safety snapshot. */
    public String undo() {
        return safetySnapshotId == null || outcome != Outcome.ROLLED_BACK ? "nothing to undo"
                : "odoo-release rollback " + environment + " --snapshot " + safetySnapshotId;
    }

    /**
     * How a manual rollback ({@link RollbackCommand}) ended. Its own enum because a manual rollback has one outcome a
     * deploy has not: it failed, and what ran before it was put back ({@link #KEPT_CURRENT}). The names the two enums
     * share mean the same for the operator's data: {@code ROLLBACK_FAILED} always means "recover by hand".
     */
    public enum Outcome {
        /** A dry run: what it would do, nothing changed. */
        PLANNED,
        /** The snapshot's data and image run and passed the health check. */
        ROLLED_BACK,
        /** The rollback failed (e.g. the snapshot's image was not healthy); the version that ran before it runs again, with its data. */
        KEPT_CURRENT,
        /** The rollback failed and putting the previous version back failed too: manual recovery needed (see the commands). */
        ROLLBACK_FAILED;

        /** Lower-case name, as journals, history and JSON output write it ({@code kept_current}). */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
