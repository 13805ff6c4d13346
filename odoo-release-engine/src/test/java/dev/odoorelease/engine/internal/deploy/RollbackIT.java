package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotStatus;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.result.RollbackResult;

/** Manual rollbacks and status with the real Docker engine, real PostgreSQL and the Odoo stand-in images. */
class RollbackIT extends DeployITBase {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("rollback");

    @Override
    PgServer pg() {
        return PG.server();
    }

    private RollbackCommand rollback() {
        return rollback(health);
    }

    private RollbackCommand rollback(HealthSettings h) {
        return new RollbackCommand(env, container, docker, h).build("RollbackIT").lockTimeout(Duration.ofSeconds(5));
    }

    private EnvironmentStatus status() {
        return new StatusCommand(env, container, docker).call();
    }

    private Snapshot snapshot(String id) {
        try (StateStore st = StateStore.open(env)) {
            return st.snapshots().find(id).orElseThrow();
        }
    }

    @Test
    void aRollbackToPreviousPutsBackTheDataAndImageFromBeforeTheDeployAndIsItselfReversible() throws Exception {
        production("rb_prev_db", SnapshotKind.TEMPLATE);
        Map<String, String> beforeDeploy = stableChecksums();
        String v2 = image(StandInImage.Variant.GOOD, "rbprev");
        DeployResult deployed = deploy(v2, "all").call();
        assertThat(deployed.outcome()).as(String.valueOf(deployed.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        Map<String, String> afterDeploy = stableChecksums();
        assertThat(afterDeploy).as("the update changed the data").isNotEqualTo(beforeDeploy);

        EnvironmentStatus s = status();
        assertThat(s.deployed().orElseThrow().image()).isEqualTo(v2);
        assertThat(s.deployed().orElseThrow().snapshotId()).isEqualTo(deployed.snapshotId());
        assertThat(s.containerState()).startsWith("running").contains(v2);
        assertThat(s.runningImage()).isEqualTo(v2);
        assertThat(s.snapshots()).extracting(Snapshot::id).contains(deployed.snapshotId());
        assertThat(s.recentHistory()).as("steps of operations (their snapshots) are left out").extracting(HistoryEntry::operation)
                .containsOnly("deploy");
        assertThat(s.recentHistory().get(0).result()).isEqualTo("deployed");
        assertThat(s.interrupted()).isEmpty();

        List<String> log = new ArrayList<>();
        RollbackResult r = rollback().progress(log::add).call();

        assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.failures()).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
        assertThat(r.succeeded()).isTrue();
        assertThat(r.snapshotId()).as("previous = the deploy's snapshot").isEqualTo(deployed.snapshotId());
        assertThat(r.targetImage()).isEqualTo(v1);
        assertThat(r.image()).isEqualTo(v1);
        assertThat(r.previousImage()).isEqualTo(v2);
        assertThat(runningImage()).as("the old version runs again").isEqualTo(v1);
        assertThat(stableChecksums()).as("database and filestore equal to before the deploy, table by table").containsExactlyInAnyOrderEntriesOf(beforeDeploy);
        assertThat(r.healthSummary()).isNotBlank();
        assertThat(r.phaseMillis()).containsKeys("lock", "plan", "stop", "snapshot", "restore", "start", "health", "total");
        assertThat(r.downtimeMillis()).isPositive();
        assertThat(snapshot(r.safetySnapshotId()).status()).as("safety snapshot").isEqualTo(SnapshotStatus.VERIFIED);
        assertThat(r.undo()).contains(r.safetySnapshotId());
        assertThat(docker.containers().exists(DeployNames.kept(container, r.operationId()))).as("kept container removed").isFalse();
        assertThat(databasesLike("ors_replaced_" + r.operationId().replace('-', '_') + "%")).as("what the restore replaced is the safety snapshot's data: discarded").isEmpty();
        assertThat(String.join("\n", log)).doesNotContain(PASSWORD).contains("Rollback plan");

        s = status();
        assertThat(s.deployed().orElseThrow().image()).isEqualTo(v1);
        assertThat(s.deployed().orElseThrow().snapshotId()).as("previous is now the safety snapshot").isEqualTo(r.safetySnapshotId());
        assertThat(s.runningImage()).isEqualTo(v1);
        HistoryEntry last = s.recentHistory().get(0);
        assertThat(last.operation()).isEqualTo("rollback");
        assertThat(last.result()).isEqualTo("rolled_back");
        assertThat(s.interrupted()).isEmpty();

        // the rollback is reversible: rolling back again goes to its safety snapshot
        RollbackResult undo = rollback().call();
        assertThat(undo.outcome()).as("cause %s", undo.cause()).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
        assertThat(undo.snapshotId()).isEqualTo(r.safetySnapshotId());
        assertThat(runningImage()).isEqualTo(v2);
        assertThat(stableChecksums()).as("the data from after the deploy").containsExactlyInAnyOrderEntriesOf(afterDeploy);
        try (StateStore st = StateStore.open(env)) {
            assertThat(st.journal().open(env.name())).isEmpty();
            assertThat(st.snapshots().list(env.name(), false)).allMatch(x -> x.pinnedBy() == null);
        }
    }

    @Test
    void aRollbackToAChosenSnapshotRestoresItsDataAndTheImageThatRanWhenItWasTaken() throws Exception {
        production("rb_pick_db", SnapshotKind.DUMP);
        String v2 = image(StandInImage.Variant.GOOD, "pick2");
        assertThat(deploy(v2, "all").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        // taken by hand, online (dump): its manifest names no image, the history says v2 ran then
        SnapshotResult manual = new SnapshotCommand(env).label("by hand").call();
        assertThat(manual.snapshot().manifest().image()).isNull();
        Map<String, String> atSnapshot = stableChecksums();
        String v3 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.5").moduleVersion("mail", "17.0.1.17").tagSuffix("pick3")
                .build();
        assertThat(deploy(v3, "all").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(stableChecksums()).isNotEqualTo(atSnapshot);

        RollbackResult r = rollback().snapshot(manual.snapshot().id()).call();

        assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.failures()).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
        assertThat(r.snapshotId()).isEqualTo(manual.snapshot().id());
        assertThat(r.targetImage()).isEqualTo(v2);
        assertThat(r.previousImage()).isEqualTo(v3);
        assertThat(runningImage()).isEqualTo(v2);
        assertThat(stableChecksums()).as("the data of the chosen snapshot").containsExactlyInAnyOrderEntriesOf(atSnapshot);
        assertThat(snapshot(manual.snapshot().id()).status()).as("a dump snapshot stays").isEqualTo(SnapshotStatus.VERIFIED);
        assertThat(snapshot(r.safetySnapshotId()).kind()).isEqualTo(SnapshotKind.DUMP);
    }

    @Test
    void aSnapshotTakenBeforeAnyDeployNeedsTheImageThatRanThenNamedExplicitly() throws Exception {
        production("rb_first_db", SnapshotKind.DUMP);
        // an environment taken over from hand-run deploys: forget the fixture's first deploy, so nothing records what ran
        // when the snapshot below is taken
        pg().superExecute(env.stateDatabase(), "DELETE FROM history WHERE environment = '" + env.name() + "'");
        SnapshotResult first = new SnapshotCommand(env).label("before odoo-release").call();
        Map<String, String> atSnapshot = stableChecksums();
        String v2 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.5").moduleVersion("mail", "17.0.1.17").tagSuffix("first2")
                .build();
        assertThat(deploy(v2, "all").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(stableChecksums()).isNotEqualTo(atSnapshot);
        Map<String, String> deployed = stableChecksums();

        assertThatThrownBy(() -> rollback().snapshot(first.snapshot().id()).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("does not record which image ran")
                .hasMessageContaining("--image")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(runningImage()).as("a refused rollback changes nothing").isEqualTo(v2);
        assertThat(stableChecksums()).containsExactlyInAnyOrderEntriesOf(deployed);

        RollbackResult r = rollback().snapshot(first.snapshot().id()).image(v1).call();

        assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.failures()).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
        assertThat(r.targetImage()).isEqualTo(v1);
        assertThat(r.previousImage()).isEqualTo(v2);
        assertThat(runningImage()).isEqualTo(v1);
        assertThat(stableChecksums()).as("the data of the snapshot taken before any deploy").containsExactlyInAnyOrderEntriesOf(atSnapshot);
    }

    @Test
    void aRollbackWhoseImageFailsItsHealthCheckPutsTheCurrentVersionBack() throws Exception {
        production("rb_sick_db", SnapshotKind.TEMPLATE);
        // the slow image loads its registry in 30 s; the good one starts in a few (more when the machine is loaded)
        container = new OdooContainer(container.name(), container.network(), container.ports(), container.extraOdooArgs(),
                Map.of("STANDIN_START_DELAY", "30"), container.extraVolumes(), container.url(), container.stopGrace());
        String slow = image(StandInImage.Variant.SLOW_START, "rbslow");
        assertThat(deploy(slow, "none").call().outcome()).as("30 s registry load within 60 s").isEqualTo(DeployResult.Outcome.DEPLOYED);
        Map<String, String> slowData = stableChecksums();
        String v2 = image(StandInImage.Variant.GOOD, "rbsick2");
        DeployResult d = deploy(v2, "all").call();
        assertThat(d.outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        Map<String, String> before = stableChecksums();

        // the previous version loads its registry in 30 s: a 15 s health check fails it (and passes the current one)
        RollbackResult r = rollback(health(Duration.ofSeconds(15))).call();

        assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.failures()).isEqualTo(RollbackResult.Outcome.KEPT_CURRENT);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.cause()).contains("health").contains(slow);
        assertThat(r.failures()).isEmpty();
        assertThat(r.image()).isEqualTo(v2);
        assertThat(runningImage()).as("the current version runs again").isEqualTo(v2);
        assertThat(stableChecksums()).as("with its data").containsExactlyInAnyOrderEntriesOf(before);
        assertThat(r.phaseMillis()).containsKeys("rollback", "rollback-restore", "rollback-start", "rollback-health");
        EnvironmentStatus s = status();
        assertThat(s.deployed().orElseThrow().image()).as("deployed state unchanged").isEqualTo(v2);
        assertThat(s.deployed().orElseThrow().snapshotId()).isEqualTo(d.snapshotId());
        assertThat(s.recentHistory().get(0).result()).isEqualTo("kept_current");
        assertThat(s.interrupted()).isEmpty();

        // the failed rollback did not use its (template) snapshot up: it is still listed as usable, and a retry works
        assertThat(snapshot(d.snapshotId()).status()).isEqualTo(SnapshotStatus.VERIFIED);
        assertThat(r.keptDatabase()).as("what the undo replaced: a copy of the snapshot, not the snapshot").isNotNull()
                .isNotEqualTo(snapshot(d.snapshotId()).databaseName());
        RollbackResult retry = rollback().call();
        assertThat(retry.outcome()).as("cause %s; failures %s", retry.cause(), retry.failures()).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
        assertThat(retry.snapshotId()).isEqualTo(d.snapshotId());
        assertThat(runningImage()).isEqualTo(slow);
        assertThat(stableChecksums()).as("the snapshot's data").containsExactlyInAnyOrderEntriesOf(slowData);
        assertThat(snapshot(d.snapshotId()).status()).as("still usable after a successful manual rollback too")
                .isEqualTo(SnapshotStatus.VERIFIED);
    }

    @Test
    void aTagRePointedAtOtherCodeNeverMakesARollbackRunThatCode() throws Exception {
        production("rb_pin_db", SnapshotKind.TEMPLATE);
        String suffix = Long.toHexString(System.nanoTime());
        String tagA = "odoo-release-it/pinned:a-" + suffix;
        String tagB = "odoo-release-it/pinned:b-" + suffix;
        DockerEngine.check(Duration.ofMinutes(1), "tag", image(StandInImage.Variant.GOOD, "pin2"), tagA);
        DockerEngine.check(Duration.ofMinutes(1), "tag", StandInImage.series("17.0").moduleVersion("base", "17.0.1.5")
                .moduleVersion("mail", "17.0.1.17").tagSuffix("pin3").build(), tagB);
        try {
            String idA = docker.images().inspect(tagA).orElseThrow().id();
            assertThat(deploy(tagA, "none").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
            assertThat(deploy(tagB, "none").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
            // the tag the previous version was deployed by now names other code (a re-pushed or re-tagged image)
            DockerEngine.check(Duration.ofMinutes(1), "tag", v1, tagA);
            assertThat(docker.images().inspect(tagA).orElseThrow().id()).isNotEqualTo(idA);
            List<String> log = new ArrayList<>();

            RollbackResult r = rollback().progress(log::add).call();

            assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.failures()).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
            assertThat(r.targetImage()).isEqualTo(tagA);
            assertThat(docker.containers().inspect(container.name()).orElseThrow().imageId()).as("the code deployed as " + tagA + " then")
                    .isEqualTo(idA);
            assertThat(String.join("\n", log)).contains(tagA + " now names another image").contains(idA);
        } finally {
            DockerEngine.docker(Duration.ofMinutes(1), "rmi", tagA, tagB);
        }
    }

    @Test
    void aDryRunAnUnknownSnapshotAndAnUnfinishedDeployChangeNothing() throws Exception {
        production("rb_dry_db", SnapshotKind.TEMPLATE);
        String v2 = image(StandInImage.Variant.GOOD, "rbdry");
        DeployResult d = deploy(v2, "none").call();
        assertThat(d.outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        Map<String, String> before = stableChecksums();
        EnvironmentStatus s0 = status();

        RollbackResult r = rollback().dryRun(true).call();

        assertThat(r.outcome()).isEqualTo(RollbackResult.Outcome.PLANNED);
        assertThat(r.snapshotId()).isEqualTo(d.snapshotId());
        assertThat(r.targetImage()).isEqualTo(v1);
        assertThat(r.image()).isEqualTo(v2);
        assertThat(r.safetySnapshotId()).isNull();
        assertThat(String.join("\n", r.plan())).contains("safety snapshot").contains(d.snapshotId()).contains(v1);
        assertThat(runningImage()).isEqualTo(v2);
        assertThat(stableChecksums()).containsExactlyInAnyOrderEntriesOf(before);
        EnvironmentStatus s1 = status();
        assertThat(s1.snapshots()).isEqualTo(s0.snapshots());
        assertThat(s1.recentHistory()).isEqualTo(s0.recentHistory());
        assertThat(s1.deployed()).isEqualTo(s0.deployed());

        assertThatThrownBy(() -> rollback().snapshot("20200101-000000-dead").call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("no snapshot 20200101-000000-dead").hasMessageContaining("odoo-release snapshots list")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(runningImage()).isEqualTo(v2);

        // an unfinished deploy (its journal still open) blocks a rollback until it is recovered
        try (StateStore st = StateStore.open(env)) {
            st.journal().begin("20200101-000000-beef", env.name(), "deploy", Map.of("newImage", "x"));
        }
        try {
            assertThatThrownBy(() -> rollback().call())
                    .isInstanceOf(OdooReleaseException.class)
                    .hasMessageContaining("deploy 20200101-000000-beef was interrupted").hasMessageContaining("odoo-release recover")
                    .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.PRECONDITION));
            assertThat(status().interrupted()).hasValueSatisfying(j -> assertThat(j.operationId()).isEqualTo("20200101-000000-beef"));
        } finally {
            try (StateStore st = StateStore.open(env)) {
                st.journal().close("20200101-000000-beef", "closed by the test");
            }
        }
        assertThat(runningImage()).isEqualTo(v2);
        assertThat(stableChecksums()).containsExactlyInAnyOrderEntriesOf(before);
    }

    @Test
    void statusBeforeAnyDeployCreatesNothingAndSaysNeverDeployed() throws Exception {
        pg().superExecute("postgres", "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'deployer') THEN "
                + "CREATE ROLE deployer LOGIN CREATEDB PASSWORD '" + PASSWORD + "'; END IF; END$$");
        env = environment("never_db", SnapshotKind.TEMPLATE).toBuilder().stateDatabase("ors_state_never").build();
        container = new OdooContainer(dev.odoorelease.testkit.TestNames.prefix("odoo-release-it") + "never", "host", List.of(), List.of(), Map.of(),
                List.of(), "http://127.0.0.1:1", null);

        EnvironmentStatus s = status();

        assertThat(s.neverDeployed()).isTrue();
        assertThat(s.deployed()).isEmpty();
        assertThat(s.containerState()).isEqualTo("missing");
        assertThat(s.runningImage()).isNull();
        assertThat(s.snapshots()).isEmpty();
        assertThat(s.recentHistory()).isEmpty();
        assertThat(s.interrupted()).isEmpty();
        assertThat(String.join("\n", s.lines())).contains("never deployed");
        assertThat(s.neverDeployed()).isTrue();
        assertThat(databasesLike("ors_state_never")).as("a status creates nothing").isEmpty();
        assertThat(new StatusCommand(env, null, null).call().containerState()).startsWith("unknown");

        health = HealthSettings.forUrl("http://127.0.0.1:1").database("never_db").build();
        assertThatThrownBy(() -> rollback().call()).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("deployed nothing")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aRollbackKilledHalfWayBlocksTheNextOperationAndIsUndoneByRecover() throws Exception {
        production("rb_kill_db", SnapshotKind.TEMPLATE);
        String slow = image(StandInImage.Variant.SLOW_START, "rbkillslow");
        assertThat(deploy(slow, "none").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        String v2 = image(StandInImage.Variant.GOOD, "rbkill2");
        assertThat(deploy(v2, "all").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        Map<String, String> before = stableChecksums();
        Path childLog = dataDir.resolve("..").normalize().resolve("rollback-child-" + port + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledRollbackMain.class.getName(), String.valueOf(pg().port()),
                env.db().database(), dataDir.toString(), container.name(), String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
        // the target (slow) image loads its registry in 120 s there: the child waits in its health check
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && !runningImage().equals(slow)) {
            Thread.sleep(300);
        }
        assertThat(runningImage()).as("the rollback started its target; child: %s", Files.readString(childLog)).isEqualTo(slow);
        p.destroyForcibly(); // SIGKILL during the health check
        p.waitFor(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> rollback().call()).as("a rollback refuses while one is unfinished")
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("rollback").hasMessageContaining("was interrupted")
                .hasMessageContaining("odoo-release recover");
        assertThatThrownBy(() -> deploy(v1, "none").call()).as("so does a deploy").isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("was interrupted");
        assertThat(status().interrupted()).hasValueSatisfying(j -> assertThat(j.operation()).isEqualTo("rollback"));

        DeployResult recovered = new RecoverCommand(env, container, docker, health).call().orElseThrow();

        assertThat(recovered.outcome()).as("recovery: %s", recovered).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(recovered.cause()).contains("rollback");
        assertThat(runningImage()).as("the version from before the rollback").isEqualTo(v2);
        assertThat(stableChecksums()).as("with its data").containsExactlyInAnyOrderEntriesOf(before);
        assertThat(new RecoverCommand(env, container, docker, health).call()).as("nothing left to recover").isEmpty();
        EnvironmentStatus s = status();
        assertThat(s.interrupted()).isEmpty();
        assertThat(s.deployed().orElseThrow().image()).isEqualTo(v2);
        assertThat(s.recentHistory()).anySatisfy(h -> {
            assertThat(h.operation()).isEqualTo("rollback");
            assertThat(h.result()).isEqualTo("kept_current");
        });
    }

    /** Names of the databases matching a LIKE pattern. */
    private List<String> databasesLike(String pattern) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg().superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + pattern + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Child process: a rollback to a slow-starting image, to be killed in its health check. */
    public static final class KilledRollbackMain {
        public static void main(String[] a) throws Exception {
            int http = Integer.parseInt(a[4]);
            Environment env = Environment.builder(a[1].replace('_', '-')).kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget("127.0.0.1", Integer.parseInt(a[0]), a[1], "deployer", PASSWORD)).dataDir(Path.of(a[2]))
                    .jobs(2).build();
            OdooContainer c = new OdooContainer(a[3], "host", List.of(), List.of("--http-port=" + http),
                    Map.of("STANDIN_START_DELAY", "120"), List.of(), "http://127.0.0.1:" + http, Duration.ofSeconds(10));
            new RollbackCommand(env, c, DockerCli.local(), HealthSettings.forUrl("http://127.0.0.1:" + http).database(a[1])
                    .timeout(Duration.ofMinutes(5)).build()).progress(System.out::println).call();
        }
    }
}
