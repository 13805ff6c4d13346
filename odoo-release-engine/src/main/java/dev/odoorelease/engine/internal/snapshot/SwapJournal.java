package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.internal.state.Journal;
import dev.odoorelease.engine.result.SnapshotStatus;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import dev.odoorelease.engine.result.JournalEntry;

/**
 * Puts a prepared database and filestore in the place of an environment's live ones, keeping the
 * replaced ones under other names until the caller confirms: first the filestore (two renames), then
 * the database (two renames in one transaction). Every step is journaled first, and
 * {@link #recover} reads the actual state of the server and the disk, so an operation killed at any
 * point is either completed (the database swap happened) or undone (it did not) by the next run.
 */
final class SwapJournal {
    static final Set<String> OPERATIONS = Set.of("restore", "clone");

    /** Names of everything a swap touches. */
    record Plan(String liveDb, String incomingDb, String replacedDb, Path liveFs, Path incomingFs, Path replacedFs,
                boolean incomingOwned, String snapshotId, boolean consumesSnapshot) {

        Map<String, String> toData() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("liveDb", liveDb);
            m.put("incomingDb", incomingDb);
            m.put("replacedDb", replacedDb);
            m.put("liveFs", liveFs.toString());
            m.put("incomingFs", incomingFs.toString());
            m.put("replacedFs", replacedFs.toString());
            m.put("incomingOwned", String.valueOf(incomingOwned));
            m.put("snapshotId", snapshotId == null ? "" : snapshotId);
            m.put("consumesSnapshot", String.valueOf(consumesSnapshot));
            return m;
        }

