package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.RestorePrivileges;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.PgTools;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreCheck;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.Snapshot;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.result.RestoreResult;

/**
 * Puts an environment back to one of its own snapshots (a rollback). The environment's Odoo must be
 * stopped (no sessions on the database) unless draining is allowed.
 * <ul>
 * <li>template snapshot: its database and filestore folder are renamed into place: constant time,
 * whatever the size; the snapshot is consumed (status {@code restored}).</li>
 * <li>dump snapshot: {@code pg_restore -j N} into a new database and a copy of its filestore, verified,
 * then renamed into place; the snapshot stays.</li>
 * </ul>
 * Either way the data it replaces is kept (see {@link RestoreResult}) and nothing is changed until the
 * new data is complete. Allowed on production: a restore only ever uses the environment's own snapshots.
 */
public final class RestoreCommand {
    private final Environment env;
    private String snapshotId;
    private boolean drainSessions;
    private boolean keepSnapshot;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private SharedDataGuard guard = SharedDataGuard.NONE;
    private ProgressListener progress = ProgressListener.NONE;

    public RestoreCommand(Environment env) {
        this.env = env;
    }

    /** The snapshot to restore; {@code null} or "latest" means the newest verified one. */
    public RestoreCommand snapshot(String id) {
        this.snapshotId = id;
        return this;
    }

    public RestoreCommand drainSessions(boolean drain) {
        this.drainSessions = drain;
        return this;
    }

    /**
     * The other environments of the project: under the lock, before changing anything, the command proves (by server
     * identity and file identity) that it changes none of their databases or filestores.
     */
    public RestoreCommand guard(SharedDataGuard g) {
        this.guard = g == null ? SharedDataGuard.NONE : g;
        return this;
    }

    /**
     * Restores a template snapshot from a copy of it (a server-side template copy of its database, hard links of its
     * filestore) instead of renaming it into place, so the snapshot stays usable: a manual rollback that then fails,
     * or is retried, still has it. Dump snapshots always stay.
     */
    public RestoreCommand keepSnapshot(boolean keep) {
        this.keepSnapshot = keep;
        return this;
    }

    public RestoreCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public RestoreCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public RestoreResult call() {
        try (OperationContext ctx = OperationContext.open(env, "restore", lockTimeout, progress, guard)) {
            return restore(ctx);
        }
    }

