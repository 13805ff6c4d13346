package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.state.CrashPoints;
import dev.odoorelease.engine.internal.swarm.LoadBalancer;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.SwarmState;
import dev.odoorelease.testkit.TcpForwarder;
import dev.odoorelease.testkit.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection suite's swarm deploys: the packaged CLI deploys to a {@code runtime: swarm} environment (a real single-node
 * swarm, the managed HAProxy, 2 instances and the cron instance of the stand-in) with the test hook naming a
 * {@code swarm-deploy:*} point, is sent {@code SIGKILL} there, and {@code odoo-release recover} runs. Each case asserts: nothing
 * lost (business rows and filestore as before: a module update changes neither), every instance and the cron instance on one
 * image — the new one when recover completed the deploy, the previous one otherwise — and running healthy, the maintenance page
 * off, nothing left behind (no open journal, no unfinished history entry, no update container); the last case also deploys again.
 * The points: a module update killed with every instance stopped behind the maintenance page (before its snapshot: put back
 * without a restore), once its update ran as the new instances start (put back with the snapshot restored), and once they passed
 * the health check (completed); a rolling code-only deploy killed once the swarm rolled every instance,
 * before its check through the load balancer. One swarm set-up
 * and one PostgreSQL cluster serve them all (the rest of the {@code swarm-deploy:*} points are the same steps of the same journal).
 */
class CrashRecoverySwarmIT {
    static final List<String> POINTS = List.of("swarm-deploy:scaled-down", "swarm-deploy:starting-new", "swarm-deploy:healthy",
            "swarm-deploy:rolled");
    static final String DB = "swarmcrash";
    @TempDir
    static Path dir;
    static PgServer pg;
    static TcpForwarder forward;
    static String prefix;
    static SwarmRuntime swarm;
    static String v1;
    static String v2;
    static String v2b;
    static long start;
    static Duration suiteCaseTimeout;

    @BeforeAll
    static void swarmEnvironment() throws Exception {
        start = System.nanoTime();
        // a module update stops, snapshots, updates and starts 3 instances before its last points: more than one container's 3 min
        // on a loaded machine
        suiteCaseTimeout = CrashRecoverySuite.CASE_TIMEOUT;
        CrashRecoverySuite.CASE_TIMEOUT = Duration.ofMinutes(8);
        SwarmState.requireManager();
        v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("swarm-crash-v1").build();
        v2 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").tagSuffix("swarm-crash-v2").build();
        v2b = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").tagSuffix("swarm-crash-v2b").build();
        pg = PgServer.start("swarm-crash");
        ReleaseImages.createRole(pg, CrashRecoverySuite.USER, CrashRecoverySuite.PASSWORD);
        Path data = dir.resolve("production");
        Files.createDirectories(data);
        StandInContainer.prepareDataDir(data);
        StandInContainer.image(v2).dataDir(data).env("HOST", pg.host()).env("PORT", String.valueOf(pg.port()))
                .env("USER", CrashRecoverySuite.USER).env("PASSWORD", CrashRecoverySuite.PASSWORD).initDatabase(DB);
        StandInContainer.prepareDataDir(data);
        Files.createDirectories(data.resolve("filestore").resolve(DB).resolve("ab"));
        Files.writeString(data.resolve("filestore").resolve(DB).resolve("ab").resolve("an-attachment"), "kept byte for byte");
        String gateway = SwarmState.gatewayAddress();
        forward = TcpForwarder.on(gateway, pg.host(), pg.port());
        prefix = TestNames.prefix("odoo");
        int lbPort = FreePorts.next();
        swarm = new SwarmRuntime(prefix + "web", 2, List.of(prefix + "net"), null, true, "dnsrr", List.of(), Map.of(),
                Duration.ofSeconds(5), SwarmLoadBalancer.managed(lbPort).withBaseImage(StandInImage.BASE_IMAGE).withRetryAfter(7));
        String yaml = """
                project: crash-swarm
                environments:
                  - name: production
                    kind: production
                    branch: main
                    database: {host: %s, port: %d, name: %s, user: %s, passwordEnv: PROD_DB_PASSWORD}
                    dataDir: %s
                    url: http://127.0.0.1:%d
                    health: {timeout: 90s, pollInterval: 1s, expectedSeries: "17.0"}
                    runtime: swarm
                    swarm:
                      service: %s
                      instances: 2
                      networks: [%s]
                      endpointMode: dnsrr
                      stopGrace: 5s
                      loadBalancer: {managed: true, port: %d, baseImage: "%s", retryAfter: 7s}
                """.formatted(gateway, forward.port(), DB, CrashRecoverySuite.USER, data, lbPort, swarm.service(), swarm.networks().get(0),
                lbPort, StandInImage.BASE_IMAGE);
        CrashRecoverySuite.config = Files.writeString(dir.resolve("odoo-release.yml"), yaml);
        CrashRecoverySuite.dir = dir;
        CrashRecoverySuite.ok("deploy", "production", "--image", v2, "--update", "none", "--allow-skipped-updates", "--branch", "main");
        // the first update of base rewrites base's own records (as Odoo reloads its data files): done once here, so that a case's
        // completed update changes no row
        CrashRecoverySuite.ok("deploy", "production", "--image", v2b, "--update", "base", "--branch", "main");
        System.out.println("swarm crash suite: setup took " + CrashRecoverySuite.seconds(start) + " s");
    }

