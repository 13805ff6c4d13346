package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What {@code preview up} did.
 *
 * @param outcome  {@link Outcome}
 * @param preview  the preview as the registry now has it (after a failed creation: as it was being created; it is gone)
 * @param deploy   the deploy of the branch's image into it (created or updated in place), with its rollback when it failed
 * @param removed  previews removed first: expired (TTL), evicted to stay within maxAlive, or unfinished removals
 * @param phaseMillis how long each step took ({@code copy}, {@code neutralize}, {@code filestore}, {@code deploy}, {@code total})
 * @param undo     how to undo it
 */
public record PreviewResult(Outcome outcome, PreviewInfo preview, DeployResult deploy, List<PreviewRemoved> removed,
                            Map<String, Long> phaseMillis, String undo) implements Serializable {
    public PreviewResult {
        removed = List.copyOf(removed);
        phaseMillis = Map.copyOf(phaseMillis);
    }

    /** The URL the preview answers on. */
    public String url() {
        return preview.url();
    }

    public boolean succeeded() {
        return outcome == Outcome.CREATED || outcome == Outcome.UPDATED;
    }

    public enum Outcome {
        /** A new preview, healthy. */
        CREATED,
        /** An existing preview now runs the new image, healthy. */
        UPDATED,
        /** The update failed and was rolled back: the preview runs what it ran before. */
        ROLLED_BACK,
        /** The update failed and its rollback too: see the deploy's manual recovery. */
        ROLLBACK_FAILED
    }
}
