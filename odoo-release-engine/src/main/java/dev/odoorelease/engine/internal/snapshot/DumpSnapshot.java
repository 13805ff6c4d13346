package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.PgTools;
import dev.odoorelease.engine.internal.db.Transactions;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreCheck;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.internal.state.Json;
import dev.odoorelease.engine.result.SnapshotManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The {@code dump} kind, online: one exported MVCC snapshot ({@code pg_export_snapshot()}) is held
 * open while {@code pg_dump -Fd -j N --snapshot=…} dumps it and the filestore is copied; the
 * attachment list checked against the copied filestore is read in that same snapshot, so database
 * and files describe one point in time. Production keeps running.
 *
 * <p>Layout of the snapshot folder: {@code db/} (pg_dump directory format), {@code filestore/},
 * {@code manifest.json}.
 */
final class DumpSnapshot {
    /** gzip level 1: most of pg_dump's time is compression; level 1 keeps most of the gain. */
    static final int COMPRESSION = Integer.getInteger("odoorelease.dump.compression", 1);

    private final Environment env;
    private final String id;
    private final Path location;
    private final String image;
    private final String commit;
    private final ProgressListener progress;

    DumpSnapshot(Environment env, String id, Path location, String image, String commit, ProgressListener progress) {
        this.env = env;
        this.id = id;
        this.location = location;
        this.image = image;
        this.commit = commit;
        this.progress = progress;
    }

    SnapshotManifest take() {
        SnapshotCommand.requireFilestore(env);
        if (Files.exists(location)) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to write snapshot " + id + ": " + location
                    + " already exists.");
        }
        try {
            Files.createDirectories(location);
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to create snapshot folder " + location + ": " + e.getMessage()
                    + ". Check the environment's snapshot store.", e);
        }
        try (Connection c = Pg.connect(env.db())) {
            String snapshotName = Transactions.exportSnapshot(c);
            int major = OdooDatabase.serverMajor(c);
            PgTools tools = PgTools.forServer(major);
            progress.info("  dumping database " + env.db().database() + " (pg_dump " + tools.major() + ", " + env.jobs()
                    + " jobs) while copying the filestore");
            CompletableFuture<ProcessResult> dump = CompletableFuture.supplyAsync(() -> dump(tools, snapshotName));
            FilestoreCopier.Result copied;
            try {
                copied = SnapshotCommand.copyFilestore(env, location.resolve("filestore"), progress);
            } catch (RuntimeException e) {
                dump.cancel(true);
                throw e;
            }
            ProcessResult r = dump.get();
            if (!r.ok()) {
                throw PgDumpErrors.map("dump database " + env.db().database(), env, r);
            }
            FilestoreCheck.Result check = FilestoreCheck.require(c, location.resolve("filestore"), env.maxMissingFiles(),
                    "verify snapshot " + id);
            Map<String, String> checksums = Checksums.ofFolder(location.resolve("db"));
            SnapshotManifest m = SnapshotCommand.manifest(c, env, id, SnapshotKind.DUMP, image, commit,
                    new FilestoreStats(copied.files(), copied.bytes()), check, checksums);
            long dumpBytes = Checksums.folderSize(location.resolve("db"));
            m = new SnapshotManifest(m.id(), m.environment(), m.kind(), m.createdAt(), m.database(), m.postgresVersion(),
                    m.odooSeries(), m.modules(), m.image(), m.commit(), m.databaseBytes(), dumpBytes, m.filestoreBytes(), m.filestoreFiles(),
                    m.attachments(), m.missingFiles(), m.dumpChecksums());
            c.commit();
            Files.writeString(location.resolve("manifest.json"), Json.write(m));
            return m;
        } catch (SQLException e) {
            throw Pg.sqlError("take a consistent snapshot of " + env.db().database(), env.db(), e);
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to write the manifest of snapshot " + id + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted during snapshot " + id + "; it is discarded.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private ProcessResult dump(PgTools tools, String snapshotName) {
        return tools.run(tools.pgDump(), env.db(), List.of("--format", "directory", "--jobs", String.valueOf(env.jobs()),
                "--compress", String.valueOf(COMPRESSION), "--snapshot", snapshotName, "--file", location.resolve("db").toString(),
                env.db().database()), Duration.ofHours(12));
    }
}
