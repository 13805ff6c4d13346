package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.progress.ProgressListener;
import java.time.Duration;
import dev.odoorelease.engine.result.JournalEntry;

/**
 * Confirms a restore or clone: drops the database and deletes the filestore folder it replaced and
 * kept. Destructive, so it only ever touches the names recorded by that operation's journal.
 */
public final class DiscardReplacedCommand {
    private final Environment env;
    private final String operationId;
    private ProgressListener progress = ProgressListener.NONE;
    private Duration lockTimeout = Duration.ofMinutes(10);

    public DiscardReplacedCommand(Environment env, String operationId) {
        this.env = env;
        this.operationId = operationId;
    }

    public DiscardReplacedCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public DiscardReplacedCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public void call() {
        try (OperationContext ctx = OperationContext.open(env, "discard-replaced", lockTimeout, progress)) {
            discard(ctx, operationId);
        }
    }

    /**
     * Discards inside an operation that already holds the environment's lock (a manual rollback, whose safety
     * snapshot holds the same data as what its restore replaced).
     */
    public void discard(OperationContext ctx) {
        discard(ctx, operationId);
    }

    static void discard(OperationContext ctx, String operationId) {
        JournalEntry j = ctx.store().journal().find(operationId).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                "Unable to discard the data replaced by operation " + operationId + ": no such operation on this server."));
        if (!j.environment().equals(ctx.environment().name()) || !j.step().startsWith("swapped")) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to discard the data replaced by operation "
                    + operationId + ": it is a " + j.operation() + " of environment " + j.environment() + " in state '" + j.step()
                    + "', not a finished swap of " + ctx.environment().name() + ".");
        }
        SwapJournal.Plan plan = SwapJournal.Plan.fromData(j.data());
        try (DatabaseAdmin admin = DatabaseAdmin.on(ctx.environment().db())) {
            admin.dropIfExists(plan.replacedDb());
        }
        Folders.deleteTree(plan.replacedFs().getParent());
        ctx.store().journal().step(operationId, "discarded");
        ctx.progress().info("Discarded database " + plan.replacedDb() + " and folder " + plan.replacedFs().getParent()
                + " replaced by " + j.operation() + " " + operationId);
    }
}
