package dev.odoorelease.engine.internal.health;

import static dev.odoorelease.engine.internal.health.FakeOdoo.HEALTH;
import static dev.odoorelease.engine.internal.health.FakeOdoo.HEALTHY;
import static dev.odoorelease.engine.internal.health.FakeOdoo.LOGIN;
import static dev.odoorelease.engine.internal.health.FakeOdoo.VERSION_INFO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.health.FakeOdoo.Reply;
import dev.odoorelease.engine.internal.health.FakeOdoo.Request;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.ProbeResult;

class OdooHttpHealthCheckTest {
    private static final String INTERNAL_ERROR = "<html><body><h1>Internal Server Error</h1></body></html>";

    private FakeOdoo odoo;
    private final List<String> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startFakeOdoo() throws IOException {
        odoo = FakeOdoo.start();
    }

    @AfterEach
    void stopFakeOdoo() {
        odoo.close();
    }

    // These tests are about the page and JSON probes; the login probe is tested against the stand-in
    // (OdooHealthCheckIT, LoginProbeIT), whose login form, CSRF check and cooldown are Odoo's.
    private OdooHttpHealthCheck check() {
        return OdooHttpHealthCheck.forUrl(odoo.url()).loginAttempt(false)
                .database("prod")
                .timeout(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .progress(progress::add);
    }

    /** For checks that are expected to time out. */
    private OdooHttpHealthCheck failingCheck() {
        return check().timeout(Duration.ofSeconds(3));
    }

    @Test
    void healthyServerPassesAtTheFirstAttempt() {
        HealthReport report = check().check();

        assertThat(report.healthy()).isTrue();
        assertThat(report.attempts()).isEqualTo(1);
        assertThat(report.database()).isEqualTo("prod");
        assertThat(report.probes())
                .extracting(ProbeResult::probe)
                .containsExactly("GET /web/health?db_server_status=1", "GET /web/login?db=prod");
        assertThat(report.probes()).allMatch(ProbeResult::passed);
        assertThat(progress.get(0))
                .startsWith("Waiting up to 5 s for " + odoo.url() + " to be healthy (database prod)");
        assertThat(progress.get(progress.size() - 1)).contains("is healthy (database prod): 1 attempt in ");
        assertThat(odoo.requests()).extracting(Request::method).containsOnly("GET");
    }

    @Test
    void failingHealthEndpointKeepsTheServerUnhealthy() {
        odoo.on(HEALTH, (r, n) -> Reply.json(500, "{\"status\": \"fail\", \"db_server_status\": false}"));

        assertThatThrownBy(() -> failingCheck().check())
                .isInstanceOf(HealthCheckTimeoutException.class)
                .hasMessageContaining("last probe GET /web/health?db_server_status=1: expected HTTP 200")
                .hasMessageContaining("saw HTTP 500 {\"status\": \"fail\", \"db_server_status\": false}")
                .hasMessageContaining("reaches its PostgreSQL server");
        assertThat(odoo.calls(LOGIN))
                .as("the login page is not probed while /web/health fails")
                .isZero();
    }

    @Test
    void healthWithoutDbServerStatusPassesOnOlderOdoo() {
        odoo.on(HEALTH, (r, n) -> Reply.json(200, "{\"status\": \"pass\"}"));

        assertThat(check().check().healthy()).isTrue();
    }

    @Test
    void loginErrorsThenRecovery() {
        odoo.on(LOGIN, (r, n) -> n <= 2 ? Reply.html(500, INTERNAL_ERROR) : Reply.html(200, "<form/>"));

        HealthReport report = check().check();

        assertThat(report.healthy()).isTrue();
        assertThat(report.attempts()).isEqualTo(3);
        List<String> waiting =
                progress.stream().filter(l -> l.startsWith("Not healthy yet")).toList();
        assertThat(waiting)
                .as("one line per change of failure, not one per attempt")
                .hasSize(1);
        assertThat(waiting.get(0))
                .startsWith("Not healthy yet (attempt 1, ")
                .endsWith("GET /web/login?db=prod: expected HTTP 200 (the login page of database prod),"
                        + " saw HTTP 500 Internal Server Error");
    }

    @Test
    void timeoutMessageNamesUrlDatabaseTimeoutAndLastProbe() {
        odoo.on(LOGIN, (r, n) -> Reply.html(500, INTERNAL_ERROR));

        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class, () -> check().check());

        assertThat(e.errorCode()).isEqualTo(ErrorCode.HEALTH);
        assertThat(e.getMessage())
                .startsWith("Unable to confirm " + odoo.url() + " is healthy (database prod, timeout 5 s, ")
                .contains("): last probe GET /web/login?db=prod: expected HTTP 200 (the login page of database prod),"
                        + " saw HTTP 500 Internal Server Error. ")
                .contains("Check the container logs")
                .endsWith(".");
        assertThat(e.report().healthy()).isFalse();
        assertThat(e.report().attempts()).isGreaterThan(1);
        assertThat(e.report().firstFailure())
                .hasValueSatisfying(p -> assertThat(p.actual()).startsWith("HTTP 500"));
    }

