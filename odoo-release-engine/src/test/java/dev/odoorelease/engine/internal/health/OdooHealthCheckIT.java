package dev.odoorelease.engine.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.internal.docker.ContainerSpec;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.StandInImage.Variant;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.ContainerDiagnostics;
import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * {@link OdooHealthCheck} against real stand-in containers: a good server passes every probe, a crashing one fails
 * fast with its exit code and log tail, a broken /web/health, a slow start, an unknown database and extra URLs.
 */
class OdooHealthCheckIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("health");

    @TempDir
    static Path dataDir;

    static final List<String> CREATED = new CopyOnWriteArrayList<>();
    static final DockerCli DOCKER = DockerCli.local();
    static String good;
    static String goodServer;
    static int goodPort;

    final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startGoodServer() {
        StandIns.requireEngine();
        good = StandInImage.series("17.0").build();
        RunResult init = DOCKER.containers().runToCompletion(StandIns.job(good, PG.server(), dataDir, "-d", "prod", "-i", "base",
                "--stop-after-init", "--without-demo=all").name(name("init")).build(), Duration.ofMinutes(3));
        assertThat(init.exitCode()).as(init.logs()).isZero();
        goodPort = StandIns.freePort();
        goodServer = name("good");
        DOCKER.containers().run(StandIns.server(good, PG.server(), dataDir, goodPort, "-d", "prod").name(goodServer).build());
    }

    @AfterAll
    static void removeContainers() {
        StandIns.removeAll(CREATED);
    }

    static String name(String prefix) {
        String n = StandIns.uniqueName("health-" + prefix);
        CREATED.add(n);
        return n;
    }

    static HealthSettings.Builder settings(int port) {
        return HealthSettings.forUrl("http://127.0.0.1:" + port).database("prod").pollInterval(Duration.ofMillis(500));
    }

    /** Starts a server of this image on a free port; returns its port. */
    static int startServer(String image, String name, String... envPairs) {
        int port = StandIns.freePort();
        ContainerSpec.Builder spec = StandIns.server(image, PG.server(), dataDir, port, "-d", "prod").name(name);
        for (int i = 0; i + 1 < envPairs.length; i += 2) {
            spec.env(envPairs[i], envPairs[i + 1]);
        }
        DOCKER.containers().run(spec.build());
        return port;
    }

    @Test
    void goodServerPassesEveryProbe() {
        HealthReport report = OdooHealthCheck.of(settings(goodPort).timeout(Duration.ofSeconds(60))
                        .expectedSeries("17.0").urlCheck("web/health", 200, "\"status\": \"pass\"").build())
                .container(DOCKER, goodServer)
                .progress(progress::add)
                .check();

        assertThat(report.healthy()).isTrue();
        assertThat(report.container()).isNull();
        assertThat(report.probes()).extracting(ProbeResult::probe).containsExactly(
                "container " + goodServer, "GET /web/health?db_server_status=1", "GET /web/login?db=prod",
                "reached container " + goodServer,
                "log of container " + goodServer, "POST /web/webclient/version_info", "GET /web/health");
        assertThat(report.probes()).allMatch(ProbeResult::passed);
        assertThat(report.probes().get(4).actual()).containsAnyOf("Modules loaded.", "Registry loaded in");
        assertThat(report.probes().get(5).actual()).isEqualTo("server_serie 17.0");
        assertThat(progress.get(0)).contains("; container " + goodServer);
        assertThat(progress.get(progress.size() - 1)).contains(" is healthy (database prod): ");
    }

    @Test
    void consecutivePassesAreCountedOnARealServer() {
        OdooHealthCheck.of(settings(goodPort).timeout(Duration.ofSeconds(60)).build()).container(DOCKER, goodServer)
                .check();

        HealthReport report = OdooHealthCheck.of(settings(goodPort).timeout(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).consecutivePasses(3).build())
                .container(DOCKER, goodServer)
                .check();

        assertThat(report.attempts()).as("a ready server passes three times in a row").isEqualTo(3);
    }

    /**
     * Odoo started without {@code -d} serves any database the role owns, so a database that does not exist is asked
     * for, the registry fails and Odoo keeps redirecting. (With {@code -d prod}, Odoo serves prod whatever
     * {@code ?db=} says, like the real Odoo; docs/health-checks.md.)
     */
    @Test
    void unknownDatabaseFailsOnTheLoginPage() {
        String name = name("multidb");
        int port = StandIns.freePort();
        DOCKER.containers().run(StandIns.server(good, PG.server(), dataDir, port).name(name).build());
        // the 5 s below are for the redirects, not for the start (CI saw "connection refused" when it was slow)
        StandIns.awaitListening(port, Duration.ofSeconds(120));

        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(port).database("no_such_db").timeout(Duration.ofSeconds(5))
                        .requireLogLines(false).build()).container(DOCKER, name).check());

        assertThat(e.errorCode()).isEqualTo(ErrorCode.HEALTH);
        assertThat(e.getMessage())
                .contains("last probe GET /web/login?db=no_such_db: expected HTTP 200 (the login page of database"
                        + " no_such_db), saw HTTP 30")
                .contains("that the database exists")
                .contains("Last log lines of container " + name + ":\n");
        assertThat(e.report().container()).isNotNull()
                .satisfies(d -> assertThat(d.status()).isEqualTo("running"))
                .satisfies(d -> assertThat(d.logTail()).isNotBlank());
        assertThat(OdooHealthCheck.of(settings(port).timeout(Duration.ofSeconds(60)).build()).container(DOCKER, name)
                .check().healthy()).as("the same server serves prod").isTrue();
    }

    @Test
    void extraUrlChecksOnARealServer() {
        HealthReport ok = OdooHealthCheck.of(settings(goodPort).timeout(Duration.ofSeconds(60))
                        .urlCheck("web/health", 200, "pass").urlCheck("/web/login?db=prod", 200, null).build())
                .check();
        assertThat(ok.probes()).extracting(ProbeResult::probe).endsWith("GET /web/health", "GET /web/login?db=prod");

        HealthCheckTimeoutException missing = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(goodPort).timeout(Duration.ofSeconds(3))
                        .urlCheck("web/not-a-route", 200, null).build()).check());
        assertThat(missing.getMessage()).contains("last probe GET /web/not-a-route: expected HTTP 200, saw HTTP 404");

        HealthCheckTimeoutException text = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(goodPort).timeout(Duration.ofSeconds(3))
                        .urlCheck("web/health", 200, "maintenance").build()).check());
        assertThat(text.getMessage()).contains("GET /web/health: expected HTTP 200 containing \"maintenance\", saw HTTP"
                + " 200 without \"maintenance\"");
    }

    @Test
    void crashAtStartFailsFastWithExitCodeAndLogTail() {
        String crashing = StandInImage.series("17.0").variant(Variant.CRASH_AT_START).build();
        String name = name("crash");
        int port = startServer(crashing, name);
        long start = System.nanoTime();

        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(port).timeout(Duration.ofSeconds(120)).build())
                        .container(DOCKER, name).progress(progress::add).check());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("does not wait out the 120 s")
                .isLessThan(Duration.ofSeconds(60));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.HEALTH);
        assertThat(e.getMessage())
                .contains("gave up after")
                .contains("before the timeout of 120 s")
                .contains("container " + name + ": expected running, not restarting, saw exited with code 1")
                .contains("Last log lines of container " + name + ":\n")
                .contains("Failed to start the server");
        ContainerDiagnostics d = e.report().container();
        assertThat(d.exitCode()).isEqualTo(1);
        assertThat(d.oomKilled()).isFalse();
        assertThat(d.restartCount()).isZero();
        assertThat(d.status()).isEqualTo("exited");
        assertThat(d.logTail()).contains("CRITICAL");
        assertThat(d.logTail().split("\n")).hasSizeLessThanOrEqualTo(OdooHealthCheck.LOG_TAIL_LINES);
        assertThat(d.summary()).isEqualTo("container " + name + ": exited with code 1 (OOMKilled false, 0 restarts)");
    }

    @Test
    void failingHealthEndpointIsReportedWithTheStatusSeen() {
        String broken = StandInImage.series("17.0").variant(Variant.HEALTH_500).build();
        String name = name("h500");
        int port = startServer(broken, name);
        StandIns.awaitListening(port, Duration.ofSeconds(120));

        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(port).timeout(Duration.ofSeconds(15)).build())
                        .container(DOCKER, name).check());

        assertThat(e.getMessage())
                .contains("last probe GET /web/health?db_server_status=1: expected HTTP 200 {\"status\": \"pass\","
                        + " \"db_server_status\": true}, saw HTTP 500")
                .contains("reaches its PostgreSQL server");
        assertThat(e.report().probes().get(0).passed()).as("the container itself runs").isTrue();
    }

    @Test
    void slowStartPassesWithEnoughTimeAndFailsWithTooLittle() {
        String slow = StandInImage.series("17.0").variant(Variant.SLOW_START).build();
        String name = name("slow");
        int port = startServer(slow, name, "STANDIN_START_DELAY", "8");

        HealthCheckTimeoutException tooShort = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(port).timeout(Duration.ofSeconds(4)).build())
                        .container(DOCKER, name).check());
        assertThat(tooShort.report().healthy()).isFalse();
        assertThat(tooShort.getMessage()).contains("timeout 4 s");

        HealthReport report = OdooHealthCheck.of(settings(port).timeout(Duration.ofSeconds(60)).build())
                .container(DOCKER, name).progress(progress::add).check();
        assertThat(report.healthy()).isTrue();
        assertThat(report.probes()).extracting(ProbeResult::probe).contains("log of container " + name);
    }
}
