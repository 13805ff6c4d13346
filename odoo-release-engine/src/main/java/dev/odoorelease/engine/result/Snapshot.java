package dev.odoorelease.engine.result;

import dev.odoorelease.engine.config.SnapshotKind;
import java.io.Serializable;
import java.time.Instant;

/** One row of the snapshot catalog. */
public record Snapshot(
        String id,
        String environment,
        SnapshotKind kind,
        SnapshotStatus status,
        String label,
        Instant createdAt,
        Instant finishedAt,
        String databaseName,
        String location,
        String operationId,
        String pinnedBy,
        long sizeBytes,
        SnapshotManifest manifest,
        String error) implements Serializable {

    public boolean usable() {
        return status == SnapshotStatus.VERIFIED;
    }
}
