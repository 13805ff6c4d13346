package dev.odoorelease.engine.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInImage;
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
 * The login probe ({@link LoginAttemptProbe}) against real stand-in servers, whose login form, CSRF check,
 * {@code res.users._login} and login cooldown are Odoo's: a healthy server, code ahead of the database schema (an image
 * whose code defines a stored field the database lacks), and Odoo's cooldown after too many failed logins.
 */
class LoginProbeIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("loginprobe");

    @TempDir
    static Path dataDir;

    static final List<String> CREATED = new CopyOnWriteArrayList<>();
    static final DockerCli DOCKER = DockerCli.local();
    static final HealthSettings.LoginCredentials ADMIN = new HealthSettings.LoginCredentials("admin", "admin");
    static String good;
    static String ahead;

    @BeforeAll
    static void initDatabase() {
        StandIns.requireEngine();
        good = StandInImage.series("17.0").build();
        // the same Odoo, whose code defines one more stored field on res.partner (a module's new field)
        ahead = StandInImage.series("17.0").codeField("res_partner.x_loyalty").tagSuffix("ahead").build();
        RunResult init = DOCKER.containers().runToCompletion(StandIns.job(good, PG.server(), dataDir, "-d", "prod", "-i", "base",
                "--stop-after-init", "--without-demo=all").name(name("init")).build(), Duration.ofMinutes(3));
        assertThat(init.exitCode()).as(init.logs()).isZero();
    }

    @AfterAll
    static void removeContainers() {
        StandIns.removeAll(CREATED);
    }

    static String name(String prefix) {
        String n = StandIns.uniqueName("login-" + prefix);
        CREATED.add(n);
        return n;
    }

    /** A server of this image on its own port (its own registry, so its own login failure counts). */
    static int start(String image, String name) {
        int port = StandIns.freePort();
        DOCKER.containers().run(StandIns.server(image, PG.server(), dataDir, port, "-d", "prod").name(name).build());
        return port;
    }

    static HealthSettings.Builder settings(int port) {
        // generous: a loaded machine answers slowly, and a failing check reports its last attempt's first failure
        return HealthSettings.forUrl("http://127.0.0.1:" + port).database("prod").pollInterval(Duration.ofMillis(500))
                .probeTimeout(Duration.ofSeconds(30)).timeout(Duration.ofSeconds(90));
    }

    @Test
    void aUserThatCannotExistGetsOdoosWrongLoginPageOncePerCheck() {
        String name = name("good");
        int port = start(good, name);

        HealthReport report = OdooHealthCheck.of(settings(port).loginAttempt(true).consecutivePasses(2)
                .pollInterval(Duration.ofMillis(200)).build()).container(DOCKER, name).check();

        assertThat(report.healthy()).isTrue();
        ProbeResult login = report.probes().get(report.probes().size() - 1);
        assertThat(login.probe()).isEqualTo("POST /web/login (a user that does not exist)");
        assertThat(login.passed()).isTrue();
        assertThat(login.actual()).startsWith("HTTP 200 \"Wrong login/password\"")
                .as("the second passing attempt reuses the first's login: one failed login per check")
                .contains("not repeated");
        String logs = DOCKER.containers().logs(name, 200);
        assertThat(logs).contains("Login failed for db:prod login:odoo-release-health-");
        assertThat(logs.split("Login failed for db:prod", -1)).as("one refused login for the whole check").hasSize(2);
    }

    /**
     * Code ahead of the schema: the login page still renders (200), and so does the refusal of a user that does not
     * exist (Odoo's _login only searches ids, it reads no record); a real login makes Odoo read the user's record
     * and fails with a server error, which the probe with credentials reports, with what to do.
     */
    @Test
    void codeAheadOfTheSchemaFailsTheLoginWithItsServerErrorWhileTheLoginPageRenders() {
        String name = name("ahead");
        int port = start(ahead, name);
        assertThat(OdooHealthCheck.of(settings(port).loginAttempt(true).build()).check().healthy())
                .as("a user that does not exist reads no record, so Odoo refuses it normally even here")
                .isTrue();

        HealthReport once = OdooHealthCheck.of(settings(port).login(ADMIN).build()).probeOnce();
        assertThat(once.healthy()).isFalse();
        assertThat(once.probes()).filteredOn(p -> p.probe().equals("GET /web/login?db=prod"))
                .singleElement().satisfies(p -> assertThat(p.passed()).as("the login page renders").isTrue());
        ProbeResult login = once.probes().get(once.probes().size() - 1);
        assertThat(login.probe()).isEqualTo("POST /web/login (user admin)");
        assertThat(login.actual()).startsWith("HTTP 500");

        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(port).login(ADMIN).timeout(Duration.ofSeconds(40)).build())
                        .container(DOCKER, name).check());
        assertThat(e.errorCode()).isEqualTo(ErrorCode.HEALTH);
        assertThat(e.getMessage())
                .contains("last probe POST /web/login (user admin): expected a login: HTTP 303 to the web client,"
                        + " saw HTTP 500")
                .contains("UndefinedColumn means the image's code is ahead of the database schema")
                .contains("update: all")
                .contains("x_loyalty")
                .doesNotContain("password=admin");

        String goodName = name("good-admin");
        int goodPort = start(good, goodName);
        HealthReport healthy = OdooHealthCheck.of(settings(goodPort).login(ADMIN).build()).check();
        assertThat(healthy.probes().get(healthy.probes().size() - 1).actual()).isEqualTo("HTTP 303 to /web");
    }

    /**
     * Odoo's login cooldown (base.login_cooldown_after = 10 in a new database): the probe's own refused logins count,
     * so a check makes one; after ten within a minute Odoo answers "Too many login failures", which is inconclusive,
     * never healthy and never a crash.
     */
    @Test
    void odoosLoginCooldownIsInconclusiveNeverHealthy() {
        String name = name("cooldown");
        int port = start(good, name);
        for (int i = 0; i < 10; i++) {
            assertThat(OdooHealthCheck.of(settings(port).loginAttempt(true).build()).check().healthy())
                    .as("check " + (i + 1)).isTrue();
        }

        HealthReport once = OdooHealthCheck.of(settings(port).loginAttempt(true).build()).probeOnce();
        assertThat(once.healthy()).isFalse();
        ProbeResult login = once.probes().get(once.probes().size() - 1);
        assertThat(login.passed()).isFalse();
        assertThat(login.actual()).startsWith("inconclusive: Odoo answered \"Too many login failures, please wait a"
                + " bit before trying again.\"");

        HealthCheckTimeoutException e = catchThrowableOfType(HealthCheckTimeoutException.class,
                () -> OdooHealthCheck.of(settings(port).loginAttempt(true).timeout(Duration.ofSeconds(40)).build())
                        .check());
        assertThat(e.getMessage()).contains("The login probe was inconclusive")
                .contains("base.login_cooldown_duration");
        assertThat(DOCKER.containers().logs(name, 50)).contains("Login attempt ignored for 127.0.0.1");
    }

    /**
     * Without a configured user the check makes no login at all: a refused login counts towards Odoo's cooldown of
     * the checking address (shared with real users behind the same proxy), so checks run more often than
     * base.login_cooldown_after per minute stopped passing, and locked people out, while the default was on.
     */
    @Test
    void theDefaultCheckMakesNoFailedLoginSoRepeatedChecksStayHealthy() {
        String name = name("default");
        int port = start(good, name);
        assertThat(OdooHealthCheck.of(settings(port).build()).check().healthy()).as("the server has started").isTrue();
        for (int i = 0; i < 11; i++) {
            assertThat(OdooHealthCheck.of(settings(port).build()).probeOnce().healthy()).as("check " + (i + 2)).isTrue();
        }
        assertThat(DOCKER.containers().logs(name, 400)).doesNotContain("Login failed").doesNotContain("Login attempt ignored");
    }
}
