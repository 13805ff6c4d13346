package dev.odoorelease.engine.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.CloneResult;

class CloneIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("production");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("staging");

    @TempDir
    Path prodData;
    @TempDir
    Path stagingData;

    private Environment staging(String db) {
        PgServer s = STAGING.server();
        return Environment.builder("staging-" + db.replace('_', '-')).kind(EnvironmentKind.STAGING)
                .database(new DbTarget(s.host(), s.port(), db, PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(stagingData).jobs(2).build();
    }

    @Test
    void liveCloneAcrossServersReplacesTheTargetOnlyWhenComplete() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "live_prod", prodData, 30, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Environment stage = MiniOdoo.create(STAGING.server(), "live_stage", stagingData, 2, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        List<String> seenBeforeSwap = new ArrayList<>();
        try (Connection c = PROD.server().superConnect("live_prod"); Statement s = c.createStatement()) {
            // never called, but moved: their next values are 40 and 7, not their start value (pg_sequences says null)
            s.execute("CREATE SEQUENCE restarted_seq; ALTER SEQUENCE restarted_seq RESTART WITH 40; ALTER SEQUENCE restarted_seq OWNER TO odoo");
            s.execute("CREATE SEQUENCE set_uncalled_seq; SELECT setval('set_uncalled_seq', 7, false); "
                    + "ALTER SEQUENCE set_uncalled_seq OWNER TO odoo");
        }

        CloneResult r;
        try (Connection runningProdOdoo = PROD.server().connect("live_prod")) {
            r = new CloneCommand(prod, stage).from(CloneCommand.Source.LIVE)
                    .beforeSwap(in -> {
                        seenBeforeSwap.add(in.database());
                        try {
                            // the target still has its old data while the copy waits under a temporary name
                            assertThat(MiniOdoo.count(STAGING.server(), "live_stage", "SELECT count(*) FROM ir_attachment")).isEqualTo(2);
                            assertThat(MiniOdoo.count(STAGING.server(), in.database(), "SELECT count(*) FROM ir_attachment")).isEqualTo(30);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    })
                    .call();
        }
        assertThat(r.liveSnapshot()).isTrue();
        assertThat(r.method()).isEqualTo("stream-copy");
        assertThat(r.sourceSnapshotId()).as("a live clone records that it came from the live source").isNull();
        assertThat(seenBeforeSwap).singleElement().asString().startsWith("ors_cloning_");
        assertThat(MiniOdoo.count(STAGING.server(), "live_stage", "SELECT count(*) FROM ir_attachment")).isEqualTo(30);
        assertThat(MiniOdoo.count(STAGING.server(), "live_stage", "SELECT count(*) FROM res_partner")).isEqualTo(500);
        String indexes = "SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'";
        assertThat(MiniOdoo.count(STAGING.server(), "live_stage", indexes)).as("indexes and constraints rebuilt")
                .isEqualTo(MiniOdoo.count(PROD.server(), "live_prod", indexes)).isPositive();
        assertThat(MiniOdoo.count(STAGING.server(), "live_stage", "SELECT nextval('res_partner_id_seq')"))
                .as("sequences carried over").isGreaterThan(500);
        assertThat(MiniOdoo.count(STAGING.server(), "live_stage", "SELECT nextval('restarted_seq')"))
                .as("a restarted sequence never called carries its position").isEqualTo(40);
        assertThat(MiniOdoo.count(STAGING.server(), "live_stage", "SELECT nextval('set_uncalled_seq')")).isEqualTo(7);
        try (Connection c = STAGING.server().superConnect("postgres"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT datdba::regrole::text FROM pg_database WHERE datname = 'live_stage'")) {
            rs.next();
            assertThat(rs.getString(1)).as("the clone is owned by the target's Odoo role").isEqualTo("odoo");
        }
        try (var files = Files.walk(stage.filestore())) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(30);
        }
        assertThat(MiniOdoo.count(STAGING.server(), r.replacedDatabase(), "SELECT count(*) FROM ir_attachment"))
                .as("previous staging kept until confirmed").isEqualTo(2);
    }

    @Test
    void cloneFromTheLatestDumpSnapshotRestoresItAcrossServers() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "dump_src", prodData, 7, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        String snap = new SnapshotCommand(prod).call().snapshot().id();
        try (Connection c = PROD.server().connect("dump_src"); Statement st = c.createStatement()) {
            st.execute("DELETE FROM res_partner WHERE id > 10"); // after the snapshot: not in the clone
        }
        CloneResult r = new CloneCommand(prod, staging("dump_dst"))
                .beforeSwap(in -> {
                    assertThatThrownBy(() -> new SnapshotMaintenance(prod).delete(snap))
                            .as("the snapshot a clone reads cannot be deleted meanwhile")
                            .hasMessageContaining("in use by clone to staging-dump-dst").hasMessageContaining("nothing was deleted");
                    // a second clone of the same snapshot, start to end, while this one runs: its end releases only its own hold
                    assertThat(new CloneCommand(prod, staging("dump_dst_b")).call().sourceSnapshotId()).isEqualTo(snap);
                    assertThatThrownBy(() -> new SnapshotMaintenance(prod).delete(snap))
                            .as("still held by the first clone once the second one is over")
                            .hasMessageContaining("in use by clone to staging-dump-dst");
                    // retention, with a newer snapshot making this one the oldest beyond keepSnapshots, keeps it too
                    Environment keepOne = prod.toBuilder().keepSnapshots(1).build();
                    new SnapshotCommand(keepOne).call();
                    assertThat(new SnapshotMaintenance(keepOne).applyRetention()).as("retention while a clone reads").doesNotContain(snap);
                })
                .call();
        assertThat(r.method()).isEqualTo("pg_restore");
        new SnapshotMaintenance(prod).delete(snap); // released once the clone is over
        assertThat(r.sourceSnapshotId()).isEqualTo(snap);
        assertThat(MiniOdoo.count(STAGING.server(), "dump_dst", "SELECT count(*) FROM res_partner")).isEqualTo(500);
        assertThat(MiniOdoo.count(STAGING.server(), "dump_dst", "SELECT count(*) FROM ir_attachment")).isEqualTo(7);
    }

    @Test
    void theDefaultCloneSkipsATemplateSnapshotTheTargetsServerCannotCopy() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "newest_tpl", prodData, 5, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        String dump = new SnapshotCommand(prod).kind(SnapshotKind.DUMP).call().snapshot().id();
        // what a deploy leaves behind: a template snapshot on production's server, now the newest one
        String template = new SnapshotCommand(prod).kind(SnapshotKind.TEMPLATE).call().snapshot().id();

        CloneResult r = new CloneCommand(prod, staging("newest_tpl_dst")).call();

        assertThat(r.sourceSnapshotId()).as("the newest snapshot staging's server can use, not template " + template).isEqualTo(dump);
        assertThat(r.method()).isEqualTo("pg_restore");
        assertThat(MiniOdoo.count(STAGING.server(), "newest_tpl_dst", "SELECT count(*) FROM ir_attachment")).isEqualTo(5);

        // with only template snapshots the refusal says which snapshot and what to do
        new SnapshotMaintenance(prod).delete(dump);
        assertThatThrownBy(() -> new CloneCommand(prod, staging("newest_tpl_dst2")).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("has only template snapshots (newest " + template + ")")
                .hasMessageContaining("--kind dump").hasMessageContaining("from: live")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void sameServerCloneFromATemplateSnapshotUsesATemplateCopy() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "tpl_src", prodData, 12, EnvironmentKind.PRODUCTION, SnapshotKind.TEMPLATE);
        PgServer s = PROD.server();
        Environment target = Environment.builder("tpl-copy").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(s.host(), s.port(), "tpl_copy", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(prodData).jobs(2).build();
        new SnapshotCommand(prod).call();

        CloneResult r = new CloneCommand(prod, target).call();

        assertThat(r.method()).isEqualTo("template-copy");
        assertThat(MiniOdoo.count(s, "tpl_copy", "SELECT count(*) FROM ir_attachment")).isEqualTo(12);
        assertThat(target.filestore()).isDirectory();
    }

    @Test
    void guardRailsRefuseProductionTargetsAndSelfClones() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "guard_prod", prodData, 1, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Environment otherProd = prod.toBuilder().database(prod.db().withDatabase("guard_other")).build();
        Environment prodAsStaging = Environment.builder("alias").kind(EnvironmentKind.STAGING).database(prod.db())
                .dataDir(prodData).build();

        assertThatThrownBy(() -> new CloneCommand(prodAsStaging, Environment.builder("p2").kind(EnvironmentKind.PRODUCTION)
                .database(otherProd.db()).dataDir(stagingData).build()).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("is a production environment")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.PRECONDITION));
        assertThatThrownBy(() -> new CloneCommand(prod, prodAsStaging).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("is the database of environment " + prod.name());
        assertThat(MiniOdoo.count(PROD.server(), "guard_prod", "SELECT count(*) FROM res_partner")).isEqualTo(500);
    }

    @Test
    void cloneFromAnEnvironmentWithoutSnapshotsSaysWhatToDo() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "nosnap_prod", prodData, 1, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        assertThatThrownBy(() -> new CloneCommand(prod, staging("nosnap_stage")).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("has no verified snapshot")
                .hasMessageContaining("from: live");
    }

    @Test
    void aCloneKilledBeforeItsSwapLeavesTheTargetIntactAndIsCleanedUpByTheNextRun() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "kill_prod", prodData, 20, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Environment stage = MiniOdoo.create(STAGING.server(), "kill_stage", stagingData, 3, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        String read = new SnapshotCommand(prod).call().snapshot().id();
        Path marker = stagingData.resolve("clone-waiting");

        // a separate JVM clones and blocks just before the swap; then it is killed with SIGKILL
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KilledCloneMain.class.getName(),
                PROD.server().host(), String.valueOf(PROD.server().port()), String.valueOf(STAGING.server().port()),
                prodData.toString(), stagingData.toString(), marker.toString())
                .redirectErrorStream(true).redirectOutput(stagingData.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(marker).as("child reached the swap point; log: %s", Files.readString(stagingData.resolve("child.log"))).exists();
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);

        assertThat(MiniOdoo.count(STAGING.server(), "kill_stage", "SELECT count(*) FROM ir_attachment"))
                .as("target untouched by the killed clone").isEqualTo(3);
        // the snapshot the killed clone read is not held for ever: retention and delete can have it
        try (StateStore store = StateStore.open(prod)) {
            assertThat(store.snapshots().find(read).orElseThrow().pinnedBy()).as("no pin left by the killed clone").isNull();
        }
        deleteOnceReleased(prod, read); // the server ends the dead clone's session a moment after the kill
        new SnapshotCommand(prod).call();
        String leftover;
        try (Connection c = STAGING.server().superConnect("postgres"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'ors_cloning_%'")) {
            assertThat(rs.next()).as("the killed clone left its temporary database").isTrue();
            leftover = rs.getString(1);
        }

        // the next operation on staging cleans up what the killed one provably left
        new CloneCommand(prod, stage).call();
        try (Connection c = STAGING.server().superConnect("postgres"); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + leftover + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("orphan temporary database dropped").isZero();
        }
        try (StateStore store = StateStore.open(stage)) {
            assertThat(store.journal().open(stage.name())).as("no open journal left").isEmpty();
        }
        assertThat(MiniOdoo.count(STAGING.server(), "kill_stage", "SELECT count(*) FROM ir_attachment")).isEqualTo(20);
        assertThat(stagingData.resolve(".odoo-release/tmp")).isEmptyDirectory();
    }

    /** Deletes the snapshot, waiting up to 30 s for the server to drop the session of a killed process that held it. */
    static void deleteOnceReleased(Environment env, String snapshot) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                new SnapshotMaintenance(env).delete(snapshot);
                return;
            } catch (OdooReleaseException e) {
                if (System.nanoTime() > deadline || !e.getMessage().contains("in use by")) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    /** Child process of the kill test: clones, then waits forever just before the swap. */
    public static final class KilledCloneMain {
        public static void main(String[] a) throws Exception {
            String host = a[0];
            Environment prod = Environment.builder("kill-prod").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget(host, Integer.parseInt(a[1]), "kill_prod", "odoo", "odoo")).dataDir(Path.of(a[3])).jobs(2).build();
            Environment stage = Environment.builder("kill-stage").kind(EnvironmentKind.STAGING)
                    .database(new DbTarget(host, Integer.parseInt(a[2]), "kill_stage", "odoo", "odoo")).dataDir(Path.of(a[4])).jobs(2).build();
            new CloneCommand(prod, stage).beforeSwap(in -> {
                try {
                    Files.writeString(Path.of(a[5]), in.database());
                    Thread.sleep(Long.MAX_VALUE);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).call();
        }
    }

}
