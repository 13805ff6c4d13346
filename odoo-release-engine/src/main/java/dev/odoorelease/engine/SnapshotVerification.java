package dev.odoorelease.engine;

import java.util.List;

/**
 * What {@link VerifySnapshot} found.
 *
 * @param problems what does not match the snapshot's manifest; empty when the snapshot is sound
 */
public record SnapshotVerification(String environment, String snapshotId, List<String> problems) {
    public SnapshotVerification {
        problems = List.copyOf(problems);
    }

    /** Whether the snapshot matches its manifest. */
    public boolean sound() {
        return problems.isEmpty();
    }
}
