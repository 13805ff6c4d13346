package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreCheck;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.SnapshotManifest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The {@code template} kind: a server-side copy of the database ({@code CREATE DATABASE … TEMPLATE …
 * STRATEGY FILE_COPY}), which needs the database to have no other session (the environment's Odoo is
 * stopped, as deploys do), plus a hard-link copy of the filestore. The snapshot database is then
 * closed to connections: immutable, and invisible in Odoo's database list.
 */
final class TemplateSnapshot {
    private final Environment env;
    private final String id;
    private final String snapDb;
    private final Path location;
    private final boolean drain;
    private final String image;
    private final String commit;
    private final ProgressListener progress;

    TemplateSnapshot(Environment env, String id, String snapDb, Path location, boolean drain, String image, String commit,
                     ProgressListener progress) {
        this.env = env;
        this.id = id;
        this.snapDb = snapDb;
        this.location = location;
        this.drain = drain;
        this.image = image;
        this.commit = commit;
        this.progress = progress;
    }

    SnapshotManifest take() {
        SnapshotCommand.requireFilestore(env);
        String db = env.db().database();
        Map<String, String> sourceModules;
        long sourceAttachments;
        try (Connection c = Pg.connect(env.db())) {
            sourceModules = OdooDatabase.installedModules(c);
            sourceAttachments = OdooDatabase.attachmentFiles(c);
        } catch (SQLException e) {
            throw Pg.sqlError("read database " + db + " (is it an Odoo database?)", env.db(), e);
        }
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            for (int attempt = 1; ; attempt++) {
                admin.requireNoSessions(db, drain, "take a template snapshot of " + env, progress);
                try {
                    progress.info("  copying database " + db + " on the server (template copy)");
                    admin.copy(db, snapDb);
                    break;
                } catch (OdooReleaseException e) {
                    // a client reconnected between the check and the copy
                    if (e.errorCode() != ErrorCode.PRECONDITION || attempt >= 3) {
                        throw e;
                    }
                }
            }
        }
        FilestoreCopier.Result copiedFiles = SnapshotCommand.copyFilestore(env, location.resolve("filestore"), progress);
        SnapshotManifest manifest;
        try (Connection c = Pg.connect(env.db(), snapDb)) {
            FilestoreCheck.Result check = FilestoreCheck.require(c, location.resolve("filestore"), env.maxMissingFiles(),
                    "verify snapshot " + id);
            // the copier walked the whole source folder: its counts are the source's and the copy's
            FilestoreStats copied = new FilestoreStats(copiedFiles.files(), copiedFiles.bytes());
            manifest = SnapshotCommand.manifest(c, env, id, SnapshotKind.TEMPLATE, image, commit, copied, check, null);
            verify(manifest, sourceModules, sourceAttachments);
        } catch (SQLException e) {
            throw Pg.sqlError("verify snapshot database " + snapDb, env.db(), e);
        }
        try (DatabaseAdmin admin = DatabaseAdmin.on(env.db())) {
            admin.allowConnections(snapDb, false);
        }
        return manifest;
    }

    private void verify(SnapshotManifest m, Map<String, String> modules, long attachments) {
        if (!m.modules().equals(modules) || m.attachments() != attachments) {
            throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to verify snapshot " + id + " of " + env
                    + ": the copy differs from the source (modules " + m.modules().size() + " vs " + modules.size()
                    + ", attachments " + m.attachments() + " vs " + attachments + "). Was the database changed during the copy?");
        }
    }
}
