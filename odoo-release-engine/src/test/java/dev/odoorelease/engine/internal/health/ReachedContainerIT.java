package dev.odoorelease.engine.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.TcpForwarder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * A health check proves it reached the container it checks ({@link ReachedContainer}), against real stand-in
 * containers: a URL that leads to another Odoo fails, the container's own log proves a direct URL and a proxy, and
 * when the container hides its request lines ({@code --log-level=warn}) only its own address proves it.
 */
class ReachedContainerIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("reached");

    @TempDir
    static Path dataDir;

    static final List<String> CREATED = new CopyOnWriteArrayList<>();
    static final DockerCli DOCKER = DockerCli.local();
    /** Two servers that log their requests (Odoo's default), one that does not. */
    static String a;
    static String b;
    static String quiet;
    static int portA;
    static int portB;
    static int portQuiet;

    @BeforeAll
    static void startServers() {
        StandIns.requireEngine();
        String image = StandInImage.series("17.0").build();
        String init = name("init");
        RunResult r = DOCKER.containers().runToCompletion(StandIns.job(image, PG.server(), dataDir, "-d", "prod", "-i", "base",
                "--stop-after-init", "--without-demo=all").name(init).build(), Duration.ofMinutes(3));
        assertThat(r.exitCode()).as(r.logs()).isZero();
        a = name("a");
        portA = StandIns.freePort();
        DOCKER.containers().run(StandIns.server(image, PG.server(), dataDir, portA, "-d", "prod").name(a).build());
        b = name("b");
        portB = StandIns.freePort();
        DOCKER.containers().run(StandIns.server(image, PG.server(), dataDir, portB, "-d", "prod").name(b).build());
        quiet = name("quiet");
        portQuiet = StandIns.freePort();
        DOCKER.containers().run(StandIns.server(image, PG.server(), dataDir, portQuiet, "-d", "prod", "--log-level=warn")
                .name(quiet).build());
    }

    @AfterAll
    static void removeContainers() {
        StandIns.removeAll(CREATED);
    }

    static String name(String prefix) {
        String n = StandIns.uniqueName("reached-" + prefix);
        CREATED.add(n);
        return n;
    }

    static HealthSettings.Builder settings(int port, Duration timeout) {
        return HealthSettings.forUrl("http://127.0.0.1:" + port).database("prod").pollInterval(Duration.ofMillis(500))
                .timeout(timeout);
    }

    static ProbeResult reached(HealthReport report, String container) {
        return report.probes().stream().filter(p -> p.probe().equals("reached container " + container)).findFirst()
                .orElseThrow(() -> new AssertionError("no proof probe in " + report.probes()));
    }

    @Test
    void theContainersLogProvesTheUrlReachedIt() {
        HealthReport report = OdooHealthCheck.of(settings(portA, Duration.ofSeconds(60)).build())
                .container(DOCKER, a).check();

        assertThat(report.healthy()).isTrue();
        assertThat(reached(report, a).passed()).isTrue();
        assertThat(reached(report, a).actual())
                .startsWith("proof: the container's log shows the request through the URL (/web/health?"
                        + "db_server_status=orsprobe")
                .endsWith(", HTTP 200)");
        assertThat(DOCKER.containers().logs(a, 200)).as("Odoo logs the probe's request line through werkzeug at INFO")
                .containsPattern("INFO \\S+ werkzeug: \\S+ - - \\[[^]]+\\] \"GET /web/health\\?db_server_status="
                        + "orsprobe[0-9a-f]{24} HTTP/1.1\" 200 - ");
    }

    @Test
    void aProxyToTheContainerIsProvenByItsLog() {
        try (TcpForwarder proxy = TcpForwarder.to("127.0.0.1", portA)) {
            HealthReport report = OdooHealthCheck.of(settings(proxy.port(), Duration.ofSeconds(60)).build())
                    .container(DOCKER, a).check();

            assertThat(reached(report, a).actual()).startsWith("proof: the container's log shows the request");
        }
    }

    @Test
    void aUrlThatLeadsToAnotherContainerFails() {
        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(portA, Duration.ofSeconds(30)).build()).container(DOCKER, b).check());

        assertThat(e).as("container b is healthy, but the URL is a's").isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.HEALTH);
        assertThat(e.getMessage())
                .startsWith("Unable to confirm http://127.0.0.1:" + portA + "/ is healthy")
                .contains("gave up after").contains("reached container " + b + ": expected the URL's answer comes from container " + b)
                .contains("saw the URL answered HTTP 200 but not from container " + b + ": ")
                .contains("Check that the URL of the check leads to this environment's own container");
        assertThat(e.report().healthy()).isFalse();
        assertThat(OdooHealthCheck.of(settings(portB, Duration.ofSeconds(60)).build()).container(DOCKER, b).check()
                .healthy()).as("b's own URL proves it").isTrue();
    }

    @Test
    void withoutRequestLinesTheContainersOwnAddressProvesIt() {
        HealthReport report = OdooHealthCheck.of(settings(portQuiet, Duration.ofSeconds(60)).requireLogLines(false)
                .build()).container(DOCKER, quiet).check();

        assertThat(report.healthy()).isTrue();
        assertThat(reached(report, quiet).actual()).isEqualTo("proof: the URL is the container's own address (its"
                + " log shows no request lines): host network, Odoo's http port " + portQuiet);
        assertThat(DOCKER.containers().logs(quiet, -1)).as("--log-level=warn hides werkzeug's request lines")
                .doesNotContain("werkzeug: ");
    }

    @Test
    void withoutRequestLinesAProxyProvesNothing() {
        try (TcpForwarder proxy = TcpForwarder.to("127.0.0.1", portQuiet)) {
            HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                    () -> OdooHealthCheck.of(settings(proxy.port(), Duration.ofSeconds(30)).requireLogLines(false)
                            .build()).container(DOCKER, quiet).check());

            assertThat(e).as("the proxy does lead to it, but nothing proves so").isNotNull();
            assertThat(e.getMessage()).contains("saw nothing proves the URL's answer (HTTP 200) came from container "
                    + quiet + ": its log shows no request lines").contains("host network, Odoo's http port " + portQuiet);
        }
    }

    @Test
    void withoutRequestLinesAnotherContainersUrlFails() {
        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(portA, Duration.ofSeconds(30)).requireLogLines(false).build())
                        .container(DOCKER, quiet).check());

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("gave up after").contains("reached container " + quiet + ": expected")
                .contains("nothing proves the URL's answer (HTTP 200) came from container " + quiet);
    }
}
