package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.testkit.DockerSocketProxy;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.result.SnapshotStatus;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.StandInImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.result.RollbackResult;
import dev.odoorelease.engine.config.UpdateMode;

/** Deploys with the real Docker engine, real PostgreSQL and the Odoo stand-in images. */
class DeployIT extends DeployITBase {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("deploy");

    @Override
    PgServer pg() {
        return PG.server();
    }

    @Test
    void aGoodUpgradeIsDeployedAndRecorded() throws Exception {
        production("good_db", SnapshotKind.TEMPLATE);
        String v2 = image(StandInImage.Variant.GOOD, "good");
        List<String> log = new ArrayList<>();
        DeployResult r = deploy(v2, "all").progress(log::add).call();

        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(runningImage()).isEqualTo(v2);
        assertThat(docker.containers().exists(DeployNames.kept(container, r.operationId()))).as("old container removed").isFalse();
        try (Connection c = PG.server().superConnect(env.db().database()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT latest_version FROM ir_module_module WHERE name = 'base'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("17.0.1.4");
        }
        try (StateStore st = StateStore.open(env)) {
            var deployed = st.environments().get(env.name()).orElseThrow();
            assertThat(deployed.image()).isEqualTo(v2);
            assertThat(deployed.snapshotId()).isEqualTo(r.snapshotId());
            assertThat(deployed.build()).isEqualTo("DeployIT");
            assertThat(st.journal().open(env.name())).isEmpty();
        }
        assertThat(r.phaseMillis()).containsKeys("stop", "snapshot", "update", "start", "health", "total");
        assertThat(String.join("\n", log)).as("no password in progress").doesNotContain(PASSWORD);
        String args = docker.containers().inspect(container.name()).orElseThrow().toString();
        assertThat(args).doesNotContain(PASSWORD);
        Processes.Result inspectArgs = Processes.run(List.of("docker", "inspect", "--format", "{{.Path}} {{join .Args \" \"}}", container.name()),
                Duration.ofSeconds(30));
        assertThat(inspectArgs.stdout()).as("no password on the container's command line").doesNotContain(PASSWORD);
    }

    @Test
    void aFailingUpgradeIsRolledBackToExactlyTheDataFromBefore() throws Exception {
        production("fail_db", SnapshotKind.TEMPLATE);
        Map<String, String> before = checksums();
        String broken = image(StandInImage.Variant.FAILING_UPGRADE, "failing");

        DeployResult r = deploy(broken, "all").call();

        assertThat(r.outcome()).as("cause %s; rollback failures %s", r.cause(), r.rollbackFailures()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(r.cause()).contains("update").contains("255");
        assertThat(runningImage()).as("the old version runs again").isEqualTo(v1);
        Map<String, String> after = checksums();
        // the running Odoo itself writes these (cron bookkeeping, registry signalling) before and after the deploy
        after.keySet().removeAll(LIVE_WRITES);
        Map<String, String> expected = new TreeMap<>(before);
        expected.keySet().removeAll(LIVE_WRITES);
        assertThat(after).as("database and filestore equal to before the deploy, table by table").isEqualTo(expected);
        assertThat(r.keptDatabase()).as("the half-upgraded database is kept for inspection").isNotNull();

        // retention of those kept copies (snapshots.keepFailed): the newest N stay, older ones are discarded
        env = env.toBuilder().keepFailedCopies(1).build();
        DeployResult second = deploy(broken, "all").call();
        assertThat(second.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(databaseExists(second.keptDatabase())).isTrue();
        assertThat(databaseExists(r.keptDatabase())).as("the older copy is discarded").isFalse();
        assertThat(Files.exists(env.workDir().resolve("replaced").resolve(r.operationId() + "-restore"))).isFalse();
        env = env.toBuilder().keepFailedCopies(0).build();
        DeployResult third = deploy(broken, "all").call();
        assertThat(third.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(third.keptDatabase()).as("nothing kept, so nothing named").isNull();
        assertThat(databaseExists(second.keptDatabase())).isFalse();
        try (StateStore st = StateStore.open(env)) {
            assertThat(st.journal().keptReplacements(env.name())).as("no kept copy of this environment left").isEmpty();
        }
        assertThat(runningImage()).isEqualTo(v1);
    }

    @Test
    void aCrashAtStartAndAnUnhealthyServerAreRolledBack() throws Exception {
        production("crash_db", SnapshotKind.TEMPLATE);
        DeployResult crash = deploy(image(StandInImage.Variant.CRASH_AT_START, "crash"), "none").call();
        assertThat(crash.outcome()).as("cause %s; rollback failures %s", crash.cause(), crash.rollbackFailures())
                .isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(crash.cause()).contains("health");
        assertThat(runningImage()).isEqualTo(v1);

        DeployResult sick = deploy(image(StandInImage.Variant.HEALTH_500, "sick"), "none").call();
        assertThat(sick.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(sick.cause()).contains("500");
        assertThat(runningImage()).isEqualTo(v1);
    }

    @Test
    void aSlowStartWithinTheTimeoutIsDeployed() throws Exception {
        production("slow_db", SnapshotKind.TEMPLATE);
        DeployResult r = deploy(image(StandInImage.Variant.SLOW_START, "slow"), "none").call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(r.phaseMillis().get("health")).as("waited for the slow registry load").isGreaterThan(5000L);
    }

    @Test
    void aDryRunPlansAndChangesNothing() throws Exception {
        production("dry_db", SnapshotKind.TEMPLATE);
        DeployResult r = deploy(image(StandInImage.Variant.GOOD, "dry"), "all").dryRun(true).call();
        assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.PLANNED);
        assertThat(r.plan().updateArg()).isEqualTo("all");
        assertThat(runningImage()).isEqualTo(v1);

        // an environment configured without container settings (and so without a URL to check) can still be planned
        OdooRelease release = new OdooRelease(new ReleaseConfig("it", List.of(), List.of(EnvironmentConfig.builder(env).build())))
                .lockTimeout(Duration.ofSeconds(5));
        String v2 = image(StandInImage.Variant.GOOD, "dry");
        DeployResult planned = release.deploy().environment(env.name()).image(v2).update("all").dryRun(true).call();
        assertThat(planned.outcome()).isEqualTo(DeployResult.Outcome.PLANNED);
        assertThat(planned.previousImage()).as("from the recorded state").isEqualTo(v1);
        assertThat(planned.plan().updateArg()).isEqualTo("all");
        assertThatThrownBy(() -> release.rollback().environment(env.name()).dryRun(true).call()).as("planned (and refused for what the plan finds)")
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("does not record which image ran");
        // a real deploy needs them, and the hint names keys the configuration has
        assertThatThrownBy(() -> release.deploy().environment(env.name()).image(v2).update("all").call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("'container:' section")
                .hasMessageContaining("environment's own 'url:'").hasMessageNotContaining("(name, url")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
        assertThat(runningImage()).isEqualTo(v1);

        // status: a failed snapshot is not counted among those a rollback can use
        try (StateStore st = StateStore.open(env)) {
            st.snapshots().insertCreating("20200101-000000-fa11", env.name(), SnapshotKind.DUMP, "broken", null,
                    dataDir.resolve("nowhere").toString(), "20200101-000000-fa11");
            st.snapshots().markFailed("20200101-000000-fa11", "disk full");
        }
        EnvironmentStatus status = new StatusCommand(env, container, docker).call();
        long usable = status.snapshots().stream().filter(x -> x.status() == SnapshotStatus.VERIFIED).count();
        assertThat(usable).isPositive();
        assertThat(status.lines()).contains("snapshots: " + usable + " usable, newest " + status.snapshots().stream()
                .filter(x -> x.status() == SnapshotStatus.VERIFIED).findFirst().orElseThrow().id() + " (not usable: 1 failed)");
        assertThat(status.snapshots().stream().filter(Snapshot::usable).count()).as("usable snapshots").isEqualTo(usable);
    }

    /**
     * A plan is read-only: what a killed operation left behind (a snapshot still "creating", its half-made database) is
     * cleaned by the next real operation under the lock, never by a plan (a deploy's or a rollback's). It used to be
     * cleaned by the plan.
     */
    @Test
    void aPlanLeavesTheLeftoversOfAKilledOperationAlone() throws Exception {
        production("plan_ro_db", SnapshotKind.TEMPLATE);
        pg().superExecute("postgres", "CREATE DATABASE ors_snap_orphan_plan OWNER deployer");
        try (StateStore store = StateStore.open(env)) {
            store.snapshots().insertCreating("20261122-010101-0rph", env.name(), SnapshotKind.TEMPLATE, "killed", "ors_snap_orphan_plan",
                    null, "20261122-010101-0rph");
        }
        DeployResult r = deploy(image(StandInImage.Variant.GOOD, "plan-ro"), "all").dryRun(true).call();
        assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.PLANNED);
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.snapshots().creating(env.name())).as("the orphan is still there for the next real operation")
                    .extracting(Snapshot::id).containsExactly("20261122-010101-0rph");
        }
        assertThat(databaseExists("ors_snap_orphan_plan")).as("a plan drops nothing").isTrue();
        // nor does a rollback's dry run (it takes the lock, but cleans nothing up)
        assertThat(new RollbackCommand(env, container, docker, health).image(v1).dryRun(true).call().outcome()).isEqualTo(RollbackResult.Outcome.PLANNED);
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.snapshots().creating(env.name())).extracting(Snapshot::id).containsExactly("20261122-010101-0rph");
        }
        assertThat(databaseExists("ors_snap_orphan_plan")).as("a rollback's dry run drops nothing").isTrue();
        // the next real operation cleans it, under the lock
        assertThat(deploy(v1, "none").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(databaseExists("ors_snap_orphan_plan")).isFalse();
    }

    /**
     * update none: the image's code may add a field the database lacks, and Odoo then fails every login. The plan
     * warns; the deploy is refused before anything changes unless explicitly allowed.
     */
    @Test
    void updateNoneWarnsInThePlanAndIsRefusedBeforeAnythingChangesUnlessAllowed() throws Exception {
        production("none_db", SnapshotKind.TEMPLATE);
        String v2 = image(StandInImage.Variant.GOOD, "none-v2");
        List<String> lines = new ArrayList<>();
        DeployResult plan = new DeployCommand(env, container, docker).image(v2).update(UpdateMode.parse("none")).health(health)
                .dryRun(true).progress(lines::add).call();
        assertThat(plan.plan().warnings()).singleElement().asString().contains("no module update (update: none)");
        assertThat(lines).anyMatch(l -> l.contains("no module update") && l.contains("--allow-skipped-updates"));
        Map<String, String> before = checksums();
        before.keySet().removeAll(LIVE_WRITES);
        int history = historySize();

        assertThatThrownBy(() -> new DeployCommand(env, container, docker).image(v2).update(UpdateMode.parse("none")).health(health)
                .call()).isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("Unable to deploy " + v2 + " to " + env.name() + " (nothing changed)")
                .hasMessageContaining("--allow-skipped-updates");
        assertThat(runningImage()).isEqualTo(v1);
        assertThat(historySize()).as("nothing recorded").isEqualTo(history);
        Map<String, String> after = checksums();
        after.keySet().removeAll(LIVE_WRITES);
        assertThat(after).isEqualTo(before);

        DeployResult allowed = new DeployCommand(env, container, docker).image(v2).update(UpdateMode.parse("none")).health(health)
                .allowSkippedUpdates(true).call();
        assertThat(allowed.outcome()).as(String.valueOf(allowed.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(runningImage()).isEqualTo(v2);
    }

    /**
     * Issue 15: code ahead of the schema (an image whose module adds a stored field, deployed with update none and the
     * override). Its login page still renders, but a login makes Odoo read the user's record and answer a server
     * error: the login probe (logging in as a user) fails the health check, the deploy rolls back, and the cause names
     * the probe and what to do. The same image with its module update creates the column and deploys.
     */
    @Test
    void codeAheadOfTheSchemaFailsTheLoginProbeAndTheDeployRollsBack() throws Exception {
        production("ahead_db", SnapshotKind.TEMPLATE);
        String v2 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").moduleVersion("mail", "17.0.1.16")
                .codeField("res_partner.x_loyalty").tagSuffix("ahead-v2").build();
        HealthSettings withLogin = health.toBuilder().login(new HealthSettings.LoginCredentials("admin", "admin"))
                .timeout(Duration.ofSeconds(45)).build();

        DeployResult r = new DeployCommand(env, container, docker).image(v2).update(UpdateMode.parse("none")).health(withLogin)
                .allowSkippedUpdates(true).call();

        assertThat(r.outcome()).as("cause %s; rollback failures %s", r.cause(), r.rollbackFailures())
                .isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(r.cause()).contains("POST /web/login (user admin)").contains("saw HTTP 500")
                .contains("the image's code is ahead of the database schema").contains("update: all")
                .doesNotContain("password=admin");
        assertThat(runningImage()).as("the old version runs again").isEqualTo(v1);

        DeployResult updated = new DeployCommand(env, container, docker).image(v2).update(UpdateMode.parse("all"))
                .health(withLogin).call();
        assertThat(updated.outcome()).as(String.valueOf(updated.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(runningImage()).isEqualTo(v2);
    }

    /**
     * status is wanted most when PostgreSQL is down: it reports the container, the operation that started it (the
     * container's label) and the database error, instead of failing. PostgreSQL "down" is its port refusing connections
     * (the environment pointed at a port nothing listens on) while the container keeps running.
     */
    @Test
    void statusWithPostgresqlDownReportsTheContainerAndTheDatabaseError() throws Exception {
        production("status_down_db", SnapshotKind.TEMPLATE);
        EnvironmentStatus up = new StatusCommand(env, container, docker).call();
        assertThat(up.databaseError()).isNull();
        String deployOp = up.recentHistory().get(0).operationId();
        assertThat(up.containerOperation()).as("the running container is labelled with the deploy that started it").isEqualTo(deployOp);

        int closed = StandIns.freePort();
        Environment down = Environment.builder(env.name()).kind(EnvironmentKind.PRODUCTION)
                .database(new DbTarget(pg().host(), closed, env.db().database(), "deployer", PASSWORD)).dataDir(dataDir).build();
        EnvironmentStatus s = new StatusCommand(down, container, docker).call();

        assertThat(s.databaseError()).contains("Unable to connect to PostgreSQL", String.valueOf(closed)).doesNotContain(PASSWORD);
        assertThat(s.containerState()).startsWith("running").contains(v1);
        assertThat(s.runningImage()).isEqualTo(v1);
        assertThat(s.containerOperation()).isEqualTo(deployOp);
        assertThat(s.neverDeployed()).as("unknown, not 'never deployed'").isFalse();
        assertThat(s.lines()).anyMatch(l -> l.contains("what is deployed is unknown")).anyMatch(l -> l.startsWith("database: Unable to connect"))
                .anyMatch(l -> l.startsWith("container: running")).anyMatch(l -> l.contains("started by operation " + deployOp));
        assertThat(s.databaseError()).isNotBlank();
    }

    private boolean databaseExists(String name) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(env.db().withDatabase("postgres").jdbcUrl(), "deployer", PASSWORD);
             java.sql.PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            return s.executeQuery().next();
        }
    }

    private int historySize() {
        try (StateStore store = StateStore.open(env)) {
            return store.history().recent(env.name(), 1000).size();
        }
    }

    @Test
    void aDeployGivenNoCommitUsesTheHeadOfTheCheckoutAndSaysWhichOne() throws Exception {
        production("nocommit_db", SnapshotKind.TEMPLATE);
        Path checkout = dataDir.resolveSibling(dataDir.getFileName() + "-checkout");
        String head;
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(checkout.toFile())
                .setInitialBranch("main").call()) {
            Files.createDirectories(checkout.resolve("addons/sale_custom"));
            Files.writeString(checkout.resolve("addons/sale_custom/__manifest__.py"), "{'version': '17.0.1.0'}");
            git.add().addFilepattern(".").call();
            head = git.commit().setMessage("first").setAuthor("t", "t@example.invalid")
                    .setCommitter("t", "t@example.invalid").setSign(false).call().getName();
        }
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

        // update 'changed' needs the commit: before, a deploy without one (a scripted checkout scm) was refused
        DeployResult r = deploy(image(StandInImage.Variant.GOOD, "nocommit"), "changed")
                .repository(checkout, List.of("addons")).progress(log::add).dryRun(true).call();

        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.PLANNED);
        assertThat(r.commit()).isEqualTo(head);
        assertThat(log).contains("No commit given: deploying " + head + ", the HEAD of the checkout " + checkout);
        assertThat(runningImage()).isEqualTo(v1);
    }

    @Test
    void twoConcurrentDeploysToOneEnvironmentNeverOverlap() throws Exception {
        production("lock_db", SnapshotKind.TEMPLATE);
        String v2 = image(StandInImage.Variant.GOOD, "lock");
        CompletableFuture<DeployResult> first = CompletableFuture.supplyAsync(() -> deploy(v2, "all").lockTimeout(Duration.ofMinutes(3)).call());
        Thread.sleep(1500);
        assertThatThrownBy(() -> deploy(v2, "all").lockTimeout(Duration.ofSeconds(2)).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("Unable to lock database " + env.db().database() + " of environment " + env.name())
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.LOCKED));
        assertThat(first.get(3, TimeUnit.MINUTES).outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
    }

    @Test
    void aDeployKilledDuringTheUpdateIsRecoveredByTheNextRun() throws Exception {
        production("kill_db", SnapshotKind.TEMPLATE);
        Map<String, String> before = checksums();
        String slowUpdate = image(StandInImage.Variant.GOOD, "killme");
        Path marker = dataDir.resolve("..").normalize().resolve("deploy-child-" + port + ".log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledDeployMain.class.getName(), String.valueOf(PG.server().port()),
                env.db().database(), dataDir.toString(), container.name(), String.valueOf(port), slowUpdate)
                .redirectErrorStream(true).redirectOutput(marker.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && docker.containers().listByLabel(DeployNames.LABEL_ENV, env.name()).stream()
                .noneMatch(s -> s.name().contains("-update-") && s.running())) {
            Thread.sleep(300);
        }
        assertThat(docker.containers().listByLabel(DeployNames.LABEL_ENV, env.name())).as("update running; child: %s", Files.readString(marker))
                .anyMatch(s -> s.name().contains("-update-"));
        p.destroyForcibly(); // SIGKILL in the middle of the module update
        p.waitFor(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> deploy(v1, "none").call())
                .as("a new deploy refuses while one is unfinished").isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("was interrupted").hasMessageContaining("odoo-release recover");
        DeployResult recovered = new RecoverCommand(env, container, docker, health).call().orElseThrow();
        assertThat(recovered.outcome()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(runningImage()).isEqualTo(v1);
        Map<String, String> after = checksums();
        after.keySet().removeAll(LIVE_WRITES);
        before.keySet().removeAll(LIVE_WRITES);
        for (String k : before.keySet()) {
            assertThat(after.get(k)).as("table %s after recovery (recovery: %s)", k, recovered).isEqualTo(before.get(k));
        }
        assertThat(new RecoverCommand(env, container, docker, health).call()).as("nothing left to recover").isEmpty();
    }

    @Test
    void anInterruptedDeployIsRolledBackBeforeItStops() throws Exception {
        production("intr_db", SnapshotKind.TEMPLATE);
        Map<String, String> before = checksums();
        // the same container, with a module update slow enough to be interrupted in the middle
        container = new OdooContainer(container.name(), container.network(), container.ports(), container.extraOdooArgs(),
                Map.of("STANDIN_UPDATE_DELAY", "60"), container.extraVolumes(), container.url(), container.stopGrace());
        String v2 = image(StandInImage.Variant.GOOD, "interrupted");
        boolean[] interruptedAfter = new boolean[1];
        CompletableFuture<DeployResult> run = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                run.complete(deploy(v2, "all").call());
            } catch (Throwable e) {
                run.completeExceptionally(e);
            } finally {
                interruptedAfter[0] = Thread.currentThread().isInterrupted();
            }
        }, "interrupted-deploy");
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline && docker.containers().listByLabel(DeployNames.LABEL_ENV, env.name()).stream()
                .noneMatch(s -> s.name().contains("-update-") && s.running())) {
            Thread.sleep(300);
        }
        t.interrupt(); // what aborting a Jenkins build does to the thread running the engine
        t.join(TimeUnit.MINUTES.toMillis(3));

        DeployResult r = run.get(1, TimeUnit.SECONDS);
        assertThat(r.outcome()).as("cause %s; rollback failures %s", r.cause(), r.rollbackFailures()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(r.cause()).contains("update").contains("Interrupted");
        assertThat(interruptedAfter[0]).as("the interrupt is kept for the caller, which stops after the rollback").isTrue();
        assertThat(runningImage()).as("the old version runs again").isEqualTo(v1);
        Map<String, String> after = checksums();
        after.keySet().removeAll(LIVE_WRITES);
        before.keySet().removeAll(LIVE_WRITES);
        assertThat(after).as("database and filestore as before the deploy").isEqualTo(before);
        try (StateStore st = StateStore.open(env)) {
            assertThat(st.journal().open(env.name())).as("nothing left to recover").isEmpty();
        }
    }

    @Test
    void whenTheRollbackItselfFailsTheOldContainerAndSnapshotAreKeptAndTheCommandsSaid() throws Exception {
        production("rbf_db", SnapshotKind.DUMP);
        String sick = image(StandInImage.Variant.HEALTH_500, "rbf");
        ServerSocket[] blocker = new ServerSocket[1];
        // once the deploy starts its rollback, take the HTTP port so the old version cannot come back healthy
        DeployResult r = deploy(sick, "none").progress(line -> {
            if (line.startsWith("Rolling back") && blocker[0] == null) {
                try {
                    docker.containers().stop(container.name(), Duration.ofSeconds(5));
                    blocker[0] = new ServerSocket(port, 5, InetAddress.getByName("127.0.0.1"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }).call();
        try {
            assertThat(r.outcome()).isEqualTo(DeployResult.Outcome.ROLLBACK_FAILED);
            assertThat(r.rollbackFailures()).isNotEmpty();
            assertThat(r.manualRecovery()).anyMatch(c -> c.contains(r.snapshotId()));
            assertThat(docker.containers().exists(container.name())).as("old container kept").isTrue();
            try (StateStore st = StateStore.open(env)) {
                assertThat(st.snapshots().find(r.snapshotId()).orElseThrow().status().id()).as("snapshot kept").isEqualTo("verified");
            }
        } finally {
            if (blocker[0] != null) {
                blocker[0].close();
            }
        }
    }

    @Test
    void withNoPreviousContainerTheRollbackStartsTheDeployedVersionAndReportsWhatItVerified() throws Exception {
        production("nocont_db", SnapshotKind.TEMPLATE);
        Map<String, String> before = stableChecksums();
        // production's container is gone (removed by hand, a host rebuilt): only the recorded state says v1 runs here
        docker.containers().remove(container.name(), true);
        List<String> log = new ArrayList<>();

        DeployResult r = deploy(image(StandInImage.Variant.CRASH_AT_START, "nocont"), "all").progress(log::add).call();

        assertThat(r.outcome()).as("cause %s; rollback failures %s", r.cause(), r.rollbackFailures()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(runningImage()).as("the version deployed before runs again: started from its recorded image").isEqualTo(v1);
        assertThat(r.healthSummary()).as("the rollback's health check ran").isNotBlank();
        assertThat(r.phaseMillis()).containsKeys("rollback-start", "rollback-health");
        assertThat(String.join("\n", log)).contains("Rolled back " + env.name() + ": a new container " + container.name() + " of " + v1
                + " runs and passed its health check");
        assertThat(stableChecksums()).as("with the data from before").containsExactlyInAnyOrderEntriesOf(before);

        // the failed deploy's database is kept, named with the operation that discards it; discard-replaced takes that id
        assertThat(r.keptDatabase()).isNotNull();
        String keptBy = r.operationId() + "-restore";
        assertThat(String.join("\n", log)).contains("discard-replaced " + env.name() + " " + keptBy);
        assertThat(databaseExists(r.keptDatabase())).isTrue();
        OdooRelease release = new OdooRelease(new ReleaseConfig("it", List.of(),
                List.of(EnvironmentConfig.builder(env).container(container).health(health).build()))).lockTimeout(Duration.ofSeconds(5));
        assertThatThrownBy(() -> release.discardReplaced().environment(env.name()).operation(r.operationId() + "-restore; drop").call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("not a valid operation id");
        release.discardReplaced().environment(env.name()).operation(keptBy).call();
        assertThat(databaseExists(r.keptDatabase())).as("discarded").isFalse();
        assertThat(runningImage()).isEqualTo(v1);
    }

    @Test
    void dockerStoppingDuringTheUpdateFencesTheDatabaseReportsRollbackFailedAndRecoverFinishesOnceItAnswers(@TempDir Path sockets)
            throws Exception {
        production("dockerdown_db", SnapshotKind.TEMPLATE);
        Map<String, String> before = stableChecksums();
        container = new OdooContainer(container.name(), container.network(), container.ports(), container.extraOdooArgs(),
                Map.of("STANDIN_UPDATE_DELAY", "40"), container.extraVolumes(), container.url(), container.stopGrace());
        String v2 = image(StandInImage.Variant.GOOD, "dockerdown");
        try (DockerSocketProxy proxy = DockerSocketProxy.start(sockets.resolve("docker.sock"))) {
            DockerCli viaProxy = DockerCli.local().withEndpoint(dev.odoorelease.engine.config.DockerEndpoint.of(proxy.uri())).redacting(PASSWORD);
            CompletableFuture<DeployResult> run = CompletableFuture.supplyAsync(() ->
                    new DeployCommand(env, container, viaProxy).image(v2).update(UpdateMode.parse("all")).health(health)
                            .build("DeployIT").lockTimeout(Duration.ofSeconds(5)).call());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline && updateContainer().isEmpty()) {
                Thread.sleep(300);
            }
            assertThat(updateContainer()).as("the module update runs").isPresent();
            proxy.cut(); // Docker stops answering; the update container keeps running in the real engine

            DeployResult r = run.get(5, TimeUnit.MINUTES);

            assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.rollbackFailures()).isEqualTo(DeployResult.Outcome.ROLLBACK_FAILED);
            assertThat(r.rollbackFailures()).anyMatch(f -> f.startsWith("remove the update container"))
                    .anyMatch(f -> f.startsWith("restore database and filestore") && f.contains("may still be running"))
                    .anyMatch(f -> f.startsWith("start the previous version"));
            assertThat(r.manualRecovery()).as("built from the failed steps").anyMatch(c -> c.startsWith("docker rm -f -v " + container.name() + "-update-"))
                    .noneMatch(c -> c.startsWith("docker rename"))
                    .last().asString().startsWith("odoo-release recover " + env.name());
            assertThat(allowsConnections()).as("the database is fenced while the update container may run").isFalse();
            try (StateStore st = StateStore.open(env)) {
                assertThat(st.snapshots().find(r.snapshotId()).orElseThrow().status()).as("nothing restored yet: the snapshot is intact")
                        .isEqualTo(SnapshotStatus.VERIFIED);
                assertThat(st.journal().open(env.name())).as("left for recover").singleElement()
                        .satisfies(j -> assertThat(j.step()).isEqualTo("rollback-failed"));
            }
            assertThatThrownBy(() -> deploy(v1, "none").call()).as("nothing else runs until recovered")
                    .isInstanceOf(OdooReleaseException.class).hasMessageContaining("odoo-release recover");
            // the update container, still running in the engine, cannot reach the database: it fails and stops
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline && updateContainer().map(ContainerState::running).orElse(false)) {
                Thread.sleep(500);
            }
            assertThat(updateContainer().map(ContainerState::running).orElse(false)).isFalse();

            proxy.restore();
            DeployResult recovered = new RecoverCommand(env, container, viaProxy, health).call().orElseThrow();

            assertThat(recovered.outcome()).as("recovery: %s", recovered).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
            assertThat(runningImage()).isEqualTo(v1);
            assertThat(stableChecksums()).as("the data from before the deploy").containsExactlyInAnyOrderEntriesOf(before);
            assertThat(allowsConnections()).isTrue();
            assertThat(updateContainer()).as("nothing left behind").isEmpty();
            assertThat(docker.containers().listByLabel(DeployNames.LABEL_ENV, env.name())).extracting(ContainerState::name)
                    .noneMatch(n -> n.contains("-previous-"));
            try (StateStore st = StateStore.open(env)) {
                assertThat(st.journal().open(env.name())).isEmpty();
            }
        }
    }

    private java.util.Optional<ContainerState> updateContainer() {
        return docker.containers().listByLabel(DeployNames.LABEL_ENV, env.name()).stream().filter(s -> s.name().contains("-update-")).findFirst();
    }

    private boolean allowsConnections() throws Exception {
        try (Connection c = PG.server().superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datallowconn FROM pg_database WHERE datname = '" + env.db().database() + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }

    /** Child process: deploys with a slow module update, to be killed during it. */
    public static final class KilledDeployMain {
        public static void main(String[] a) throws Exception {
            int pgPort = Integer.parseInt(a[0]);
            int http = Integer.parseInt(a[4]);
            Environment env = Environment.builder(a[1].replace('_', '-')).kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget("127.0.0.1", pgPort, a[1], "deployer", PASSWORD)).dataDir(Path.of(a[2])).jobs(2).build();
            OdooContainer c = new OdooContainer(a[3], "host", List.of(), List.of("--http-port=" + http),
                    Map.of("STANDIN_UPDATE_DELAY", "60"), List.of(), "http://127.0.0.1:" + http, Duration.ofSeconds(10));
            new DeployCommand(env, c, DockerCli.local()).image(a[5]).update(UpdateMode.parse("all"))
                    .health(HealthSettings.forUrl("http://127.0.0.1:" + http).database(a[1]).build()).call();
        }
    }
}