    /** Restores inside an operation that already holds the environment's lock (a deploy's rollback). */
    public RestoreResult restore(OperationContext ctx) {
        Instant start = Instant.now();
        Snapshot snap = resolve(ctx);
        if (snap.kind() == SnapshotKind.DUMP) {
            // before anything changes or is recorded: a dump altered since it was verified is never restored
            progress.info("Checking the SHA-256 of dump snapshot " + snap.id() + " against its manifest");
            List<String> problems = DumpIntegrity.problems(snap);
            if (!problems.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to restore " + env + " from snapshot " + snap.id()
                        + " (nothing changed): it is not the dump that was verified when it was taken: " + String.join("; ", problems)
                        + ". It was altered or damaged: do not use it. Restore another snapshot (`odoo-release snapshots list "
                        + env.name() + "`, `odoo-release snapshots verify " + env.name() + " <id>`), or delete this one.");
            }
        }
        if (snap.kind() == SnapshotKind.DUMP) {
            // pg_restore creates the dump's extensions and event triggers in the new database: a role that is not a superuser
            // may not create all
            RestorePrivileges.requireForDump(env.db().withDatabase(env.stateDatabase()), Path.of(snap.location()).resolve("db"),
                    "restore " + env + " from dump snapshot " + snap.id(), "Restore a template snapshot instead (a "
                    + "server-side copy creates nothing), drop the extension or event trigger from the database if nothing "
                    + "uses it, or run the restore with a role allowed to create it.", progress);
        }
        String op = OperationIds.forDatabase(ctx.operationId());
        String db = env.db().database();
        Path replacedFs = env.workDir().resolve("replaced").resolve(ctx.operationId()).resolve("filestore");
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            admin.requireNoSessions(db, drainSessions, "restore " + env + " from snapshot " + snap.id(), progress);
        }
        // opened only once the refusals above are past: every path below closes it
        long historyId = ctx.store().history().start(env.name(), "restore", ctx.operationId());
        progress.info("Restoring " + env + " from " + snap.kind().id() + " snapshot " + snap.id() + " of " + snap.createdAt());
        SwapJournal.Plan plan;
        if (snap.kind() == SnapshotKind.TEMPLATE && keepSnapshot) {
            Path incomingFs = env.workDir().resolve("tmp").resolve(ctx.operationId()).resolve("filestore");
            plan = new SwapJournal.Plan(db, "ors_restoring_" + op, "ors_replaced_" + op, env.filestore(), incomingFs,
                    replacedFs, true, snap.id(), false);
            SwapJournal.begin(ctx, "restore", plan);
            try {
                prepareFromTemplate(snap, plan);
            } catch (RuntimeException e) {
                throw failed(ctx, plan, historyId, snap, e);
            }
        } else if (snap.kind() == SnapshotKind.TEMPLATE) {
            plan = new SwapJournal.Plan(db, snap.databaseName(), "ors_replaced_" + op, env.filestore(),
                    Path.of(snap.location()).resolve("filestore"), replacedFs, false, snap.id(), true);
            SwapJournal.begin(ctx, "restore", plan);
        } else {
            Path incomingFs = env.workDir().resolve("tmp").resolve(ctx.operationId()).resolve("filestore");
            plan = new SwapJournal.Plan(db, "ors_restoring_" + op, "ors_replaced_" + op, env.filestore(), incomingFs,
                    replacedFs, true, snap.id(), false);
            SwapJournal.begin(ctx, "restore", plan);
            try {
                prepareFromDump(snap, plan);
            } catch (RuntimeException e) {
                throw failed(ctx, plan, historyId, snap, e);
            }
        }
        try {
            SwapJournal.swap(ctx, plan);
        } catch (RuntimeException e) {
            throw failed(ctx, plan, historyId, snap, e);
        }
        Duration d = Duration.between(start, Instant.now());
        ctx.store().history().finish(historyId, "ok", Map.of("snapshot", snap.id(), "replacedDatabase", plan.replacedDb(),
                "replacedFilestore", plan.replacedFs().toString(), "seconds", d.toMillis() / 1000.0));
        progress.info("Restored " + env + " from snapshot " + snap.id() + " in " + Sizes.human(d)
                + "; previous data kept as database " + plan.replacedDb());
        return new RestoreResult(env.name(), ctx.operationId(), snap.id(), db, plan.replacedDb(), plan.replacedFs().toString(), d);
    }

    /** What a failed restore leaves: its journal abandoned and its history entry finished, never hiding {@code e}. */
    private static RuntimeException failed(OperationContext ctx, SwapJournal.Plan plan, long historyId, Snapshot snap, RuntimeException e) {
        return dev.odoorelease.engine.internal.SecondaryFailures.after(e, () -> SwapJournal.abandon(ctx, plan, String.valueOf(e.getMessage())),
                () -> ctx.store().history().finish(historyId, "failed", Map.of("snapshot", snap.id(), "error", String.valueOf(e.getMessage()))));
    }

    private Snapshot resolve(OperationContext ctx) {
        Snapshot snap;
        if (snapshotId == null || snapshotId.isBlank() || snapshotId.equals("latest")) {
            snap = ctx.store().snapshots().latestVerified(env.name(), null).orElseThrow(() -> new OdooReleaseException(
                    ErrorCode.NOT_FOUND, "Unable to restore " + env + ": it has no verified snapshot. Take one first."));
        } else {
            snap = ctx.store().snapshots().find(snapshotId).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                    "Unable to restore " + env + ": no snapshot " + snapshotId + ". List them with `odoo-release snapshots list "
                            + env.name() + "`."));
        }
        if (!snap.environment().equals(env.name())) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to restore " + env + " from snapshot " + snap.id()
                    + ": it belongs to environment " + snap.environment() + ". Use a stage clone to copy between environments.");
        }
        if (!snap.usable()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to restore " + env + " from snapshot " + snap.id()
                    + ": its status is " + snap.status().id() + "; only verified snapshots are restored.");
        }
        return snap;
    }

    /** A copy of a template snapshot: the snapshot's database copied on the server, its filestore hard-linked. */
    private void prepareFromTemplate(Snapshot snap, SwapJournal.Plan plan) {
        progress.info("  copying snapshot database " + snap.databaseName() + " to " + plan.incomingDb() + " (the snapshot stays)");
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            admin.copy(snap.databaseName(), plan.incomingDb());
        }
        FilestoreCopier.from(Path.of(snap.location()).resolve("filestore"), plan.incomingFs()).threads(env.jobs()).progress(progress)
                .copy();
    }

    private void prepareFromDump(Snapshot snap, SwapJournal.Plan plan) {
        Path folder = Path.of(snap.location());
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            admin.createEmpty(plan.incomingDb());
            PgTools tools = PgTools.forServer(admin.serverMajor());
            progress.info("  pg_restore into " + plan.incomingDb() + " (" + env.jobs() + " jobs)");
            ProcessResult r = tools.run(tools.pgRestore(), env.db(), List.of("--dbname", plan.incomingDb(), "--jobs",
                    String.valueOf(env.jobs()), "--no-owner", "--no-privileges", "--exit-on-error", folder.resolve("db").toString()),
                    Duration.ofHours(12));
            if (!r.ok()) {
                throw PgDumpErrors.map("restore snapshot " + snap.id() + " into " + plan.incomingDb(), env, r);
            }
            admin.allowConnections(plan.incomingDb(), false);
        }
        FilestoreCopier.from(folder.resolve("filestore"), plan.incomingFs()).threads(env.jobs()).progress(progress).copy();
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            admin.allowConnections(plan.incomingDb(), true);
        }
        try (Connection c = Pg.connect(env.db(), plan.incomingDb())) {
            FilestoreCheck.require(c, plan.incomingFs(), env.maxMissingFiles(), "verify the restore of snapshot " + snap.id());
        } catch (SQLException e) {
            throw Pg.sqlError("verify the restored database", env.db(), e);
        }
    }
}
