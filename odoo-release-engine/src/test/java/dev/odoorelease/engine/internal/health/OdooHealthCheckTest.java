package dev.odoorelease.engine.internal.health;

import static dev.odoorelease.engine.internal.health.FakeOdoo.LOGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.health.FakeOdoo.Reply;
import dev.odoorelease.engine.internal.health.FakeOdoo.Request;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * {@link OdooHealthCheck} and {@link HealthSettings} over HTTP against {@link FakeOdoo}: extra URL checks, consecutive
 * passes, settings. The container probes run against real containers in {@code OdooHealthCheckIT}.
 */
class OdooHealthCheckTest {
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

    // the login probe is tested against the stand-in (LoginProbeIT): these tests are about the other probes
    private HealthSettings.Builder settings() {
        return HealthSettings.forUrl(odoo.url()).loginAttempt(false).database("prod").timeout(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20));
    }

    private HealthReport check(HealthSettings s) {
        return OdooHealthCheck.of(s).progress(progress::add).check();
    }

    @Test
    void extraUrlsAreProbedAfterTheBuiltInOnesWithoutCookies() {
        odoo.on("/web/extra", (r, n) -> new Reply(200, "<p>shop is open</p>", "Set-Cookie", "session_id=e" + n));

        HealthReport report = check(settings().expectedSeries("17.0").urlCheck("/web/extra?x=1", 200, "shop is open")
                .consecutivePasses(2).build());

        assertThat(report.healthy()).isTrue();
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(report.probes()).extracting(ProbeResult::probe).containsExactly(
                "GET /web/health?db_server_status=1", "GET /web/login?db=prod", "POST /web/webclient/version_info",
                "GET /web/extra?x=1");
        assertThat(report.probes().get(3).expected()).isEqualTo("HTTP 200 containing \"shop is open\"");
        assertThat(report.container()).isNull();
        assertThat(odoo.requests()).hasSize(8).extracting(Request::cookie).containsOnlyNulls();
    }

    @Test
    void extraUrlWithTheWrongStatusOrWithoutTheTextFails() {
        HealthCheckTimeoutException missing = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> check(settings().timeout(Duration.ofSeconds(3)).urlCheck("web/nothing-here", 200, null)
                        .build()));
        assertThat(missing.errorCode()).isEqualTo(ErrorCode.HEALTH);
        assertThat(missing.getMessage())
                .contains("last probe GET /web/nothing-here: expected HTTP 200, saw HTTP 404 Not Found. ")
                .contains("Check that URL");

        odoo.on("/web/extra", (r, n) -> Reply.html(200, "<p>closed</p>"));
        assertThatThrownBy(() -> check(settings().timeout(Duration.ofSeconds(3)).urlCheck("web/extra", 200, "open")
                        .build()))
                .hasMessageContaining("GET /web/extra: expected HTTP 200 containing \"open\", saw HTTP 200 without"
                        + " \"open\" closed");

        odoo.on("/web/extra", (r, n) -> new Reply(303, "", "Location", "/web/login"));
        assertThat(check(settings().urlCheck("web/extra", 303, null).build()).healthy())
                .as("a redirect is an answer like any other; it is not followed")
                .isTrue();
        assertThatThrownBy(() -> check(settings().timeout(Duration.ofSeconds(3)).urlCheck("web/extra", 200, null)
                        .build()))
                .hasMessageContaining("saw HTTP 303 redirect to /web/login");
    }

    @Test
    void consecutivePassesMustBeInARowAndAreCounted() {
        odoo.on(LOGIN, (r, n) -> n == 3 ? Reply.html(500, "<h1>Internal Server Error</h1>") : Reply.html(200, "<form/>"));

        HealthReport report = check(settings().consecutivePasses(3).build());

        assertThat(report.attempts()).as("pass, pass, fail, pass, pass, pass").isEqualTo(6);
        assertThat(odoo.calls(LOGIN)).isEqualTo(6);
        assertThat(progress).filteredOn(l -> l.startsWith("Not healthy yet")).singleElement()
                .satisfies(l -> assertThat(l).startsWith("Not healthy yet (attempt 3, "));
    }

    @Test
    void notEnoughPassesInARowBeforeTheTimeoutIsReported() {
        odoo.on(LOGIN, (r, n) -> n % 2 == 0 ? Reply.html(500, "<h1>Internal Server Error</h1>") : Reply.html(200, "ok"));

        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> check(settings().timeout(Duration.ofSeconds(4)).consecutivePasses(2).build()));

        assertThat(e.report().healthy()).isFalse();
        assertThat(e.getMessage()).containsAnyOf("saw HTTP 500", "only 1 of the 2 passing attempts in a row");
    }

    @Test
    void settingsHaveDefaultsValidateAndSerialize() throws Exception {
        HealthSettings defaults = HealthSettings.forUrl("HTTP://odoo:8069").build();
        assertThat(defaults.url()).isEqualTo("http://odoo:8069/");
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(defaults.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.probeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.consecutivePasses()).isEqualTo(1);
        assertThat(defaults.requireLogLines()).isTrue();
        assertThat(defaults.database()).isNull();
        assertThat(defaults.urlChecks()).isEmpty();

        HealthSettings full = defaults.toBuilder().database(" prod ").expectedSeries("17.0")
                .urlCheck("/web/health", 200, "pass").requireLogLines(false).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(full);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).as("survives the trip to an agent").isEqualTo(full);
        }
        assertThat(full.database()).isEqualTo("prod");
        assertThat(full.urlChecks()).containsExactly(new HealthSettings.UrlCheck("web/health", 200, "pass"));

        assertThatThrownBy(() -> HealthSettings.forUrl("ftp://admin:s3cr3t-pw@odoo/").build())
                .isInstanceOfSatisfying(OdooReleaseException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageNotContaining("s3cr3t-pw");
        assertThatThrownBy(() -> defaults.toBuilder().urlCheck("https://elsewhere/x", 200, null).build())
                .hasMessageContaining("is not a relative path");
        assertThatThrownBy(() -> defaults.toBuilder().urlCheck("web/x", 99, null).build())
                .hasMessageContaining("expects HTTP 99");
        assertThatThrownBy(() -> defaults.toBuilder().consecutivePasses(0).build())
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> defaults.toBuilder().probeTimeout(Duration.ZERO).build())
                .hasMessageContaining("probe timeout must be positive");
    }

    @Test
    void aContainerNeedsAName() {
        assertThatThrownBy(() -> OdooHealthCheck.of(settings().build())
                        .container(dev.odoorelease.engine.internal.docker.DockerCli.local(), " "))
                .isInstanceOfSatisfying(OdooReleaseException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
    }

    @Test
    void httpOnlyCheckIsTheCompositeCheckWithoutContainer() {
        HealthSettings s = OdooHttpHealthCheck.forUrl(odoo.url()).database("prod").expectSeries("17.0")
                .consecutivePasses(2).requestTimeout(Duration.ofSeconds(3)).settings();

        assertThat(s.probeTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.consecutivePasses()).isEqualTo(2);
        assertThat(s.expectedSeries()).isEqualTo("17.0");
        assertThat(s.urlChecks()).isEmpty();
    }
}