    @AfterAll
    static void tearDown() {
        if (suiteCaseTimeout != null) {
            CrashRecoverySuite.CASE_TIMEOUT = suiteCaseTimeout;
        }
        if (prefix != null) {
            SwarmState.remove(prefix);
            for (String c : DockerEngine.docker(Duration.ofSeconds(30), "ps", "-aq", "--filter", "name=" + prefix).stdout().split("\\s+")) {
                if (!c.isBlank()) {
                    DockerEngine.removeContainers(c);
                }
            }
        }
        if (forward != null) {
            forward.close();
        }
        if (pg != null) {
            pg.close();
        }
        System.out.println("swarm crash suite: " + POINTS.size() + " crash points in " + CrashRecoverySuite.seconds(start) + " s");
    }

    @Test
    void theSwarmPointsKilledHereAreRegistered() {
        assertThat(CrashPoints.ALL).containsAll(POINTS);
    }

    @TestFactory
    Stream<DynamicTest> aSwarmDeployKilledAtItsStepsIsFinishedOrPutBackByRecover() {
        String only = System.getProperty("crash.points", "");
        return POINTS.stream().filter(p -> only.isBlank() || List.of(only.split(",")).contains(p))
                .map(p -> DynamicTest.dynamicTest(p, () -> killAndRecover(p, p.equals(POINTS.get(POINTS.size() - 1)))));
    }

    void killAndRecover(String point, boolean last) throws Exception {
        long t = System.nanoTime();
        String before = dataChecksum() + filestoreChecksum();
        String oldImage = image(swarm.service());
        String newImage = oldImage.equals(v2) ? v2b : v2;
        boolean roll = point.equals("swarm-deploy:rolled");
        CrashRecoverySuite.killAt(point, "deploy", "production", "--image", newImage, "--update", roll ? "none" : "base",
                "--allow-skipped-updates", "--branch", "main");
        CliRun recover = CrashRecoverySuite.recover("production");
        boolean completed = CrashRecoverySuite.completed(recover);
        assertThat(dataChecksum() + filestoreChecksum()).as("nothing lost").isEqualTo(before);
        String expected = completed ? newImage : oldImage;
        assertThat(runningImages(swarm.service())).as("every instance on the image recover says runs:\n" + recover.err())
                .hasSize(2).allMatch(i -> i.startsWith(expected));
        assertThat(runningImages(swarm.cronService())).hasSize(1).allMatch(i -> i.startsWith(expected));
        assertNothingLeftBehind();
        if (last) {
            CrashRecoverySuite.ok("deploy", "production", "--image", v1, "--update", "base", "--allow-skipped-updates", "--branch", "main",
                    "--lock-timeout", "20s");
            assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v1));
            assertNothingLeftBehind();
        }
        System.out.println("swarm crash suite: " + point + " took " + CrashRecoverySuite.seconds(t) + " s");
    }

    static void assertNothingLeftBehind() throws Exception {
        DockerCli docker = DockerCli.local();
        assertThat(new LoadBalancer(swarm, "production", docker, ProgressListener.NONE).maintenanceOn()).as("the maintenance page is off")
                .isFalse();
        try (Connection c = pg.superConnect(CrashRecoverySuite.stateDatabase(pg)); Statement s = c.createStatement()) {
            for (String q : List.of("SELECT count(*) FROM journal WHERE open", "SELECT count(*) FROM history WHERE finished_at IS NULL",
                    "SELECT count(*) FROM snapshot WHERE status = 'creating'")) {
                try (ResultSet rs = s.executeQuery(q)) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(q).isZero();
                }
            }
        }
        assertThat(DockerEngine.docker(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}}", "--filter",
                "name=" + swarm.service() + "-update").stdout().strip()).as("no update container left").isEmpty();
        CliRun health = CrashRecoverySuite.cli("health", "production");
        assertThat(health.exit()).as("Odoo is healthy through the load balancer:\n" + health.out()).isZero();
    }

    static String image(String service) {
        return DockerEngine.docker(Duration.ofSeconds(30), "service", "inspect", "--format", "{{.Spec.TaskTemplate.ContainerSpec.Image}}",
                service).stdout().strip();
    }

    static List<String> runningImages(String service) {
        String out = DockerEngine.check(Duration.ofMinutes(1), "service", "ps", "--filter", "desired-state=running", "--format",
                "{{.Image}} {{.CurrentState}}", service);
        return out.lines().map(String::strip).filter(l -> l.contains(" Running")).map(l -> l.split(" ")[0]).toList();
    }

    static String dataChecksum() throws Exception {
        try (Connection c = pg.superConnect(DB)) {
            return CrashRecoverySuite.dataChecksum(c);
        }
    }

    static String filestoreChecksum() throws Exception {
        return CrashRecoverySuite.filestoreChecksum("production", DB);
    }
}
