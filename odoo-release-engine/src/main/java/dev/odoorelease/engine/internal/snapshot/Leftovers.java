package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.internal.process.SecretFiles;
import dev.odoorelease.engine.result.JournalEntry;
import dev.odoorelease.engine.result.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

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
        for (JournalEntry j : ctx.store().journal().open(ctx.environment().name())) {
            if (SwapJournal.OPERATIONS.contains(j.operation())) {
                SwapJournal.recover(ctx, j);
            }
        }
        removeTemporaryFolders(ctx);
        // a process killed after its journal closed, or one that keeps none (a snapshot), left its history entry open
        int closed = ctx.store().history().closeOrphans(ctx.environment().name(), ctx.operationId());
        if (closed > 0) {
            ctx.progress().info("Closed " + closed + " history entr" + (closed == 1 ? "y" : "ies") + " of operations on "
                    + ctx.environment().name() + " that were killed before they could record their end");
        }
    }

    /**
     * The folders {@code <workDir>/tmp/<operation id>} (a restore's or clone's incoming filestore, a streaming copy's
     * work files) of operations of this environment whose journal is closed: such an operation was killed after its
     * swap (or its undo) and before it could remove its folder, or it was completed or undone by {@link SwapJournal#recover}
     * above. A folder whose name is no operation of this environment in the journal is not this tool's and is left alone.
     */
    static void removeTemporaryFolders(OperationContext ctx) {
        Path tmp = ctx.environment().workDir().resolve("tmp");
        if (!Files.isDirectory(tmp)) {
            return;
        }
        List<Path> folders;
        try (Stream<Path> s = Files.list(tmp)) {
            folders = s.toList();
        } catch (IOException e) {
            throw FilestoreCopier.ioError("list the temporary folders in " + tmp, e);
        }
        Set<String> open = new HashSet<>();
        ctx.store().journal().open(ctx.environment().name()).forEach(j -> open.add(j.operationId()));
        for (Path folder : folders) {
            String operationId = folder.getFileName().toString();
            if (operationId.equals(ctx.operationId()) || open.contains(operationId)) {
                continue;
            }
            Optional<JournalEntry> j = ctx.store().journal().find(operationId);
            if (j.isPresent() && j.get().environment().equals(ctx.environment().name())) {
                ctx.progress().info("Removing temporary folder " + folder + " left by " + j.get().operation() + " " + operationId);
                Folders.deleteTree(folder);
            }
        }
    }
}
