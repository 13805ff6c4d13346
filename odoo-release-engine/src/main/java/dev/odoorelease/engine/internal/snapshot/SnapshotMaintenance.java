package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreCheck;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotManifest;
import dev.odoorelease.engine.result.SnapshotStatus;
import dev.odoorelease.engine.internal.state.SnapshotLease;
import dev.odoorelease.engine.internal.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.result.JournalEntry;

/**
 * List, verify, delete and retention of an environment's snapshots. Verification failures mark a
 * snapshot {@code failed} so it is never used; deletion refuses a snapshot that a running operation
 * depends on (pinned); retention keeps the newest N verified snapshots of each kind.
 */
public final class SnapshotMaintenance {
    private final Environment env;
    private ProgressListener progress = ProgressListener.NONE;
    private Duration lockTimeout = Duration.ofMinutes(10);

    public SnapshotMaintenance(Environment env) {
        this.env = env;
    }

    public SnapshotMaintenance progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public SnapshotMaintenance lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    /** Snapshots of the environment, newest first (no lock needed: read-only). */
    public List<Snapshot> list(boolean includeDeleted) {
        try (StateStore store = StateStore.open(env)) {
            return store.snapshots().list(env.name(), includeDeleted);
        }
    }

    /** Re-checks a verified snapshot against its manifest; returns the problems found (empty = still good). */
    public List<String> verify(String id) {
        try (OperationContext ctx = OperationContext.open(env, "verify-snapshot", lockTimeout, progress)) {
            Snapshot s = find(ctx, id);
            if (s.status() != SnapshotStatus.VERIFIED) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to verify snapshot " + id + ": its status is "
                        + s.status().id() + ".");
            }
            List<String> problems = s.kind() == SnapshotKind.TEMPLATE ? verifyTemplate(s) : verifyDump(s);
            if (!problems.isEmpty()) {
                ctx.store().snapshots().markFailed(id, "verification failed: " + String.join("; ", problems));
                progress.warn("Snapshot " + id + " failed verification and will never be used: " + String.join("; ", problems));
            } else {
                progress.info("Snapshot " + id + " verified");
            }
            return problems;
        }
    }

    private List<String> verifyTemplate(Snapshot s) {
        List<String> problems = new ArrayList<>();
        SnapshotManifest m = s.manifest();
        Path fs = Path.of(s.location()).resolve("filestore");
        FilestoreStats stats = FilestoreStats.of(fs);
        if (stats.files() != m.filestoreFiles() || stats.bytes() != m.filestoreBytes()) {
            problems.add("filestore has " + stats.files() + " files / " + stats.bytes() + " bytes, manifest says "
                    + m.filestoreFiles() + " / " + m.filestoreBytes());
        }
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            if (!admin.exists(s.databaseName())) {
                problems.add("snapshot database " + s.databaseName() + " is missing");
                return problems;
            }
            admin.allowConnections(s.databaseName(), true);
            try (Connection c = Pg.connect(env.db(), s.databaseName())) {
                Map<String, String> modules = OdooDatabase.installedModules(c);
                if (!modules.equals(m.modules())) {
                    problems.add("installed modules differ from the manifest");
                }
                FilestoreCheck.Result check = FilestoreCheck.run(c, fs);
                if (check.missing() > m.missingFiles()) {
                    problems.add(check.missing() + " attachment files missing from the filestore copy");
                }
            } catch (SQLException e) {
                problems.add("cannot read the snapshot database: " + e.getMessage());
            } finally {
                admin.allowConnections(s.databaseName(), false);
            }
        }
        return problems;
    }

    private List<String> verifyDump(Snapshot s) {
        return DumpIntegrity.problems(s);
    }

    /** Deletes one snapshot (its database and folder); refuses one a running operation depends on. */
    public void delete(String id) {
        try (OperationContext ctx = OperationContext.open(env, "delete-snapshot", lockTimeout, progress)) {
            Snapshot s = find(ctx, id);
            if (!deleteUnlessLeased(ctx, s)) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to delete snapshot " + s.id() + " of " + env.name()
                        + ": it is in use by " + String.join(", ", SnapshotLease.holders(ctx.store(), s.id()))
                        + ". Wait for it to finish; nothing was deleted.");
            }
        }
    }

    /** Keeps the newest {@link Environment#keepSnapshots()} verified snapshots of each kind; returns the deleted ids. */
    public List<String> applyRetention() {
        try (OperationContext ctx = OperationContext.open(env, "retention", lockTimeout, progress)) {
            return applyRetention(ctx);
        }
    }

    /** Retention inside an operation that holds the lock (deploys apply it after success). */
    public List<String> applyRetention(OperationContext ctx) {
        List<String> deleted = new ArrayList<>();
        for (SnapshotKind kind : SnapshotKind.values()) {
            int kept = 0;
            for (Snapshot s : ctx.store().snapshots().list(env.name(), false)) {
                if (s.kind() != kind || s.status() != SnapshotStatus.VERIFIED) {
                    continue;
                }
                if (kept < env.keepSnapshots() || s.pinnedBy() != null) {
                    kept++;
                    continue;
                }
                if (!deleteUnlessLeased(ctx, s)) {
                    progress.info("Retention keeps snapshot " + s.id() + " of " + env.name() + ": in use by "
                            + String.join(", ", SnapshotLease.holders(ctx.store(), s.id())));
                    kept++;
                    continue;
                }
                deleted.add(s.id());
            }
        }
        if (!deleted.isEmpty()) {
            progress.info("Retention deleted " + deleted.size() + " snapshot(s) of " + env.name() + ": " + deleted);
        }
        applyFailedCopiesRetention(ctx);
        return deleted;
    }

    /**
     * Keeps the newest {@link Environment#keepFailedCopies()} copies of data that failed deploys and rollbacks left (what
     * their rollback's restore replaced, {@code <operation>-restore}) and discards the older ones; returns the
     * operations whose copies were discarded. A copy the user kept by restoring by hand is never touched.
     */
    public List<String> applyFailedCopiesRetention(OperationContext ctx) {
        List<String> discarded = new ArrayList<>();
        int kept = 0;
        for (JournalEntry j : ctx.store().journal().keptReplacements(env.name())) {
            if (!j.operationId().endsWith("-restore")) {
                continue;
            }
            if (kept < env.keepFailedCopies()) {
                kept++;
                continue;
            }
            DiscardReplacedCommand.discard(ctx, j.operationId());
            discarded.add(j.operationId());
        }
        if (!discarded.isEmpty()) {
            progress.info("Retention discarded the data kept by " + discarded.size() + " failed deploy(s) or rollback(s) of " + env.name()
                    + " (keeping the newest " + env.keepFailedCopies() + "): " + discarded);
        }
        return discarded;
    }

    /**
     * Deletes the snapshot under the exclusive hold of its lease key, so that no clone can start reading it meanwhile; false,
     * and nothing deleted, when a running clone holds a lease on it ({@link SnapshotLease}).
     */
    private boolean deleteUnlessLeased(OperationContext ctx, Snapshot s) {
        if (!SnapshotLease.tryExclusive(ctx.store(), s.id())) {
            return false;
        }
        try {
            delete(ctx, s);
            return true;
        } finally {
            SnapshotLease.releaseExclusive(ctx.store(), s.id());
        }
    }

    private void delete(OperationContext ctx, Snapshot s) {
        if (s.pinnedBy() != null && !s.pinnedBy().equals(ctx.operationId())) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to delete snapshot " + s.id() + ": operation "
                    + s.pinnedBy() + " depends on it. Wait for it to finish.");
        }
        if (s.databaseName() != null) {
            try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
                admin.dropIfExists(s.databaseName());
            }
        }
        if (s.location() != null) {
            Folders.deleteSnapshotFolder(Path.of(s.location()));
        }
        ctx.store().snapshots().setStatus(s.id(), SnapshotStatus.DELETED);
        progress.info("Deleted snapshot " + s.id() + " of " + env.name());
    }

    private Snapshot find(OperationContext ctx, String id) {
        Snapshot s = ctx.store().snapshots().find(id).orElseThrow(() -> new OdooReleaseException(ErrorCode.NOT_FOUND,
                "Unable to find snapshot " + id + " of " + env.name() + ". List them with `odoo-release snapshots list "
                        + env.name() + "`."));
        if (!s.environment().equals(env.name())) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to use snapshot " + id + ": it belongs to environment "
                    + s.environment() + ", not " + env.name() + ".");
        }
        return s;
    }
}
