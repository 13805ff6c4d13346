package dev.odoorelease.engine.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotStatus;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import dev.odoorelease.engine.internal.filestore.Folders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.RestoreResult;
import dev.odoorelease.engine.result.SnapshotResult;

class SnapshotRestoreIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("snapshots");

    @TempDir
    Path dataDir;

    @Test
    void aFailureWhileRecordingTheHistoryNeverHidesWhyAnOperationFailed() throws Exception {
        PgServer pg = PG.server();
        Path data = dataDir.resolve("history");
        Environment env = MiniOdoo.create(pg, "hist_prod", data, 3, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        new SnapshotCommand(env).call(); // creates the state database
        // the history cannot take a failed entry any more (a full disk, a broken state database: its own error)
        pg.superExecute(env.stateDatabase(), "ALTER TABLE history ADD CONSTRAINT history_test_no_failed CHECK (result IS DISTINCT FROM 'failed')");
        Folders.deleteTree(env.filestore());

        assertThatThrownBy(() -> new SnapshotCommand(env).call())
                .as("the snapshot's own failure, not the history's")
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("filestore")
                .hasMessageNotContaining("history_test_no_failed")
                .satisfies(e -> assertThat(e.getSuppressed()).as("the history failure is kept as secondary")
                        .anySatisfy(s -> assertThat(s).hasMessageContaining("record the end of an operation")));
    }

    @Test
    void templateSnapshotIsVerifiedHiddenAndRestoredByRenameKeepingTheReplacedData() throws Exception {
        PgServer pg = PG.server();
        Environment env = MiniOdoo.create(pg, "tpl_prod", dataDir, 40, EnvironmentKind.PRODUCTION, SnapshotKind.TEMPLATE);
        List<String> progress = new ArrayList<>();

        SnapshotResult snap = new SnapshotCommand(env).label("before change").progress(progress::add).call();

        Snapshot s = snap.snapshot();
        assertThat(s.status()).isEqualTo(SnapshotStatus.VERIFIED);
        assertThat(s.manifest().odooSeries()).isEqualTo("17.0");
        assertThat(s.manifest().modules()).containsEntry("base", "17.0.1.3").doesNotContainKey("crm");
        assertThat(s.manifest().attachments()).isEqualTo(40);
        assertThat(s.manifest().filestoreFiles()).isEqualTo(40);
        assertThat(progress).anyMatch(l -> l.contains("verified"));
        try (Connection c = pg.superConnect("postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '" + s.databaseName() + "'")) {
            assertThat(rs.next()).as("snapshot database exists").isTrue();
            assertThat(rs.getBoolean(1)).as("snapshot database closed to connections (immutable, hidden from Odoo)").isFalse();
        }
        Path linked = Path.of(s.location()).resolve("filestore");
        Path someFile;
        try (var files = Files.walk(env.filestore())) {
            someFile = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        assertThat(Files.isSameFile(someFile, linked.resolve(env.filestore().relativize(someFile))))
                .as("filestore snapshot made of hard links").isTrue();

        // change the environment: rows, a module, a new file
        try (Connection c = pg.connect("tpl_prod"); Statement st = c.createStatement()) {
            st.execute("DELETE FROM res_partner WHERE id > 100; UPDATE ir_module_module SET latest_version = '17.0.2.0' WHERE name = 'mail'");
        }
        Files.writeString(env.filestore().resolve("zz-new-file"), "added after the snapshot");

        RestoreResult restored = new RestoreCommand(env).snapshot(s.id()).call();

        assertThat(MiniOdoo.count(pg, "tpl_prod", "SELECT count(*) FROM res_partner")).isEqualTo(500);
        assertThat(MiniOdoo.count(pg, "tpl_prod", "SELECT count(*) FROM ir_module_module WHERE latest_version = '17.0.1.15'")).isEqualTo(1);
        assertThat(env.filestore().resolve("zz-new-file")).doesNotExist();
        assertThat(MiniOdoo.count(pg, restored.replacedDatabase(), "SELECT count(*) FROM res_partner"))
                .as("the replaced database is kept until confirmed").isEqualTo(100);
        assertThat(Path.of(restored.replacedFilestore()).resolve("zz-new-file")).exists();
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.snapshots().find(s.id()).orElseThrow().status()).isEqualTo(SnapshotStatus.RESTORED);
        }

        new DiscardReplacedCommand(env, restored.operationId()).call();
        try (Connection c = pg.superConnect("postgres"); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + restored.replacedDatabase() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        assertThat(Path.of(restored.replacedFilestore())).doesNotExist();
    }

    @Test
    void templateSnapshotRefusesWhileOdooIsConnected() throws Exception {
        PgServer pg = PG.server();
        Environment env = MiniOdoo.create(pg, "busy_db", dataDir, 3, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        try (Connection odoo = pg.connect("busy_db")) {
            assertThatThrownBy(() -> new SnapshotCommand(env).call())
                    .isInstanceOf(OdooReleaseException.class)
                    .hasMessageContaining("Unable to take a template snapshot")
                    .hasMessageContaining("connected to database busy_db")
                    .hasMessageContaining("Stop the environment's Odoo first")
                    .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.PRECONDITION));
        }
        try (StateStore store = StateStore.open(env)) {
            List<Snapshot> list = store.snapshots().list(env.name(), false);
            assertThat(list).hasSize(1);
            assertThat(list.get(0).status()).as("the refused snapshot is recorded as failed").isEqualTo(SnapshotStatus.FAILED);
        }
    }

    @Test
    void dumpSnapshotRunsOnlineAndRestoresIntoANewDatabase() throws Exception {
        PgServer pg = PG.server();
        Environment env = MiniOdoo.create(pg, "dump_prod", dataDir, 25, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Snapshot s;
        try (Connection odoo = pg.connect("dump_prod")) {
            // a running Odoo is no obstacle to a dump snapshot
            s = new SnapshotCommand(env).call().snapshot();
        }
        assertThat(s.kind()).isEqualTo(SnapshotKind.DUMP);
        assertThat(s.manifest().dumpChecksums()).containsKey("toc.dat");
        assertThat(Path.of(s.location()).resolve("manifest.json")).exists();
        assertThat(s.manifest().filestoreFiles()).isEqualTo(25);

        try (Connection c = pg.connect("dump_prod"); Statement st = c.createStatement()) {
            st.execute("TRUNCATE res_partner");
        }
        RestoreResult r = new RestoreCommand(env).call();
        assertThat(r.snapshotId()).isEqualTo(s.id());
        assertThat(MiniOdoo.count(pg, "dump_prod", "SELECT count(*) FROM res_partner")).isEqualTo(500);
        assertThat(MiniOdoo.count(pg, "dump_prod", "SELECT count(*) FROM ir_attachment")).isEqualTo(25);
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.snapshots().find(s.id()).orElseThrow().status())
                    .as("a dump snapshot stays usable after a restore").isEqualTo(SnapshotStatus.VERIFIED);
        }
    }

    /**
     * A dump altered after it was verified (a tampered or damaged file) is refused before anything changes: it was
     * restored with exit 0. Each kind of change: a file's bytes, a file removed, a file added.
     */
    @Test
    void aTamperedDumpIsRefusedBeforeAnythingChanges() throws Exception {
        PgServer pg = PG.server();
        Environment env = MiniOdoo.create(pg, "tamper_prod", dataDir, 5, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Snapshot s = new SnapshotCommand(env).call().snapshot();
        try (Connection c = pg.connect("tamper_prod"); Statement st = c.createStatement()) {
            st.execute("DELETE FROM res_partner WHERE id % 2 = 0");
        }
        long partners = MiniOdoo.count(pg, "tamper_prod", "SELECT count(*) FROM res_partner");
        long databases = MiniOdoo.count(pg, "postgres", "SELECT count(*) FROM pg_database");
        int history;
        try (StateStore store = StateStore.open(env)) {
            history = store.history().recent(env.name(), 1000).size();
        }
        Path db = Path.of(s.location()).resolve("db");
        Path data = java.nio.file.Files.list(db).filter(f -> f.getFileName().toString().endsWith(".dat.gz")
                || f.getFileName().toString().matches("\\d+\\.dat.*")).findFirst().orElseThrow();
        byte[] original = java.nio.file.Files.readAllBytes(data);

        java.nio.file.Files.write(data, java.util.Arrays.copyOf(original, original.length + 1)); // one byte more
        assertRefused(env, s, data.getFileName() + " (SHA-256 ");
        java.nio.file.Files.delete(data);
        assertRefused(env, s, data.getFileName() + " (missing)");
        java.nio.file.Files.write(data, original);
        java.nio.file.Files.writeString(db.resolve("9999.dat"), "COPY public.res_partner FROM stdin;\n");
        assertRefused(env, s, "9999.dat (not in the dump when it was taken)");

        assertThat(MiniOdoo.count(pg, "tamper_prod", "SELECT count(*) FROM res_partner")).as("nothing restored").isEqualTo(partners);
        assertThat(MiniOdoo.count(pg, "postgres", "SELECT count(*) FROM pg_database")).as("no database created").isEqualTo(databases);
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.history().recent(env.name(), 1000)).as("nothing recorded").hasSize(history);
            assertThat(store.snapshots().find(s.id()).orElseThrow().status()).isEqualTo(SnapshotStatus.VERIFIED);
        }
        // put back as it was, the same dump restores
        java.nio.file.Files.delete(db.resolve("9999.dat"));
        assertThat(new RestoreCommand(env).snapshot(s.id()).call().snapshotId()).isEqualTo(s.id());
        assertThat(MiniOdoo.count(pg, "tamper_prod", "SELECT count(*) FROM res_partner")).isGreaterThan(partners);
    }

    private static void assertRefused(Environment env, Snapshot s, String what) {
        assertThatThrownBy(() -> new RestoreCommand(env).snapshot(s.id()).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.VERIFICATION))
                .hasMessageContaining("Unable to restore").hasMessageContaining("(nothing changed)").hasMessageContaining(what);
    }

    @Test
    void missingFilestoreIsAClearError() throws Exception {
        PgServer pg = PG.server();
        Environment env = MiniOdoo.create(pg, "nofs_db", dataDir, 2, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        dev.odoorelease.engine.internal.filestore.Folders.deleteTree(env.filestore());
        assertThatThrownBy(() -> new SnapshotCommand(env).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("filestore")
                .hasMessageContaining("does not exist");
    }
}
