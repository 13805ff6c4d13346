package dev.odoorelease.engine.snapshot;

import dev.odoorelease.engine.db.DatabaseAdmin;
import dev.odoorelease.engine.filestore.Folders;
import dev.odoorelease.engine.process.SecretFiles;
import dev.odoorelease.engine.state.Journal;
import dev.odoorelease.engine.state.Snapshot;
import java.nio.file.Path;
import java.util.List;

/**
 * Cleans up after operations that were killed (kill -9, a dead agent, a restarted Jenkins). Runs
 * while holding the environment's lock, which proves that no other operation on the environment is
 * alive: so snapshots still marked {@code creating} and open journals are provably orphans of this
 * tool. Only things recorded in the catalog or journal are touched, never anything else.
 */
final class Leftovers {
    private Leftovers() {
    }

    static void clean(OperationContext ctx) {
        // secret files (passfiles, env-files) of processes that were killed: removed at the start of every operation
        SecretFiles.removeLeftovers();
        List<Snapshot> creating = ctx.store().snapshots().creating(ctx.environment().name());
        for (Snapshot s : creating) {
            ctx.progress().info("Cleaning up snapshot " + s.id() + " left unfinished by operation " + s.operationId());
            if (s.databaseName() != null) {
                try (DatabaseAdmin admin = DatabaseAdmin.on(ctx.environment().db())) {
                    admin.dropIfExists(s.databaseName());
                }
            }
            if (s.location() != null) {
                Folders.deleteSnapshotFolder(Path.of(s.location()));
            }
            ctx.store().snapshots().markFailed(s.id(), "interrupted: operation " + s.operationId()
                    + " stopped before the snapshot was verified");
        }
        for (Journal.Entry j : ctx.store().journal().open(ctx.environment().name())) {
            if (SwapJournal.OPERATIONS.contains(j.operation())) {
                SwapJournal.recover(ctx, j);
            }
        }
        // a process killed after its journal closed, or one that keeps none (a snapshot), left its history entry open
        int closed = ctx.store().history().closeOrphans(ctx.environment().name(), ctx.operationId());
        if (closed > 0) {
            ctx.progress().info("Closed " + closed + " history entr" + (closed == 1 ? "y" : "ies") + " of operations on "
                    + ctx.environment().name() + " that were killed before they could record their end");
        }
    }
}
