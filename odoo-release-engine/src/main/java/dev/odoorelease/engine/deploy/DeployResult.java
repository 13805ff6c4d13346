package dev.odoorelease.engine.deploy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a deploy did. {@code cause} says why a rollback happened; {@code rollbackFailures} lists every
 * undo step that failed, and {@code manualRecovery} the exact commands to finish by hand (naming the
 * snapshot and the kept container). {@code phaseMillis} times each phase; {@code downtimeMillis} runs
 * from the old container stopped to the new (or old) one healthy again.
 */
public record DeployResult(DeployOutcome outcome, String environment, String operationId, String previousImage, String image,
                           String previousCommit, String commit, ModulePlan plan, String snapshotId, String cause,
                           List<String> rollbackFailures, List<String> manualRecovery, Map<String, Long> phaseMillis,
                           long downtimeMillis, String healthSummary, String keptDatabase) implements Serializable {

    public boolean succeeded() {
        return outcome == DeployOutcome.DEPLOYED || outcome == DeployOutcome.PLANNED;
    }
}
