package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.internal.state.CrashPoints;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.ReleaseImages;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite: for every registered crash point ({@link CrashPoints#ALL}, one per journaled step of a
 * deploy, a rollback, a restore, a stage clone and a refresh) the real packaged CLI runs the operation in its own JVM with the test
 * hook naming that point, is sent {@code SIGKILL} ({@code kill -9}) when it reports it waits there, and then
 * {@code odoo-release recover} runs. Each case then asserts: nothing lost (the databases' business rows and the
 * filestore are byte for byte the state before the operation, or the completed new state, whichever {@code recover}
 * says), production's Odoo runs and passes its health check, nothing left behind (no temporary or unrecorded database,
 * no temporary folder, no secret file of the dead process, no stray container, no open journal, no unfinished history
 * entry) and the next operation succeeds (which also proves the lock was released). One PostgreSQL cluster and the
 * three release images serve every case.
 *
 * <p>The matrix is split by scenario into {@link CrashRecoveryDeployIT}, {@link CrashRecoveryRollbackIT},
 * {@link CrashRecoveryStagingIT} and {@link CrashRecoveryRefreshIT}, each with its own cluster and containers, so
 * failsafe's forks run them side by side.
 */
abstract class CrashRecoverySuite {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("crash");
    static final String USER = "release";
    static final String PASSWORD = "Crash-Secret-8086";
    static final Map<String, String> ENV = Map.of("PROD_DB_PASSWORD", PASSWORD, "STAGING_DB_PASSWORD", PASSWORD);
    /**
     * How long one case's operation may take to reach its point (and recover to end). Not final: {@code CrashRecoverySwarmIT}
     * gives its module-update deploys (instances stopped, snapshot, update, instances started again) longer, and puts it back.
     */
    static Duration CASE_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path dir;
    static Path config;
    static String prefix;
    static String prodContainer;
    static String v1;
    static String v2;
    static String v2b;
    /** Whether staging's data dir is a tmpfs of {@link #STAGING_FS_MB} MiB (needs root); the disk-full cases need it. */
    static boolean stagingOnTmpfs;
    static final int STAGING_FS_MB = 160;
    static String sick;
    static String stagingSnapshot;
    /** Whether staging's own Odoo container runs (the refresh cases start it): it is then expected, running and healthy. */
    static boolean stagingServes;
    static long suiteStart;

    /** How each registered point is reached: the operation run (and killed) and what it may leave. */
    enum Scenario { DEPLOY, FAILED_DEPLOY, ROLLBACK, RESTORE, DISCARD_REPLACED, STAGE_CLONE, REFRESH, REHEARSAL }

    /** A class of the suite whose cases need no staging copy: its set-up skips the stage clone. */
    interface WithoutStaging {
    }

    /** The case of every crash point: a point registered without a case here fails {@link #everyCrashPointHasACase}. */
    static final Map<String, Scenario> CASES = cases();

    private static Map<String, Scenario> cases() {
        Map<String, Scenario> m = new LinkedHashMap<>();
        for (String s : List.of("begin", "old-stopped", "data:snapshot", "snapshot-taken", "updating", "updated", "starting-new",
                "healthy", "closed")) {
            m.put("deploy:" + s, Scenario.DEPLOY);
        }
        for (String s : List.of("data:dbTouched", "rolling-back", "data:rollbackRestored", "data:fenced")) {
            m.put("deploy:" + s, Scenario.FAILED_DEPLOY);
        }
        for (String s : List.of("begin", "old-stopped", "data:snapshot", "snapshot-taken", "restoring", "restored", "starting-new",
                "healthy", "closed")) {
            m.put("rollback:" + s, Scenario.ROLLBACK);
        }
        for (String s : List.of("begin", "swapping", "filestore-live-moved", "filestore-swapped", "database-swapped", "closed")) {
            m.put("restore:" + s, Scenario.RESTORE);
        }
        m.put("restore:discarded", Scenario.DISCARD_REPLACED);
        for (String s : List.of("begin", "copied", "swapping", "filestore-live-moved", "filestore-swapped", "database-swapped",
                "closed")) {
            m.put("clone:" + s, Scenario.STAGE_CLONE);
        }
        for (String s : List.of("begin", "old-stopped", "starting-new", "healthy", "closed")) {
            m.put("refresh:" + s, Scenario.REFRESH);
        }
        for (String s : List.of("begin", "copied", "neutralized", "serving", "dropped")) {
            m.put("rehearse:" + s, Scenario.REHEARSAL);
        }
        return m;
    }

    static CliRun cli(String... args) {
        return CliRun.of(config, ENV::get, args);
    }

    static CliRun ok(String... args) {
        CliRun r = cli(args);
        assertThat(r.exit()).as(String.join(" ", args) + ":\n" + r.out() + r.err()).isZero();
        return r;
    }

    static int freePort() throws Exception {
        return dev.odoorelease.testkit.FreePorts.next();
    }

