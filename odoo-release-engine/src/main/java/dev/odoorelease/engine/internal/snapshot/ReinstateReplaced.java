package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.result.CloneResult;
import dev.odoorelease.engine.result.JournalEntry;
import java.nio.file.Path;

/**
 * Puts back the data a finished clone replaced and kept (a refresh whose new version did not come up healthy): the
 * same journaled swap as a restore, with the kept database and filestore as the incoming data, so a kill half-way is
 * completed or undone by the next operation ({@link SwapJournal#recover}). The clone's copy is kept in turn, as
 * {@code ors_replaced_<id>-reinstate}'s database and folder, until {@code snapshots discard-replaced}. The clone's
 * journal is marked {@code reinstated}: its replaced data is live again and may never be discarded under its name.
 */
public final class ReinstateReplaced {
    /** The operation's name in the journal. */
    static final String OPERATION = "reinstate";

    private ReinstateReplaced() {
    }

    /**
     * Swaps the data {@code clone} replaced back in, inside {@code parent} (which holds the target's lock).
     *
     * @return the operation id under which the clone's copy is now kept (for {@code snapshots discard-replaced})
     */
    public static String previous(OperationContext parent, CloneResult clone) {
        Environment env = parent.environment();
        JournalEntry j = parent.store().journal().find(clone.operationId()).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                "Unable to put back the data of " + env.name() + " replaced by clone " + clone.operationId() + ": no such operation."));
        if (!j.step().startsWith("swapped")) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to put back the data of " + env.name() + " replaced by clone "
                    + clone.operationId() + ": it is in state '" + j.step() + "', not a finished swap whose replaced data is kept.");
        }
        OperationContext ctx = parent.child(OPERATION);
        String op = ctx.operationId();
        Path cloneReplacedFs = Path.of(clone.replacedFilestore());
        SwapJournal.Plan plan = new SwapJournal.Plan(env.db().database(), clone.replacedDatabase(), "ors_replaced_" + OperationIds.forDatabase(op),
                env.filestore(), cloneReplacedFs, env.workDir().resolve("replaced").resolve(op).resolve("filestore"), false, null, false);
        SwapJournal.begin(ctx, OPERATION, plan);
        // a failure leaves the journal open: the next operation's clean-up completes or undoes it from what it finds
        SwapJournal.swap(ctx, plan);
        parent.store().journal().step(clone.operationId(), "reinstated by " + op);
        try {
            Folders.deleteIfEmpty(cloneReplacedFs.getParent());
        } catch (RuntimeException ignored) {
            // an empty folder left for a human; the data is back
        }
        parent.progress().info("Put back the data " + env.name() + " had before clone " + clone.operationId() + "; the clone's copy is "
                + "kept as database " + plan.replacedDb() + " (discard it with `odoo-release snapshots discard-replaced " + env.name()
                + " " + op + "`)");
        return op;
    }
}
