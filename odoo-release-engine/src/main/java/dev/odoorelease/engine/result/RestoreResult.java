package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.time.Duration;

/**
 * A restore that happened. The data it replaced is kept as {@code replacedDatabase} and
 * {@code replacedFilestore} until {@link DiscardReplacedCommand} confirms the restore, so a restore
 * can itself be undone by swapping those back.
 */
public record RestoreResult(String environment, String operationId, String snapshotId, String database, String replacedDatabase,
                            String replacedFilestore, Duration duration) implements Serializable {
    public String undo() {
        return "the replaced data is kept as database " + replacedDatabase + " and folder " + replacedFilestore
                + "; discard it with `odoo-release snapshots discard-replaced " + environment + " " + operationId + "` once satisfied";
    }
}
