package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.CloneMark;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.RestorePrivileges;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.PgTools;
import dev.odoorelease.engine.internal.db.StreamingCopy;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.env.SharedDataGuard;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreCheck;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.filestore.OdooUser;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.internal.state.EnvironmentLock;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.internal.state.SnapshotLease;
import dev.odoorelease.engine.internal.state.StateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import dev.odoorelease.engine.result.CloneResult;

/**
 * Copies one environment's data (database and filestore, one point in time) into another
 * environment, replacing the target's data only once the copy is complete and verified.
 *
 * <p>Where the copy comes from: the source's newest verified snapshot ({@link Source#LATEST_SNAPSHOT}),
 * or the running source itself ({@link Source#LIVE}, no downtime, no lock on the source). How:
 * from the live source, a parallel {@link StreamingCopy} from one MVCC snapshot (no temporary files),
 * with the filestore copied while that snapshot is held; from a template snapshot on the target's
 * server with the same role, a server-side template copy; from a dump snapshot, {@code pg_restore -j N}
 * straight into the target server; with a {@link #streamTransform}, from either kind of snapshot read on the
 * source's server, a {@link StreamingCopy} of the rewritten rows.
 *
 * <p>Guard rails: the target may not be a production environment, nor the source itself.
 * An optional {@link #beforeSwap} hook sees the finished copy under its temporary name before it
 * replaces the target (stage clones neutralize, anonymize and verify there). A live copy can also
 * rewrite columns while the rows stream ({@link #streamTransform}: stage clones anonymize there).
 */
public final class CloneCommand {
    /** Where the copied data comes from. */
    public enum Source {
        LATEST_SNAPSHOT,
        LIVE
    }

    /** The finished copy, under its temporary names, before it replaces the target. */
    public record Incoming(String database, Path filestore, Snapshot sourceSnapshot, Environment target) {
    }

    private final Environment source;
    private final Environment target;
    private Source from = Source.LATEST_SNAPSHOT;
    private boolean drainTarget;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private SharedDataGuard guard = SharedDataGuard.NONE;
    private ProgressListener progress = ProgressListener.NONE;
    private Consumer<Incoming> beforeSwap = x -> { };
    private Function<Connection, StreamingCopy.Transform> streamTransform;
    private OperationContext within;

    public CloneCommand(Environment source, Environment target) {
        this.source = source;
        this.target = target;
    }

    public CloneCommand from(Source s) {
        this.from = s;
        return this;
    }

    /** Terminate sessions on the target's database (its Odoo) instead of refusing. */
    public CloneCommand drainTarget(boolean drain) {
        this.drainTarget = drain;
        return this;
    }

    /**
     * The other environments of the project: under the lock, before changing anything, the command proves (by server
     * identity and file identity) that it changes none of their databases or filestores.
     */
    public CloneCommand guard(SharedDataGuard g) {
        this.guard = g == null ? SharedDataGuard.NONE : g;
        return this;
    }

    public CloneCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public CloneCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /**
     * Runs inside an operation that already holds the target's lock (a refresh, which stops staging's container around
     * the clone), as its step {@code <id>-clone} with its own journal; null: the clone takes the lock itself. The
     * operation's guard must include the source.
     */
    public CloneCommand within(OperationContext ctx) {
        this.within = ctx;
        return this;
    }

    public CloneCommand beforeSwap(Consumer<Incoming> hook) {
        this.beforeSwap = hook;
        return this;
    }

    /**
     * Column expressions applied while the rows stream from the source (see {@link StreamingCopy#transform});
     * {@code planner} gets a read-only connection in the copied snapshot. A clone from a snapshot with a
     * transform streams too, from the snapshot made readable on the SOURCE's server ({@link SnapshotReader}):
     * the target never receives the original values, whichever way the data come.
     */
    public CloneCommand streamTransform(Function<Connection, StreamingCopy.Transform> planner) {
        this.streamTransform = planner;
        return this;
    }