    @BeforeAll
    static void environments(org.junit.jupiter.api.TestInfo info) throws Exception {
        suiteStart = System.nanoTime();
        stagingSnapshot = null; // the classes may run one after the other in one JVM
        stagingServes = false;
        killed = -1;
        DockerEngine.require();
        v1 = ReleaseImages.current();
        v2 = ReleaseImages.goodUpgrade();
        // the same code under another tag: a killed deploy of the version not running shows which one runs afterwards
        v2b = ReleaseImages.upgrade(dev.odoorelease.testkit.StandInImage.Variant.GOOD, "good-b");
        sick = ReleaseImages.brokenUpgrade();
        PgServer pg = PG.server();
        ReleaseImages.createRole(pg, USER, PASSWORD);
        Path prodData = dir.resolve("production");
        ReleaseImages.initDatabase(v1, pg, USER, PASSWORD, prodData, "prod");
        try (Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl("prod"), USER, PASSWORD)) {
            OdooSeeder.forSeries("17.0").partners(40).users(2).messages(20).mailQueue(1).attachments(6)
                    .mailServer("smtp.production.invalid", 587).filestore(prodData, "prod").progress(l -> { }).seed(c);
        }
        dev.odoorelease.testkit.StandInContainer.prepareDataDir(prodData);
        int prodPort = freePort();
        prefix = dev.odoorelease.testkit.TestNames.prefix("orcrash");
        prodContainer = prefix + "production";
        // one cluster for both environments (two databases): the cheapest setup
        config = ReleaseImages.writeConfig(dir.resolve("odoo-release.yml"), "crash-test", prefix, USER, pg, freePort(), pg, prodPort);
        Files.createDirectories(dir.resolve("staging"));
        // staging's files on a filesystem of their own, so a case can fill it (disk full) without filling the machine's
        stagingOnTmpfs = Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + STAGING_FS_MB + "m", "tmpfs",
                dir.resolve("staging").toString()), Duration.ofSeconds(10)).exitCode() == 0;
        dev.odoorelease.testkit.StandInContainer.prepareDataDir(dir.resolve("staging"));

        ok("deploy", "production", "--image", v1, "--update", "none", "--allow-skipped-updates", "--branch", "main");
        ok("deploy", "production", "--image", v2, "--update", "all", "--branch", "main");
        if (info.getTestClass().filter(WithoutStaging.class::isAssignableFrom).isEmpty()) {
            ok("stage-clone", "production", "staging", "--from", "live");
            discardKeptCopies();
        }
        System.out.println("crash suite: setup took " + seconds(suiteStart) + " s");
    }

    @AfterAll
    static void containers() {
        if (stagingOnTmpfs) {
            Processes.run(List.of("umount", dir.resolve("staging").toString()), Duration.ofSeconds(30));
        }
        if (prefix != null) {
            for (String c : DockerEngine.docker(Duration.ofSeconds(30), "ps", "-aq", "--filter", "name=" + prefix).stdout().split("\\s+")) {
                if (!c.isBlank()) {
                    DockerEngine.removeContainers(c);
                }
            }
            System.out.println("crash suite: its part of the " + CASES.size() + " crash points in " + seconds(suiteStart) + " s");
        }
    }

    static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    @Test
    void everyCrashPointHasACase() {
        // a swarm deploy's points run on a swarm of their own: CrashRecoverySwarmIT
        assertThat(CASES.keySet()).as("a case for every registered crash point, and no case for an unregistered one")
                .containsExactlyInAnyOrderElementsOf(CrashPoints.ALL.stream().filter(p -> !p.startsWith("swarm-deploy:")).toList());
    }

    @TestFactory
    Stream<DynamicTest> killedAtEveryCrashPointRecoversWithNothingLostAndNothingLeftBehind() {
        // -Dcrash.points=deploy:begin,clone:copied runs only those (while working on one); CI runs them all
        String only = System.getProperty("crash.points", "");
        return CASES.entrySet().stream().filter(e -> scenarios().contains(e.getValue()))
                .filter(e -> only.isBlank() || List.of(only.split(",")).contains(e.getKey())).map(e -> DynamicTest.dynamicTest(e.getKey() + " (" + e.getValue() + ")",
                () -> killAndRecover(e.getKey(), e.getValue(), lastOf(e.getValue()).equals(e.getKey()))));
    }

    /**
     * PostgreSQL stopped mid-operation: at a step of a restore and of a stage clone where the environment's filestore is
     * already swapped and its database not yet, the cluster holding the data and the state database is stopped with
     * {@code pg_ctl stop -m immediate} (a crash: no checkpoint, no clean shut-down of sessions) while the CLI waits there,
     * the CLI is killed, the cluster started again, and {@code recover} runs: the same assertions as a kill alone.
     * -Dcrash.pgStopped=restore:filestore-swapped runs one (while working on it); CI runs both.
     */
    @TestFactory
    Stream<DynamicTest> postgresqlStoppedMidOperationRecoversWithNothingLostAndNothingLeftBehind() {
        String only = System.getProperty("crash.pgStopped", System.getProperty("crash.points", "").isBlank() ? "" : "none");
        return pgStoppedPoints().stream()
                .filter(p -> only.isBlank() || List.of(only.split(",")).contains(p))
                .map(p -> DynamicTest.dynamicTest(p + " with PostgreSQL stopped", () -> {
                    long start = System.nanoTime();
                    next = true;
                    atPoint = () -> PG.server().kill();
                    try {
                        if (p.startsWith("restore:")) {
                            restoreCase(p);
                        } else {
                            cloneCase(p);
                        }
                    } finally {
                        atPoint = null;
                        if (pgStopped) {
                            PG.server().restart();
                            pgStopped = false;
                        }
                    }
                    System.out.println("crash suite: " + p + " with PostgreSQL stopped took " + seconds(start) + " s");
                }));
    }

    /** The scenarios this class runs (a part of the matrix; the three classes together run all of it). */
    abstract Set<Scenario> scenarios();

    /** The points where PostgreSQL is also stopped: a restore's and a clone's, between filestore and database swap. */
    List<String> pgStoppedPoints() {
        return List.of();
    }

    /** Done while the CLI waits at its point, before it is killed (stopping PostgreSQL); null: nothing. */
    static ThrowingRunnable atPoint;
    /** Whether {@link #atPoint} stopped the cluster, which {@link #killAt} then starts again after the kill. */
    static boolean pgStopped;

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The last case of a scenario, which also proves the next operation succeeds (the ones before are killed). */
    static String lastOf(Scenario scenario) {
        return CASES.entrySet().stream().filter(e -> e.getValue() == scenario).reduce((a, b) -> b).orElseThrow().getKey();
    }

    /**
     * Whether this case also runs the next operation to its end. Every case's killed operation already proves the lock
     * was released and the previous case's leftovers were dealt with (it got as far as its crash point); the last case
     * of each scenario (or every case, with -Dcrash.next=all) runs one more to completion.
     */
    boolean next;

    void killAndRecover(String point, Scenario scenario, boolean last) throws Exception {
        long start = System.nanoTime();
        next = last || "all".equals(System.getProperty("crash.next")) || !System.getProperty("crash.points", "").isBlank();
        switch (scenario) {
            case DEPLOY, FAILED_DEPLOY -> deployCase(point, scenario == Scenario.FAILED_DEPLOY ? sick : runningImage().equals(v2) ? v2b : v2);
            case ROLLBACK -> rollbackCase(point);
            case RESTORE -> restoreCase(point);
            case DISCARD_REPLACED -> discardCase(point);
            case STAGE_CLONE -> cloneCase(point);
            case REFRESH -> refreshCase(point);
            case REHEARSAL -> rehearsalCase(point);
        }
        System.out.println("crash suite: " + point + " took " + seconds(start) + " s");
    }

    private void deployCase(String point, String image) throws Exception {
        String before = dataChecksum("prod") + filestoreChecksum("production", "prod");
        String oldImage = runningImage();
        killAt(point, "deploy", "production", "--image", image, "--update", "all", "--branch", "main");
        CliRun recover = recover("production");
        String after = dataChecksum("prod") + filestoreChecksum("production", "prod");
        assertThat(after).as("a deploy never changes business data or attachments: nothing lost").isEqualTo(before);
        boolean completed = completed(recover);
        assertThat(runningImage()).as("the version recover says runs").isEqualTo(completed ? image : oldImage);
        assertNothingLeftBehind();
        if (next) {
            ok("deploy", "production", "--image", v2, "--update", "all", "--branch", "main", "--lock-timeout", "20s");
            assertNothingLeftBehind();
        }
    }

    private void rollbackCase(String point) throws Exception {
        // the data a completed rollback brings back: that of the snapshot the last deploy took
        ok("deploy", "production", "--image", v2, "--update", "all", "--branch", "main");
        String target = dataChecksum("prod") + filestoreChecksum("production", "prod");
        PG.server().superExecute("prod", "INSERT INTO res_partner (name, email) VALUES ('written after the deploy', "
                + "'after@example.invalid')");
        String before = dataChecksum("prod") + filestoreChecksum("production", "prod");
        assertThat(before).isNotEqualTo(target);
        killAt(point, "rollback", "production", "--branch", "main");
        CliRun recover = recover("production");
        String after = dataChecksum("prod") + filestoreChecksum("production", "prod");
        assertThat(after).as("nothing lost: the data from before the rollback, or the rolled-back-to data as recover says")
                .isEqualTo(completed(recover) ? target : before);
        assertNothingLeftBehind();
        if (next) {
            ok("deploy", "production", "--image", v2, "--update", "all", "--branch", "main", "--lock-timeout", "20s");
            assertNothingLeftBehind();
        }
    }

    private void restoreCase(String point) throws Exception {
        String target = stagingSnapshotState();
        PG.server().superExecute("stage", "INSERT INTO res_partner (name) VALUES ('written on staging after its snapshot')");
        Files.writeString(dir.resolve("staging/filestore/stage/written-after-the-snapshot"), "x");
        String before = dataChecksum("stage") + filestoreChecksum("staging", "stage");
        killAt(point, "restore", "staging", stagingSnapshot);
        CliRun recover = recover("staging");
        String after = dataChecksum("stage") + filestoreChecksum("staging", "stage");
        boolean completed = recover.err().contains("Completing interrupted restore");
        assertThat(completed || recover.err().contains("Undoing interrupted restore") || point.equals("restore:closed"))
                .as("recover says what it did:\n" + recover.err()).isTrue();
        assertThat(after).as("nothing lost: staging's data from before the restore, or the snapshot's, as recover says")
                .isEqualTo(completed || point.equals("restore:closed") ? target : before);
        discardKeptCopies();
        assertNothingLeftBehind();
        if (next) {
            ok("restore", "staging", stagingSnapshot, "--lock-timeout", "20s");
            assertThat(dataChecksum("stage") + filestoreChecksum("staging", "stage")).isEqualTo(target);
            discardKeptCopies();
            assertNothingLeftBehind();
        }
    }

    private void discardCase(String point) throws Exception {
        stagingSnapshotState();
        CliRun restore = ok("restore", "staging", stagingSnapshot);
        String op = restore.out().lines().filter(l -> l.contains("discard-replaced")).findFirst().orElseThrow().replaceAll(".* ", "")
                .replaceAll("[`'\".)]+$", "");
        String state = dataChecksum("stage") + filestoreChecksum("staging", "stage");
        killAt(point, "snapshots", "discard-replaced", "staging", op);
        recover("staging");
        assertThat(dataChecksum("stage") + filestoreChecksum("staging", "stage")).as("the live data is untouched").isEqualTo(state);
        assertNothingLeftBehind();
    }

    private void cloneCase(String point) throws Exception {
        String before = dataChecksum("stage") + filestoreChecksum("staging", "stage");
        killAt(point, "stage-clone", "production", "staging", "--from", "live");
        CliRun recover = recover("staging");
        boolean completed = recover.err().contains("Completing interrupted clone") || point.equals("clone:closed");
        if (completed) {
            assertThat(count("stage", "SELECT count(*) FROM res_partner"))
                    .as("the completed clone is production's copy").isEqualTo(count("prod", "SELECT count(*) FROM res_partner"));
        } else {
            assertThat(recover.err()).contains("Undoing interrupted clone");
            assertThat(dataChecksum("stage") + filestoreChecksum("staging", "stage")).as("nothing lost: staging keeps its data")
                    .isEqualTo(before);
        }
        assertNoProductionEmailOnStaging();
        discardKeptCopies();
        assertNothingLeftBehind();
        if (next) {
            ok("stage-clone", "production", "staging", "--from", "live", "--lock-timeout", "20s");
            assertNoProductionEmailOnStaging();
            discardKeptCopies();
            assertNothingLeftBehind();
        }
    }

    /**
     * A refresh killed at a step of its container handover: {@code recover} completes it (the new container had passed
     * its health check) or puts staging back as it was — the data from before (swapped back when the clone had swapped
     * it) and the previous container running and healthy; never the copy with the old container gone.
     */
    private void refreshCase(String point) throws Exception {
        if (!stagingServes) {
            ok("refresh", "staging", "--from", "live", "--image", v2);
            discardKeptCopies();
            stagingServes = true;
            assertNothingLeftBehind();
        }
        PG.server().superExecute("stage", "INSERT INTO res_partner (name) VALUES ('written on staging before the refresh')");
        String before = dataChecksum("stage") + filestoreChecksum("staging", "stage");
        String stagingBefore = containerId(stagingContainer());
        killAt(point, "refresh", "staging", "--from", "live");
        if (point.equals("refresh:old-stopped")) {
            // staging's Odoo is stopped under its kept name: nothing may run on it before recover looked
            CliRun refused = cli("refresh", "staging", "--from", "live", "--lock-timeout", "20s");
            assertThat(refused.exit()).as(refused.out() + refused.err()).isNotZero();
            assertThat(refused.err()).contains("was interrupted at step 'old-stopped'", "odoo-release recover staging")
                    .as("it names the refresh, not its journal's internal id").doesNotContain("-serve ");
            assertThat(dataChecksum("stage") + filestoreChecksum("staging", "stage")).as("the refusal changed nothing").isEqualTo(before);
        }
        CliRun recover = recover("staging");
        boolean completed = recover.err().contains("Completed refresh") || point.equals("refresh:closed");
        assertThat(completed || recover.err().contains("Undid refresh")).as("recover says what it did:\n" + recover.err()).isTrue();
        if (completed) {
            assertThat(count("stage", "SELECT count(*) FROM res_partner"))
                    .as("the completed refresh is production's copy").isEqualTo(count("prod", "SELECT count(*) FROM res_partner"));
            assertThat(containerId(stagingContainer())).as("the refresh's new container serves").isNotEqualTo(stagingBefore);
        } else {
            assertThat(dataChecksum("stage") + filestoreChecksum("staging", "stage")).as("nothing lost: staging keeps its data")
                    .isEqualTo(before);
            assertThat(containerId(stagingContainer())).as("staging's previous container serves again").isEqualTo(stagingBefore);
        }
        assertNoProductionEmailOnStaging();
        discardKeptCopies();
        assertNothingLeftBehind();
        if (next) {
            ok("refresh", "staging", "--from", "live", "--lock-timeout", "20s");
            discardKeptCopies();
            assertNothingLeftBehind();
        }
    }

    /**
     * A rehearsal of production killed at one of its steps: production is untouched (its business rows, filestore, container
     * and image), and what the dead rehearsal left — its history entry and snapshot pin, its throwaway database, its folder
     * with the filestore copy, its containers — is swept by {@code recover production}, or, at {@code rehearse:serving}
     * (where it left the most), by the next rehearsal, which then passes.
     */
    private void rehearsalCase(String point) throws Exception {
        String before = production();
        String image = runningImage().equals(v2) ? v2b : v2;
        String[] rehearse = {"rehearse", "production", "--image", image, "--update", "all"};
        // to reach its last step cheaply, the killed rehearsal of "dropped" rehearses the broken upgrade: its update fails at
        // once, and it drops everything without starting a server
        killAt(point, point.equals("rehearse:dropped") ? new String[] {"rehearse", "production", "--image", sick, "--update", "all"}
                : rehearse);
        // what the killed rehearsal left, as the point says (so that the sweep below has something to prove)
        List<String> left = rehearsalLeftovers();
        assertThat(left).as("a killed rehearsal leaves its history entry and pin open").contains("unfinished history entry",
                "pinned snapshot");
        switch (point) {
            case "rehearse:copied", "rehearse:neutralized" -> assertThat(left).contains("database", "folder").doesNotContain("container");
            case "rehearse:serving" -> assertThat(left).contains("database", "folder", "container");
            default -> assertThat(left).doesNotContain("database", "folder", "container");
        }
        if (point.equals("rehearse:serving")) {
            CliRun next = ok(rehearse);
            assertThat(next.err()).contains("Dropping what rehearsal ").contains("left behind (it was killed)");
            assertThat(next.out()).contains("on production: PASSED").contains("neutralized with the built-in rules only");
        } else {
            CliRun recover = recover("production");
            assertThat(recover.err()).contains("Dropping what rehearsal ").contains("left behind (it was killed)");
        }
        assertThat(production()).as("production untouched: rows, filestore, container and image").isEqualTo(before);
        assertThat(rehearsalLeftovers()).as("every leftover of the killed rehearsal swept").isEmpty();
        assertThat(count(stateDatabase(), "SELECT count(*) FROM history WHERE operation = 'rehearse' AND finished_at IS NOT NULL "
                + "AND result = 'interrupted'")).as("the killed rehearsals are recorded as interrupted").isPositive();
        assertNothingLeftBehind();
    }

    /** Production as the rehearsal must leave it: business rows, filestore, container id, image. */
    static String production() throws Exception {
        return dataChecksum("prod") + filestoreChecksum("production", "prod") + " container " + containerId(prodContainer) + " "
                + runningImage();
    }

    /** What rehearsals left: kinds of leftovers (database, folder, container, unfinished history entry, pinned snapshot). */
    static List<String> rehearsalLeftovers() throws Exception {
        List<String> left = new ArrayList<>();
        if (count("postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'ors\\_rehearsal\\_%'") > 0) {
            left.add("database");
        }
        Path folders = dir.resolve("production").resolve(".odoo-release").resolve("rehearsals");
        if (Files.isDirectory(folders)) {
            try (Stream<Path> s = Files.list(folders)) {
                if (s.findAny().isPresent()) {
                    left.add("folder");
                }
            }
        }
        // this class's own: other tests on the shared engine rehearse environments named production too
        if (!DockerEngine.docker(Duration.ofSeconds(30), "ps", "-aq", "--filter", "label=dev.odoorelease.rehearsal=production",
                "--filter", "name=" + prodContainer + "-rehearsal-").stdout().isBlank()) {
            left.add("container");
        }
        if (count(stateDatabase(), "SELECT count(*) FROM history WHERE operation = 'rehearse' AND finished_at IS NULL") > 0) {
            left.add("unfinished history entry");
        }
        if (count(stateDatabase(), "SELECT count(*) FROM snapshot WHERE pinned_by LIKE 'rehearsal %'") > 0) {
            left.add("pinned snapshot");
        }
        return left;
    }

    static String stagingContainer() {
        return prefix + "staging";
    }

    static String containerId(String name) {
        return DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.Id}}", name).stdout().strip();
    }

    /** A staging snapshot (taken once) and the data checksum it holds: staging is restored to it first when needed. */
    /** The id of the staging snapshot the restore cases restore (taken the first time). */
    static String stagingSnapshotId() throws Exception {
        if (stagingSnapshot == null) {
            CliRun snap = ok("--json", "snapshot", "staging", "--kind", "dump");
            stagingSnapshot = Output.JSON.readTree(snap.out()).path("result").path("snapshot").path("id").asText();
            assertThat(stagingSnapshot).isNotBlank();
        }
        return stagingSnapshot;
    }

    private String stagingSnapshotState() throws Exception {
        if (stagingSnapshot == null) {
            CliRun snap = ok("--json", "snapshot", "staging", "--kind", "dump");
            stagingSnapshot = Output.JSON.readTree(snap.out()).path("result").path("snapshot").path("id").asText();
            assertThat(stagingSnapshot).isNotBlank();
        } else {
            ok("restore", "staging", stagingSnapshot);
            discardKeptCopies();
        }
        return dataChecksum("stage") + filestoreChecksum("staging", "stage");
    }

    static boolean completed(CliRun recover) {
        return recover.err().contains("Completed ") && recover.err().contains("its new version had passed the health check")
                || recover.out().startsWith("DEPLOYED") || recover.out().contains("Nothing to recover");
    }

    // --- the kill ----------------------------------------------------------------------------------------------------

    /**
     * The packaged CLI started with the test hook naming {@code point}, its standard error read line by line, and
     * whether it reported waiting there.
     */
    record AtPoint(Process process, List<String> lines, CompletableFuture<Boolean> waiting, Thread reader) {
        static AtPoint start(String point, Map<String, String> env, ProcessBuilder.Redirect stdout, String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    cliJar().toString(), "dev.odoorelease.cli.Main", "--config", config.toString()));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout);
            pb.environment().putAll(ENV);
            pb.environment().putAll(env);
            pb.environment().put(CrashPoints.ENV, point);
            Process p = pb.start();
            List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Boolean> waiting = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                        if (l.contains(CrashPoints.MARKER + "waiting at " + point)) {
                            waiting.complete(true);
                        }
                    }
                } catch (java.io.IOException e) {
                    lines.add(e.toString());
                }
                waiting.complete(false);
            }, "crash-point-reader");
            reader.setDaemon(true);
            reader.start();
            return new AtPoint(p, lines, waiting, reader);
        }

        /** Whether it reached the point within a case's time. */
        boolean reached() throws Exception {
            try {
                return waiting.get(CASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return false;
            }
        }

        String log() {
            return String.join("\n", lines);
        }
    }

    /** Runs the packaged CLI with the hook naming {@code point}, waits until it waits there, and kills it with SIGKILL. */
    static void killAt(String point, String... args) throws Exception {
        killed = -1;
        AtPoint cli = AtPoint.start(point, Map.of(), ProcessBuilder.Redirect.DISCARD, args);
        Process p = cli.process();
        boolean reached = cli.reached();
        try {
            if (reached && atPoint != null) {
                atPoint.run();
                pgStopped = true;
                System.out.println("crash suite: PostgreSQL stopped (pg_ctl stop -m immediate) at " + point);
            }
        } finally {
            // kill -9: Process.destroyForcibly sends SIGKILL on Linux, so no shutdown hook or finally block runs
            p.destroyForcibly();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI died").isTrue();
        cli.reader().join(10_000);
        if (pgStopped) {
            PG.server().restart();
            pgStopped = false;
        }
        String log = cli.log();
        System.out.println("$ " + CrashPoints.ENV + "=" + point + " odoo-release " + String.join(" ", args) + "   # kill -9 at the point\n" + log);
        assertThat(reached).as("the operation reached crash point " + point + ":\n" + log).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        killed = p.pid();
        assertThat(cli.lines()).as("every journaled step on the way is a registered crash point")
                .noneMatch(l -> l.startsWith(CrashPoints.MARKER + "UNREGISTERED"));
    }

    /**
     * Runs the packaged CLI with the hook naming {@code point} and a resume file: when it waits there, {@code fault}
     * breaks something (cuts Docker, fills the disk), and the operation goes on to meet it. Returns how it ended.
     */
    static CliRun breakAt(String point, Map<String, String> env, ThrowingRunnable fault, String... args) throws Exception {
        Path resume = dir.resolve("resume-" + System.nanoTime());
        Path out = dir.resolve("out-" + System.nanoTime());
        Map<String, String> withResume = new HashMap<>(env);
        withResume.put(CrashPoints.RESUME_ENV, resume.toString());
        AtPoint cli = AtPoint.start(point, withResume, ProcessBuilder.Redirect.to(out.toFile()), args);
        Process p = cli.process();
        try {
            assertThat(cli.reached()).as("the operation reached point " + point + ":\n" + cli.log()).isTrue();
            fault.run();
            Files.createFile(resume);
            assertThat(p.waitFor(CASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the operation ended").isTrue();
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(resume);
        }
        cli.reader().join(10_000);
        CliRun r = new CliRun(p.exitValue(), Files.readString(out), cli.log());
        Files.delete(out);
        System.out.println("$ " + CrashPoints.ENV + "=" + point + " odoo-release " + String.join(" ", args)
                + "   # broken at the point\n" + r.out() + r.err() + "\n(exit " + r.exit() + ")");
        return r;
    }

    /** Fills the filesystem holding {@code folder} to its last byte; returns the file to delete to free it again. */
    static Path fill(Path folder) throws java.io.IOException {
        Path filler = folder.resolve("disk-filler");
        try (java.io.OutputStream o = Files.newOutputStream(filler)) {
            for (int chunk : new int[] {1 << 20, 4096, 1}) {
                byte[] bytes = new byte[chunk];
                try {
                    while (true) {
                        o.write(bytes);
                        o.flush();
                    }
                } catch (java.io.IOException full) {
                    // no room for another chunk of this size: go on with smaller ones
                }
            }
        } catch (java.io.IOException closeOnFullDisk) {
            // close may report the last failed write again
        }
        assertThat(folder.toFile().getUsableSpace()).as("the disk is full").isLessThan(4096);
        return filler;
    }

    /** The pid of the CLI process killed last. */
    static long killed = -1;

    /** {@code odoo-release recover <env>} in a new process of the packaged CLI (which also cleans the dead one's secrets). */
    static CliRun recover(String env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                cliJar().toString(), "dev.odoorelease.cli.Main", "--config", config.toString(), "recover", env));
        pb.environment().putAll(ENV);
        pb.environment().remove(CrashPoints.ENV);
        Process p = pb.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        // the passwords come from the environment only
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(CASE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("recover finished").isTrue();
        CliRun r = new CliRun(p.exitValue(), out, err.get());
        System.out.println("$ odoo-release recover " + env + "\n" + r.out() + r.err() + "(exit " + r.exit() + ")");
        assertThat(r.exit()).as("recover " + env + ":\n" + r.out() + r.err()).isZero();
        return r;
    }

    static Path cliJar() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("odoo-release-cli-.*\\.jar")
                    && !p.getFileName().toString().contains("sources") && !p.getFileName().toString().contains("tests"))
                    .findFirst().orElseThrow(() -> new AssertionError("the CLI jar is not built")).toAbsolutePath();
        }
    }

    // --- what is there -----------------------------------------------------------------------------------------------

    static String runningImage() {
        return DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.Config.Image}}", prodContainer).stdout().strip();
    }

    /** The business rows of a database (partners, attachments, messages), order-independent. */
    static String dataChecksum(String db) throws Exception {
        try (Connection c = PG.server().superConnect(db)) {
            return dataChecksum(c);
        }
    }

    /** The business rows of the database {@code c} is connected to. */
    static String dataChecksum(Connection c) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement()) {
            for (String table : List.of("res_partner", "ir_attachment", "mail_message")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(md5(t::text), ',' ORDER BY md5(t::text)), ''))"
                        + " FROM " + table + " t")) {
                    rs.next();
                    sb.append(table).append('=').append(rs.getLong(1)).append('/').append(rs.getString(2)).append(' ');
                }
            }
        }
        return sb.toString();
    }

    static long count(String db, String sql) throws Exception {
        try (Connection c = PG.server().superConnect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every file of a filestore (its {@code checklist/} left out): relative path and content digest. */
    static String filestoreChecksum(String env, String db) throws Exception {
        Path root = dir.resolve(env).resolve("filestore").resolve(db);
        if (!Files.isDirectory(root)) {
            return "no filestore";
        }
        StringBuilder sb = new StringBuilder(" filestore:");
        try (Stream<Path> files = Files.walk(root)) {
            // checklist/ is Odoo's list of files to garbage-collect, not data: snapshots leave it out (FilestoreCopier)
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !root.relativize(f).startsWith("checklist")).sorted().toList()) {
                sb.append(' ').append(root.relativize(f)).append('=').append(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))), 0, 12);
            }
        }
        return sb.toString();
    }

    static void assertNoProductionEmailOnStaging() throws Exception {
        List<String> emails = new ArrayList<>();
        try (Connection c = PG.server().superConnect("prod"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT email FROM res_partner WHERE email LIKE '%@%' LIMIT 20")) {
            while (rs.next()) {
                emails.add(rs.getString(1));
            }
        }
        assertThat(emails).isNotEmpty();
        try (Connection c = PG.server().superConnect("stage"); java.sql.PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM res_partner WHERE email = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", emails.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("no production e-mail on staging").isZero();
            }
        }
    }

    /** Discards the data kept by finished restores and clones of staging (what an operator does once satisfied). */
    static void discardKeptCopies() throws Exception {
        for (String op : kept("staging")) {
            ok("snapshots", "discard-replaced", "staging", op);
        }
    }

    static List<String> kept(String env) throws Exception {
        List<String> ops = new ArrayList<>();
        try (Connection c = PG.server().superConnect(stateDatabase()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT operation_id FROM journal WHERE environment = '" + env + "' AND NOT open "
                     + "AND operation IN ('restore', 'clone', 'reinstate') AND step LIKE 'swapped%'")) {
            while (rs.next()) {
                ops.add(rs.getString(1));
            }
        }
        return ops;
    }

    static String stateDatabase() throws Exception {
        return stateDatabase(PG.server());
    }

    /** The name of odoo-release's state database on {@code pg}. */
    static String stateDatabase(PgServer pg) throws Exception {
        try (Connection c = pg.superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'odoo\\_release\\_%' ORDER BY 1")) {
            assertThat(rs.next()).as("the state database").isTrue();
            return rs.getString(1);
        }
    }

    /**
     * Nothing left behind: every database is a live one, the state database, a recorded usable snapshot or a copy the
     * journal says is kept; no open journal; no unfinished history entry; no temporary folder; no secret folder of a dead
     * process; the environments' containers only (production's, and staging's once a refresh case started it), running
     * and healthy; no file with the password but the running containers' configuration.
     */
    static void assertNothingLeftBehind() throws Exception {
        Set<String> allowed = new TreeSet<>(List.of("postgres", "template0", "template1", "prod", "stage"));
        Map<String, Long> problems = new HashMap<>();
        try (Connection c = PG.server().superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'odoo\\_release\\_%'")) {
            while (rs.next()) {
                allowed.add(rs.getString(1));
            }
        }
        String state = stateDatabase();
        try (Connection c = PG.server().superConnect(state); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT database_name FROM snapshot WHERE database_name IS NOT NULL "
                    + "AND status IN ('verified', 'restored')")) {
                while (rs.next()) {
                    allowed.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT data->>'replacedDb' FROM journal WHERE NOT open AND step LIKE 'swapped%'")) {
                while (rs.next()) {
                    allowed.add(rs.getString(1));
                }
            }
            // a pin no running operation holds keeps its snapshot from retention for ever
            for (String q : List.of("SELECT count(*) FROM journal WHERE open", "SELECT count(*) FROM history WHERE finished_at IS NULL",
                    "SELECT count(*) FROM snapshot WHERE status = 'creating'", "SELECT count(*) FROM snapshot WHERE pinned_by IS NOT NULL")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    rs.next();
                    if (rs.getLong(1) != 0) {
                        problems.put(q, rs.getLong(1));
                    }
                }
            }
            if (!problems.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                try (ResultSet rs = s.executeQuery("SELECT operation_id, operation, step, open FROM journal ORDER BY started_at DESC LIMIT 8")) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append(' ')
                                .append(rs.getBoolean(4)).append('\n');
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT operation_id, operation, result FROM history ORDER BY id DESC LIMIT 8")) {
                    while (rs.next()) {
                        sb.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
                    }
                }
                assertThat(problems).as("no open journal, no unfinished history entry, no unfinished snapshot:\n" + sb).isEmpty();
            }
        }
        List<String> databases = new ArrayList<>();
        try (Connection c = PG.server().superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
            while (rs.next()) {
                databases.add(rs.getString(1));
            }
        }
        assertThat(databases).as("no temporary or unrecorded database").allMatch(allowed::contains);

        for (String env : List.of("production", "staging")) {
            Path tmp = dir.resolve(env).resolve(".odoo-release").resolve("tmp");
            if (Files.isDirectory(tmp)) {
                try (Stream<Path> left = Files.list(tmp)) {
                    assertThat(left.toList()).as("no temporary folder of " + env).isEmpty();
                }
            }
        }
        Path secrets = dev.odoorelease.engine.internal.process.SecretFiles.root();
        if (killed > 0 && Files.isDirectory(secrets)) {
            try (Stream<Path> left = Files.list(secrets)) {
                assertThat(left.map(p -> p.getFileName().toString()).toList()).as("no secret folder of the killed process")
                        .noneMatch(n -> n.startsWith(killed + "-"));
            }
        }
        String containers = DockerEngine.docker(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}} {{.State}}",
                "--filter", "name=" + prefix).stdout().strip();
        List<String> serving = stagingServes ? List.of(prodContainer, stagingContainer()) : List.of(prodContainer);
        assertThat(containers.lines().sorted().toList()).as("the environments' containers only, running")
                .isEqualTo(serving.stream().map(c -> c + " running").sorted().toList());
        CliRun health = cli("health", "production");
        assertThat(health.exit()).as("production's Odoo is healthy:\n" + health.out()).isZero();
        if (stagingServes) {
            CliRun stagingHealth = cli("health", "staging");
            assertThat(stagingHealth.exit()).as("staging's Odoo is healthy:\n" + stagingHealth.out()).isZero();
        }
        StringBuilder mountedBy = new StringBuilder();
        for (String c : serving) {
            mountedBy.append(DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format",
                    "{{range .Mounts}}{{.Source}} {{end}}", c).stdout());
        }
        String mounted = mountedBy.toString();
        List<Path> withPassword = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(f) < 1_000_000 && new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(PASSWORD)) {
                    withPassword.add(f);
                }
            }
        }
        assertThat(withPassword).as("no file holds the password but the running container's configuration")
                .allMatch(f -> mounted.contains(f.toString()) || mounted.contains(f.getParent().toString()));
    }
}
