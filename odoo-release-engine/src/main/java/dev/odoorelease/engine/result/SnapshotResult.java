package dev.odoorelease.engine.result;

import dev.odoorelease.engine.result.Snapshot;
import java.io.Serializable;
import java.time.Duration;

/**
 * A verified snapshot and how long it took. Its undo is deleting it:
 * {@code odoo-release snapshots delete <environment> <id>} / {@link DeleteSnapshotCommand}.
 */
public record SnapshotResult(Snapshot snapshot, Duration duration) implements Serializable {
    public String undo() {
        return "delete snapshot " + snapshot.id() + " of environment " + snapshot.environment();
    }
}