    public CloneResult call() {
        guardRails(source, target);
        Instant start = Instant.now();
        Snapshot snap = null;
        boolean live = from == Source.LIVE;
        SnapshotLease lease = null;
        try {
            if (!live) {
                // retention of the source must not delete the snapshot this clone reads: a lease for as long as it runs,
                // which other clones of the same snapshot share and which a killed clone cannot leave behind
                try (StateStore store = StateStore.open(source)) {
                    for (int attempt = 0; lease == null; attempt++) {
                        snap = newestUsable(store);
                        lease = SnapshotLease.take(store, snap.id(), "clone to " + target.name()).orElse(null);
                        if (lease == null && attempt == 2) {
                            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to clone " + source.name() + " to " + target.name()
                                    + ": its newest snapshots were deleted while the clone chose one (snapshot " + snap.id()
                                    + " last). Run the clone again when the snapshot retention of " + source.name() + " is done.");
                        }
                    }
                }
            }
            // the source is one of the environments the target may share nothing with, re-checked under the lock before the swap
            try (OperationContext ctx = within != null ? within.child("clone")
                    : OperationContext.open(target, "clone", lockTimeout, progress, guard.and(List.of(source)))) {
                return cloneInto(ctx, snap, live, start);
            }
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    /**
     * The newest verified snapshot of the source this target can be copied from: a dump snapshot anywhere; a template
     * snapshot when the rows stream from the source's server ({@link #streamTransform}: a stage clone reads the snapshot
     * there), else only on its own server and by its own role (a deploy leaves its template snapshot as the newest one,
     * which a plain copy to another server cannot use).
     */
    private Snapshot newestUsable(StateStore store) {
        boolean templateCopyable = streamTransform != null
                || source.db().sameServer(target.db()) && source.db().user().equals(target.db().user());
        List<Snapshot> verified = store.snapshots().list(source.name(), false).stream().filter(Snapshot::usable).toList();
        return verified.stream().filter(s -> s.kind() == SnapshotKind.DUMP || templateCopyable).findFirst()
                .orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to clone " + source.name() + " to "
                        + target.name() + ": " + source.name() + (verified.isEmpty() ? " has no verified snapshot. Take one"
                        : " has only template snapshots (newest " + verified.get(0).id() + "), which only its own server can copy, and "
                        + target.name() + " is on " + target.db().server() + ". Take a dump snapshot (`odoo-release snapshot "
                        + source.name() + " --kind dump`)") + ", or clone from the live environment (from: live)."));
    }

    static void guardRails(Environment source, Environment target) {
        if (target.isProduction()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to clone " + source.name() + " into " + target.name()
                    + ": " + target.name() + " is a production environment, and production is never overwritten by a copy. "
                    + "Restore one of its own snapshots instead, or check the environment's kind.");
        }
        if (source.name().equals(target.name())) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to clone " + source.name() + " into " + target.name()
                    + ": source and target are the same environment. Choose another target.");
        }
        // by identity: the same server spelled twice, or the same folder reached by a link or a bind mount, is refused
        new SharedDataGuard(List.of(source)).require(target, "clone " + source.name() + " into " + target.name(),
                ProgressListener.NONE);
    }

    private CloneResult cloneInto(OperationContext ctx, Snapshot snap, boolean live, Instant start) {
        String op = OperationIds.forDatabase(ctx.operationId());
        Path incomingFs = target.workDir().resolve("tmp").resolve(ctx.operationId()).resolve("filestore");
        OdooUser odooUser = OdooUser.ofDataDir(target.dataDir());
        SwapJournal.Plan plan = new SwapJournal.Plan(target.db().database(), "ors_cloning_" + op, "ors_replaced_" + op,
                target.filestore(), incomingFs, target.workDir().resolve("replaced").resolve(ctx.operationId()).resolve("filestore"),
                true, null, false);
        try (DatabaseAdmin admin = DatabaseAdmin.on(target.db())) {
            if (admin.exists(target.db().database())) {
                admin.requireNoSessions(target.db().database(), drainTarget, "replace the data of " + target, progress);
            }
        }
        requireRestorable(snap, live);
        // opened only once nothing can refuse before the try below, which closes it whatever happens
        long historyId = ctx.store().history().start(target.name(), "clone", ctx.operationId());
        SwapJournal.begin(ctx, "clone", plan);
        String method;
        try {
            FilestoreCopier.Result files;
            if (live) {
                progress.info("Cloning the live " + source + " into " + target + " (online, one MVCC snapshot)");
                try (DatabaseAdmin admin = DatabaseAdmin.on(target.db())) {
                    admin.createEmpty(plan.incomingDb());
                }
                FilestoreCopier.Result[] copied = new FilestoreCopier.Result[1];
                // a shared lock on the source's database while reading it: a deploy, restore or rollback of the source
                // (which terminate its sessions) waits for the copy instead of killing it, and the copy waits for them
                try (EnvironmentLock reading = EnvironmentLock.acquire(source.db(), source.name(), "clone into " + target.name(),
                        ctx.operationId(), true, lockTimeout, progress)) {
                    new StreamingCopy(source.db(), target.db().withDatabase(plan.incomingDb())).jobs(target.jobs()).progress(progress)
                            .workDir(target.workDir().resolve("tmp").resolve(ctx.operationId()))
                            .whileSnapshotHeld(c -> copied[0] = FilestoreCopier.from(source.filestore(), incomingFs).owner(odooUser)
                                    .threads(target.jobs()).progress(progress).copy())
                            .transform(streamTransform)
                            .copy();
                }
                files = copied[0];
                method = "stream-copy";
            } else if (streamTransform != null) {
                // rewritten while streaming, read on the source's server: the originals never reach the target's
                progress.info("Cloning " + source.name() + " (snapshot " + snap.id() + ", " + snap.kind().id() + ") into " + target
                        + ", rewriting the rows while they stream from the source's server");
                try (DatabaseAdmin admin = DatabaseAdmin.on(target.db())) {
                    admin.createEmpty(plan.incomingDb());
                }
                Path snapFs = Path.of(snap.location()).resolve("filestore");
                FilestoreCopier.Result[] copied = new FilestoreCopier.Result[1];
                try (SnapshotReader reader = SnapshotReader.open(source, snap, op, target.jobs(), progress)) {
                    new StreamingCopy(reader.db(), target.db().withDatabase(plan.incomingDb())).jobs(target.jobs()).progress(progress)
                            .workDir(target.workDir().resolve("tmp").resolve(ctx.operationId()))
                            .whileSnapshotHeld(c -> copied[0] = FilestoreCopier.from(snapFs, incomingFs).owner(odooUser)
                                    .threads(target.jobs()).progress(progress).copy())
                            .transform(streamTransform)
                            .copy();
                }
                files = copied[0];
                method = "snapshot-stream-copy";
            } else {
                progress.info("Cloning " + source.name() + " (snapshot " + snap.id() + ", " + snap.kind().id() + ") into " + target);
                method = copyDatabase(snap, plan.incomingDb());
                Path snapFs = Path.of(snap.location()).resolve("filestore");
                files = FilestoreCopier.from(snapFs, incomingFs).owner(odooUser).threads(target.jobs()).progress(progress).copy();
            }
            progress.info("  filestore: " + files.files() + " files " + (files.linked() ? "hard-linked" : "copied")
                    + " (" + Sizes.human(files.bytes()) + ")");
            try (Connection c = Pg.connect(target.db(), plan.incomingDb())) {
                FilestoreCheck.require(c, incomingFs, target.maxMissingFiles(), "verify the clone of " + source.name());
                CloneMark.write(c); // what rewrites data in place (the anonymizer) accepts this database, under this name only
            } catch (SQLException e) {
                throw Pg.sqlError("verify the cloned database", target.db(), e);
            }
            // the copy is complete and not yet scrubbed: a kill here leaves the source's data in the incoming database
            dev.odoorelease.engine.internal.state.CrashPoints.reached("clone", "copied");
            beforeSwap.accept(new Incoming(plan.incomingDb(), incomingFs, snap, target));
            try (DatabaseAdmin admin = DatabaseAdmin.on(target.db())) {
                if (admin.exists(target.db().database())) {
                    admin.requireNoSessions(target.db().database(), drainTarget, "replace the data of " + target, progress);
                }
            }
            SwapJournal.swap(ctx, plan);
            Duration d = Duration.between(start, Instant.now());
            ctx.store().history().finish(historyId, "ok", Map.of("source", source.name(), "snapshot",
                    snap == null ? "live" : snap.id(), "method", method, "seconds", d.toMillis() / 1000.0));
            progress.info("Cloned " + source.name() + " into " + target.name() + " in " + Sizes.human(d)
                    + "; previous data kept as database " + plan.replacedDb());
            return new CloneResult(ctx.operationId(), source.name(), target.name(), snap == null ? null : snap.id(), live, method,
                    plan.replacedDb(),
                    plan.replacedFs().toString(), files.files(), d);
        } catch (RuntimeException e) {
            throw dev.odoorelease.engine.internal.SecondaryFailures.after(e, () -> SwapJournal.abandon(ctx, plan, String.valueOf(e.getMessage())),
                    () -> ctx.store().history().finish(historyId, "failed", Map.of("source", source.name(), "error",
                            String.valueOf(e.getMessage()))));
        }
    }

    /**
     * Every way but a template copy builds the copy with pg_restore (a dump's restore, a streamed copy's schema), which
     * creates the source's extensions and event triggers in a new database: refused before anything changes when the role
     * that does it (the target's; the source's too where a dump snapshot is read on the source's server) may not create
     * one of them.
     */
    private void requireRestorable(Snapshot snap, boolean live) {
        if (!live && snap.kind() == SnapshotKind.TEMPLATE && streamTransform == null) {
            progress.info("  template copy on the server: the snapshot's extensions and event triggers are copied with it, "
                    + "none is created");
            return;
        }
        String whatFor = "clone " + source.name() + " into " + target.name();
        String instead = "Clone from a template snapshot on the same server (a server-side copy creates nothing), drop "
                + "the extension or event trigger from " + source.name() + "'s database if nothing uses it, or give the role "
                + "the right to create it.";
        DbTarget targetState = target.db().withDatabase(target.stateDatabase());
        if (live || snap.kind() == SnapshotKind.TEMPLATE) {
            // a template snapshot cannot be read while it refuses connections: its live database holds the same
            RestorePrivileges.requireCreatable(targetState, RestorePrivileges.ofDatabase(source.db()), whatFor, instead, progress);
            return;
        }
        Path dump = Path.of(snap.location()).resolve("db");
        if (streamTransform != null) {
            RestorePrivileges.requireForDump(source.db().withDatabase(source.stateDatabase()), dump, whatFor, instead, progress);
        }
        RestorePrivileges.requireForDump(targetState, dump, whatFor, instead, progress);
    }

    private String copyDatabase(Snapshot snap, String incomingDb) {
        try (DatabaseAdmin admin = DatabaseAdmin.on(target.db())) {
            if (snap.kind() == SnapshotKind.TEMPLATE) {
                if (!source.db().sameServer(target.db()) || !source.db().user().equals(target.db().user())) {
                    throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to clone " + source.name() + " into "
                            + target.name() + " from template snapshot " + snap.id() + ": a template snapshot can only be copied "
                            + "on its own server by its own role. Clone from the live environment (from: live) instead.");
                }
                progress.info("  template copy of snapshot database " + snap.databaseName());
                admin.copy(snap.databaseName(), incomingDb);
                return "template-copy";
            }
            admin.createEmpty(incomingDb);
            PgTools tools = PgTools.forServer(admin.serverMajor());
            progress.info("  pg_restore of dump snapshot " + snap.id() + " into " + target.db().server() + " (" + target.jobs()
                    + " jobs)");
            ProcessResult r = tools.run(tools.pgRestore(), target.db(), List.of("--dbname", incomingDb, "--jobs",
                    String.valueOf(target.jobs()), "--no-owner", "--no-privileges", "--exit-on-error",
                    Path.of(snap.location()).resolve("db").toString()), Duration.ofHours(12), source.db().password());
            if (!r.ok()) {
                throw PgDumpErrors.map("restore snapshot " + snap.id() + " into " + incomingDb, target, r);
            }
            return "pg_restore";
        }
    }
}
