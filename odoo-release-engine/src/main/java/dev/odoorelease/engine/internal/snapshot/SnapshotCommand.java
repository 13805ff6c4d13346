package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreCheck;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import dev.odoorelease.engine.result.SnapshotResult;

/**
 * Takes a snapshot of an environment: its database and its filestore, from one point in time,
 * verified, recorded in the catalog with a manifest. See {@link SnapshotKind} for the two kinds.
 *
 * <pre>{@code
 * SnapshotResult r = new SnapshotCommand(env).kind(SnapshotKind.DUMP).label("nightly").progress(p).call();
 * }</pre>
 */
public final class SnapshotCommand {
    private final Environment env;
    private SnapshotKind kind;
    private String label;
    private boolean drainSessions;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private ProgressListener progress = ProgressListener.NONE;
    private String image;
    private String commit;

    public SnapshotCommand(Environment env) {
        this.env = env;
        this.kind = env.snapshotKind();
    }

    public SnapshotCommand kind(SnapshotKind k) {
        this.kind = k == null ? env.snapshotKind() : k;
        return this;
    }

    public SnapshotCommand label(String l) {
        this.label = l;
        return this;
    }

    /** Template kind only: terminate other sessions of the database instead of refusing. */
    public SnapshotCommand drainSessions(boolean drain) {
        this.drainSessions = drain;
        return this;
    }

    public SnapshotCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public SnapshotCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /** The deployed image and commit, recorded in the manifest when known. */
    public SnapshotCommand deployed(String image, String commit) {
        this.image = image;
        this.commit = commit;
        return this;
    }

    public SnapshotResult call() {
        try (OperationContext ctx = OperationContext.open(env, "snapshot", lockTimeout, progress)) {
            return take(ctx);
        }
    }

    /** Takes the snapshot inside an operation that already holds the environment's lock (deploys). */
    public SnapshotResult take(OperationContext ctx) {
        Instant start = Instant.now();
        String id = OperationIds.newId();
        if (kind == SnapshotKind.TEMPLATE) {
            requireTemplateCopy(env, drainSessions, "take a template snapshot of " + env, progress);
        }
        long historyId = ctx.store().history().start(env.name(), "snapshot-" + kind.id(), ctx.operationId());
        String snapDb = kind == SnapshotKind.TEMPLATE ? "ors_snap_" + OperationIds.forDatabase(id) : null;
        Path location = kind == SnapshotKind.TEMPLATE
                ? env.workDir().resolve("snapshots").resolve(id)
                : env.snapshotStore().resolve(env.name()).resolve(id);
        ctx.store().snapshots().insertCreating(id, env.name(), kind, label, snapDb, location.toString(), ctx.operationId());
        progress.info("Snapshot " + id + " of " + env + " (" + kind.id() + ")");
        try {
            SnapshotManifest manifest = kind == SnapshotKind.TEMPLATE
                    ? new TemplateSnapshot(env, id, snapDb, location, drainSessions, image, commit, progress).take()
                    : new DumpSnapshot(env, id, location, image, commit, progress).take();
            long size = (kind == SnapshotKind.DUMP ? manifest.dumpBytes() : manifest.databaseBytes()) + manifest.filestoreBytes();
            ctx.store().snapshots().markVerified(id, manifest, size);
            Duration d = Duration.between(start, Instant.now());
            ctx.store().history().finish(historyId, "ok", Map.of("snapshot", id, "kind", kind.id(), "seconds", d.toMillis() / 1000.0));
            progress.info("Snapshot " + id + " verified: database " + Sizes.human(manifest.databaseBytes()) + ", filestore "
                    + manifest.filestoreFiles() + " files / " + Sizes.human(manifest.filestoreBytes()) + ", in " + Sizes.human(d));
            Snapshot s = ctx.store().snapshots().find(id).orElseThrow();
            return new SnapshotResult(s, d);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw dev.odoorelease.engine.internal.SecondaryFailures.after(e, () -> discard(snapDb, location),
                    () -> ctx.store().snapshots().markFailed(id, msg),
                    () -> ctx.store().history().finish(historyId, "failed", Map.of("snapshot", id, "error", msg)));
        }
    }

    private void discard(String snapDb, Path location) {
        try {
            if (snapDb != null) {
                try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
                    admin.dropIfExists(snapDb);
                }
            }
            Folders.deleteSnapshotFolder(location);
        } catch (RuntimeException cleanup) {
            progress.warn("could not remove the partial snapshot (" + cleanup.getMessage() + "); the next operation cleans it up");
        }
    }

    /** Reads the manifest facts of a database through an open connection. */
    static SnapshotManifest manifest(Connection c, Environment env, String id, SnapshotKind kind, String image, String commit,
                                     FilestoreStats files, FilestoreCheck.Result check, Map<String, String> checksums)
            throws SQLException {
        Map<String, String> modules = OdooDatabase.installedModules(c);
        return new SnapshotManifest(id, env.name(), kind.id(), Instant.now().toString(), env.db().database(),
                OdooDatabase.serverVersion(c), OdooDatabase.series(modules), modules, image, commit,
                OdooDatabase.databaseSize(c, c.getCatalog()), 0L, files.bytes(), files.files(), OdooDatabase.attachmentFiles(c),
                check == null ? 0 : check.missing(), checksums);
    }

    /**
     * A template snapshot is a server-side copy of a database no other session may use: refused before anything changes
     * when the role may not make the copy, or (with {@code drain}) may not end one of the sessions it would have to end.
     */
    public static void requireTemplateCopy(Environment env, boolean drain, String whatFor, ProgressListener progress) {
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            if (drain) {
                admin.requireEndableSessions(env.db().database(), whatFor);
            }
            admin.requireCopyable(env.db().database(), whatFor, "Use dump snapshots for this "
                    + "environment (snapshots: kind: dump; online, as any role that can read the tables), or make role "
                    + env.db().user() + " the owner: ALTER DATABASE " + env.db().database() + " OWNER TO " + env.db().user() + ".",
                    progress);
        }
    }

    static void requireFilestore(Environment env) {
        if (!Files.isDirectory(env.filestore())) {
            throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to snapshot " + env + ": its filestore "
                    + env.filestore() + " does not exist. Check the environment's data directory (Odoo's data_dir); "
                    + "the filestore folder is named after the database.");
        }
    }

    static FilestoreCopier.Result copyFilestore(Environment env, Path target, ProgressListener progress) {
        FilestoreCopier.Result r = FilestoreCopier.from(env.filestore(), target).threads(env.jobs()).progress(progress).copy();
        progress.info("  filestore: " + r.files() + " files " + (r.linked() ? "hard-linked" : "copied") + " ("
                + Sizes.human(r.bytes()) + ")");
        return r;
    }
}