        static Plan fromData(Map<String, String> d) {
            String snap = d.getOrDefault("snapshotId", "");
            return new Plan(d.get("liveDb"), d.get("incomingDb"), d.get("replacedDb"), Path.of(d.get("liveFs")),
                    Path.of(d.get("incomingFs")), Path.of(d.get("replacedFs")), Boolean.parseBoolean(d.get("incomingOwned")),
                    snap.isEmpty() ? null : snap, Boolean.parseBoolean(d.get("consumesSnapshot")));
        }
    }

    private SwapJournal() {
    }

    /** Journals the plan; call before preparing the incoming data so a kill during preparation is cleaned. */
    static void begin(OperationContext ctx, String operation, Plan plan) {
        ctx.store().journal().begin(ctx.operationId(), ctx.environment().name(), operation, plan.toData());
    }

    /** Does the swap of a journaled plan. */
    static void swap(OperationContext ctx, Plan plan) {
        // the last moment before the live data is replaced: prove again, under the lock, that it is this environment's own
        ctx.requireOwnData("swap new data into");
        Journal journal = ctx.store().journal();
        String op = ctx.operationId();
        journal.step(op, "swapping");
        boolean liveFsExisted = Files.exists(plan.liveFs(), LinkOption.NOFOLLOW_LINKS);
        if (liveFsExisted) {
            Folders.move(plan.liveFs(), plan.replacedFs());
        }
        journal.step(op, "filestore-live-moved");
        Folders.move(plan.incomingFs(), plan.liveFs());
        journal.step(op, "filestore-swapped");
        try (DatabaseAdmin admin = DatabaseAdmin.on(ctx.environment().db())) {
            admin.swap(plan.liveDb(), plan.incomingDb(), plan.replacedDb());
        } catch (RuntimeException e) {
            // put the filestore back: the database swap did not happen (it is one transaction)
            Folders.move(plan.liveFs(), plan.incomingFs());
            if (liveFsExisted) {
                Folders.move(plan.replacedFs(), plan.liveFs());
            }
            journal.step(op, "filestore-restored");
            throw e;
        }
        journal.step(op, "database-swapped");
        if (plan.consumesSnapshot() && plan.snapshotId() != null) {
            ctx.store().snapshots().setStatus(plan.snapshotId(), SnapshotStatus.RESTORED);
        }
        // the folders emptied by the swap go before the journal closes: a process killed after the close left them forever
        removeEmptied(plan);
        journal.close(op, "swapped");
    }

    /** Abandons a plan before its swap: removes what it prepared (only what it owns). */
    static void abandon(OperationContext ctx, Plan plan, String reason) {
        discardIncoming(ctx, plan);
        ctx.store().journal().put(ctx.operationId(), "abandoned", reason);
        ctx.store().journal().close(ctx.operationId(), "abandoned");
    }

    /** The journal steps after which the database swap may have happened (it runs between these two writes). */
    private static final java.util.Set<String> SWAP_REACHED = java.util.Set.of("filestore-swapped", "database-swapped");

    /** Completes or undoes an interrupted swap, from the journal's last step and the actual state of server and disk. */
    static void recover(OperationContext ctx, JournalEntry entry) {
        Plan plan = Plan.fromData(entry.data());
        // The database swap (one transaction) runs only after the journal says filestore-swapped. Before that step the
        // incoming database may not exist yet either (killed at begin, before pg_restore created it), which the state
        // alone would read as "swapped": a restore killed at its start was reported completed and its template
        // snapshot marked consumed (CrashRecoveryStagingIT, restore:begin).
        boolean swapMayHaveRun = SWAP_REACHED.contains(entry.step());
        boolean dbSwapped;
        try (DatabaseAdmin admin = DatabaseAdmin.on(ctx.environment().db())) {
            dbSwapped = swapMayHaveRun && !admin.exists(plan.incomingDb()) && admin.exists(plan.liveDb());
        }
        Journal journal = ctx.store().journal();
        if (dbSwapped && Files.exists(plan.liveFs()) && !Files.exists(plan.incomingFs())) {
            ctx.progress().info("Completing interrupted " + entry.operation() + " " + entry.operationId()
                    + ": its database swap had happened");
            if (plan.consumesSnapshot() && plan.snapshotId() != null) {
                ctx.store().snapshots().setStatus(plan.snapshotId(), SnapshotStatus.RESTORED);
            }
            removeEmptied(plan);
            journal.close(entry.operationId(), "swapped (completed by " + ctx.operationId() + ")");
            return;
        }
        ctx.progress().info("Undoing interrupted " + entry.operation() + " " + entry.operationId()
                + " (stopped at step " + entry.step() + "): the environment keeps its previous data");
        // filestore: put the live one back where it was
        if (Files.exists(plan.replacedFs())) {
            if (Files.exists(plan.liveFs()) && !Files.exists(plan.incomingFs())) {
                Folders.move(plan.liveFs(), plan.incomingFs());
            }
            if (!Files.exists(plan.liveFs())) {
                Folders.move(plan.replacedFs(), plan.liveFs());
            }
        }
        discardIncoming(ctx, plan);
        journal.close(entry.operationId(), "undone (by " + ctx.operationId() + ")");
    }

    /** Removes the folders a done swap emptied: the consumed snapshot's, the temporary one that held the incoming filestore. */
    private static void removeEmptied(Plan plan) {
        if (plan.consumesSnapshot()) {
            // the restored template snapshot's folder held only the filestore that is live now
            try {
                Folders.deleteIfEmpty(plan.incomingFs().getParent());
            } catch (RuntimeException ignored) {
                // left for a human to look at; the swap itself is done
            }
        }
        if (plan.incomingOwned()) {
            // the temporary folder that held the incoming filestore (and a streaming copy's work files): this operation's own
            try {
                Folders.deleteTree(plan.incomingFs().getParent());
            } catch (RuntimeException ignored) {
                // left for the next operation's clean-up (Leftovers); the swap itself is done
            }
        }
    }

    private static void discardIncoming(OperationContext ctx, Plan plan) {
        if (plan.incomingOwned()) {
            try (DatabaseAdmin admin = DatabaseAdmin.on(ctx.environment().db())) {
                admin.dropIfExists(plan.incomingDb());
            }
            Folders.deleteTree(plan.incomingFs().getParent());
        }
    }
}