    @Test
    void unreachableServerIsReportedAsNoConnection() throws IOException {
        URI closed;
        try (FakeOdoo gone = FakeOdoo.start()) {
            closed = gone.url();
        }

        assertThatThrownBy(() -> OdooHttpHealthCheck.forUrl(closed)
                        .timeout(Duration.ofSeconds(3))
                        .pollInterval(Duration.ofMillis(20))
                        .check())
                .isInstanceOf(HealthCheckTimeoutException.class)
                .hasMessageContaining("(the only database Odoo serves, timeout 3 s, ")
                .hasMessageContaining("saw no connection")
                .hasMessageContaining("Check that Odoo runs and listens at that URL");
    }

    @Test
    void slowAnswerIsCutByTheRequestTimeout() {
        odoo.on(LOGIN, (r, n) -> {
            Thread.sleep(30_000);
            return Reply.html(200, "late");
        });
        long start = System.nanoTime();

        assertThatThrownBy(() -> check().timeout(Duration.ofSeconds(2))
                        .requestTimeout(Duration.ofMillis(500))
                        .check())
                .hasMessageContaining("saw no answer in time");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void probesSendNoCookieEvenWhenTheServerSetsOne() {
        odoo.on(HEALTH, (r, n) -> new Reply(200, HEALTHY, "Set-Cookie", "session_id=h" + n + "; Path=/; HttpOnly"));
        odoo.on(LOGIN, (r, n) -> new Reply(200, "<form/>", "Set-Cookie", "session_id=l" + n + "; Path=/; HttpOnly"));
        odoo.on(
                VERSION_INFO,
                (r, n) -> new Reply(
                        200,
                        "{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": {\"server_serie\": \"17.0\"}}",
                        "Set-Cookie",
                        "session_id=v" + n + "; Path=/; HttpOnly"));

        check().consecutivePasses(3).expectSeries("17.0").check();

        assertThat(odoo.requests()).hasSize(9).extracting(Request::cookie).containsOnlyNulls();
    }

    @Test
    void severalDatabasesRedirectOnceWithTheSessionOdooCreated() {
        odoo.on(
                LOGIN,
                (r, n) -> r.cookie() == null
                        ? new Reply(
                                302,
                                "",
                                "Location",
                                odoo.url().resolve("web/login?db=prod").toString(),
                                "Set-Cookie",
                                "session_id=s" + n + "; Expires=Sat, 21-Nov-2027 00:00:00 GMT; HttpOnly; Path=/")
                        : Reply.html(200, "<form/>"));

        HealthReport report = check().consecutivePasses(2).check();

        assertThat(report.probes().get(1).actual()).isEqualTo("HTTP 200 (after Odoo's database-selection redirect)");
        assertThat(odoo.requests())
                .filteredOn(r -> r.pathAndQuery().startsWith(LOGIN))
                .extracting(Request::cookie)
                .as("each probe starts without a cookie and sends only the one Odoo just set")
                .containsExactly(null, "session_id=s1", null, "session_id=s3");
        assertThat(odoo.requests())
                .filteredOn(r -> !r.pathAndQuery().startsWith(LOGIN))
                .extracting(Request::cookie)
                .containsOnlyNulls();
    }

    @Test
    void redirectToTheDatabaseSelectorMeansTheDatabaseIsNotServed() {
        odoo.on(LOGIN, (r, n) -> new Reply(303, "", "Location", "/web/database/selector"));

        assertThatThrownBy(() -> failingCheck().check())
                .hasMessageContaining("saw HTTP 303 redirect to /web/database/selector (Odoo does not serve that"
                        + " database: it is missing or --db-filter rejects it)");
    }

    @Test
    void redirectToAnotherOriginIsNotFollowed() {
        odoo.on(
                LOGIN,
                (r, n) -> new Reply(
                        302,
                        "",
                        "Location",
                        "http://elsewhere.invalid/web/login?db=prod",
                        "Set-Cookie",
                        "session_id=x"));

        assertThatThrownBy(() -> failingCheck().check())
                .hasMessageContaining("saw HTTP 302 redirect to http://elsewhere.invalid/web/login?db=prod");
        assertThat(odoo.requests()).extracting(Request::cookie).containsOnlyNulls();
    }

    @Test
    void expectedSeriesIsComparedWithVersionInfo() {
        HealthReport report = check().expectSeries("17.0").check();

        assertThat(report.probes().get(2))
                .isEqualTo(
                        ProbeResult.pass("POST /web/webclient/version_info", "server_serie 17.0", "server_serie 17.0"));
        assertThat(odoo.requests())
                .filteredOn(r -> r.pathAndQuery().equals(VERSION_INFO))
                .singleElement()
                .satisfies(r -> assertThat(r.method()).isEqualTo("POST"))
                .satisfies(r -> assertThat(r.body()).contains("\"jsonrpc\":\"2.0\"", "\"method\":\"call\""));

        assertThatThrownBy(() -> failingCheck().expectSeries("18.0").check())
                .hasMessageContaining(
                        "POST /web/webclient/version_info: expected server_serie 18.0, saw server_serie 17.0")
                .hasMessageContaining("expected Odoo series");
    }

    @Test
    void consecutivePassesMustBeInARow() {
        odoo.on(LOGIN, (r, n) -> n == 2 ? Reply.html(500, INTERNAL_ERROR) : Reply.html(200, "<form/>"));

        HealthReport report = check().consecutivePasses(2).check();

        assertThat(report.attempts()).as("pass, fail, pass, pass").isEqualTo(4);
    }

    @Test
    void probeOnceReportsWithoutWaitingOrThrowing() {
        odoo.on(HEALTH, (r, n) -> Reply.json(500, "{\"status\": \"fail\", \"db_server_status\": false}"));

        HealthReport unhealthy = OdooHttpHealthCheck.forUrl(odoo.url()).loginAttempt(false).probeOnce();

        assertThat(unhealthy.healthy()).isFalse();
        assertThat(unhealthy.attempts()).isEqualTo(1);
        assertThat(unhealthy.probes()).hasSize(1);
        assertThat(unhealthy.summary())
                .startsWith(odoo.url() + " is not healthy (the only database Odoo serves): 1 attempt in ")
                .contains("GET /web/health?db_server_status=1: expected HTTP 200");

        odoo.on(HEALTH, (r, n) -> Reply.json(200, HEALTHY));
        HealthReport healthy = OdooHttpHealthCheck.forUrl(odoo.url()).loginAttempt(false).probeOnce();
        assertThat(healthy.healthy()).isTrue();
        assertThat(healthy.probes().get(1).probe())
                .as("no database: Odoo picks its only one")
                .isEqualTo("GET /web/login");
    }

    @Test
    void interruptStopsTheWait() throws InterruptedException {
        odoo.on(HEALTH, (r, n) -> Reply.json(500, "{\"status\": \"fail\"}"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiting = new Thread(() -> {
            try {
                check().timeout(Duration.ofSeconds(30)).check();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiting.start();
        while (odoo.calls(HEALTH) < 2) {
            Thread.sleep(10);
        }

        waiting.interrupt();
        waiting.join(5_000);

        assertThat(waiting.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(OdooReleaseException.class);
        assertThat(((OdooReleaseException) thrown.get()).errorCode()).isEqualTo(ErrorCode.INTERRUPTED);
    }

    @Test
    void urlsThatAreNotHttpAreConfigurationErrorsWithoutSecrets() {
        assertThatThrownBy(() -> OdooHttpHealthCheck.forUrl("ftp://admin:s3cr3t-pw@odoo:8069/"))
                .isInstanceOfSatisfying(
                        OdooReleaseException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageStartingWith("Unable to check Odoo health (ftp://admin:****@odoo:8069/): it must start with"
                        + " http:// or https://")
                .hasMessageNotContaining("s3cr3t-pw");
        assertThatThrownBy(() -> OdooHttpHealthCheck.forUrl(" ")).hasMessageContaining("no URL given");
        assertThatThrownBy(() -> OdooHttpHealthCheck.forUrl("http:///web")).hasMessageContaining("no host name");
    }
}
