package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.time.Duration;

/**
 * A finished clone of one environment into another. {@code method} says how the data was copied
 * ({@code stream-copy} from the live source, {@code template-copy} on the same server, {@code pg_restore}
 * of a dump snapshot, {@code snapshot-stream-copy} of a snapshot read on the source's server with rows
 * rewritten on the way); {@code sourceSnapshotId} is null for a live copy. The target's
 * previous data is kept until {@link DiscardReplacedCommand} confirms.
 */
public record CloneResult(String operationId, String sourceEnvironment, String targetEnvironment, String sourceSnapshotId,
                          boolean liveSnapshot, String method, String replacedDatabase, String replacedFilestore,
                          long filestoreFiles, Duration duration) implements Serializable {
    public String undo() {
        return "the target's previous data is kept as database " + replacedDatabase + " and folder " + replacedFilestore
                + "; discard it with `odoo-release snapshots discard-replaced " + targetEnvironment + " " + operationId + "`";
    }
}
