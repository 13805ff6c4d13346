package dev.odoorelease.engine.internal.health;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.progress.ProgressListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import dev.odoorelease.engine.result.ContainerDiagnostics;
import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * Waits until a freshly started Odoo is ready to serve its database — the readiness check of a deploy, after which
 * the old container may go. Modelled on testcontainers' wait strategies: each probe has its own timeout and says
 * what it expected and what it saw; attempts repeat until enough pass in a row or the timeout is reached.
 *
 * <p>Each attempt runs these probes in order and stops at the first that fails:
 * <ol>
 *   <li>with {@link #container}: the container is {@code running} and not restarting. If it has exited, is gone, or
 *       was restarted by its restart policy while being checked, the check <b>fails at once</b> instead of waiting
 *       out the timeout.</li>
 *   <li>{@code GET /web/health?db_server_status=1}: 200 with {@code "status": "pass"} (and
 *       {@code "db_server_status": true} where the patch level reports it). This only proves that Odoo answers and
 *       reaches PostgreSQL: plain {@code /web/health} answers 200 even with a broken database, because Odoo then
 *       serves without one, and it answers before the registry is loaded (odoo-facts §3.2).</li>
 *   <li>{@code GET /web/login?db=<database>}: 200, which needs the database's registry (see
 *       {@link OdooHttpHealthCheck} for the one database-selection redirect it follows).</li>
 *   <li>with {@link #container}: the URL reached that container, not another Odoo ({@link ReachedContainer}: the
 *       container's log shows a request with a nonce sent through the URL, or the URL is its own address).</li>
 *   <li>with a container and {@link HealthSettings#requireLogLines()}: its log shows {@code Modules loaded.} or
 *       {@code Registry loaded in} since the container's current start.</li>
 *   <li>with {@link HealthSettings#expectedSeries()}: JSON-RPC {@code POST /web/webclient/version_info} reports that
 *       {@code server_serie}.</li>
 *   <li>each {@link HealthSettings#urlChecks()}: {@code GET} answers the expected status (and text).</li>
 *   <li>with {@link HealthSettings#loginAttempt()} (on when a {@link HealthSettings#login()} is configured): a login through Odoo's login form
 *       ({@link LoginAttemptProbe}), which proves the registry serves {@code res.users}: a user that cannot exist
 *       must get Odoo's "Wrong login/password" page, a configured {@link HealthSettings#login()} must log in. It runs
 *       last, and once it has passed it is not repeated within the check (each refused login counts towards Odoo's
 *       login cooldown, 5 or 10 failures per address); Odoo's cooldown answer is inconclusive, never a pass.</li>
 * </ol>
 *
 * <p><b>Sessions.</b> No probe sends a cookie it was not just given. The login page probe can make Odoo store a
 * session when Odoo serves several databases and {@code ensure_db} binds the requested database to a new session by
 * a redirect (which the probe follows once, with that cookie); the login probe stores one (the form's CSRF token is
 * bound to it) and, after a successful login with {@link HealthSettings#login()}, logs it out. {@code /web/health}
 * is {@code save_session=False}; version_info and the extra URLs are sent without a cookie.
 *
 * <p>On failure a {@link HealthCheckTimeoutException} ({@link ErrorCode#HEALTH}) carries the {@link HealthReport} of
 * the last attempt; with a container, the report's {@link HealthReport#container()} and the message add its state
 * (exit code, OOMKilled, restarts, Docker's error) and its last {@value #LOG_TAIL_LINES} log lines.
 *
 * <pre>{@code
 * HealthReport report = OdooHealthCheck.of(HealthSettings.forUrl("http://127.0.0.1:8069").database("prod").build())
 *         .container(docker, "odoo-prod-new")
 *         .progress(listener)
 *         .check();
 * }</pre>
 */
public final class OdooHealthCheck {
    /** How {@link OdooHttpProbes} and {@link LoginAttemptProbe} describe a request that ran out of time. */
    static final String NO_ANSWER_IN_TIME = "no answer in time";

    /** How many of the container's last log lines a failure report carries. */
    public static final int LOG_TAIL_LINES = 30;

    private final HealthSettings settings;
    private DockerCli docker;
    private String containerName;
    private ProgressListener progress = ProgressListener.NONE;

    private OdooHealthCheck(HealthSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public static OdooHealthCheck of(HealthSettings settings) {
        return new OdooHealthCheck(settings);
    }

    /** Also probe this container (state, log line) and report its state and last log lines on failure. */
    public OdooHealthCheck container(DockerCli docker, String containerName) {
        if (containerName == null || containerName.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to check the health of a container"
                    + " without a name. Give the name of the container Odoo runs in.");
        }
        this.docker = Objects.requireNonNull(docker, "docker");
        this.containerName = containerName.strip();
        return this;
    }

    /** Receives one line at the start, one per change of the failure seen, and one at the end. */
    public OdooHealthCheck progress(ProgressListener listener) {
        this.progress = listener == null ? ProgressListener.NONE : listener;
        return this;
    }

    public HealthSettings settings() {
        return settings;
    }

    /** One attempt's probes, in order; {@code failed} is the kind of the failing (last) one, null if all passed. */
    record Attempt(List<ProbeResult> results, ProbeKind failed, boolean fatal) {
        boolean passed() {
            return failed == null;
        }

        ProbeResult last() {
            return results.get(results.size() - 1);
        }
    }

    /**
     * Probes until the server is healthy, the timeout is reached, or the container stopped for good.
     *
     * @return the report of the passing attempt ({@code healthy()} is true)
     * @throws HealthCheckTimeoutException not healthy in time, or (with a container) the container exited, is gone or
     *                                     restarted
     * @throws OdooReleaseException        {@link ErrorCode#INTERRUPTED} if the thread was interrupted;
     *                                     {@link ErrorCode#PREREQUISITE} if no Docker engine answers
     */
    public HealthReport check() {
        Probes probes = newProbes();
        String url = settings.displayUrl();
        progress.info("Waiting up to " + seconds(settings.timeout()) + " for " + url + " to be healthy ("
                + databaseLabel() + "), probing every " + seconds(settings.pollInterval())
                + (containerName == null ? "" : "; container " + containerName));
        long start = System.nanoTime();
        long deadline = start + settings.timeout().toNanos();
        int attempts = 0;
        int passes = 0;
        String lastFailure = null;
        // the failed attempt a timeout reports: the last one, unless that one only ran out of the time left before
        // the deadline (its requests' budget was cut below the probe timeout) while an earlier one saw a real answer
        Attempt reported = null;
        try {
            while (true) {
                long attemptStart = System.nanoTime();
                attempts++;
                Attempt attempt = probes.attempt(deadline);
                if (attempt.passed()) {
                    passes++;
                    if (passes >= settings.consecutivePasses()) {
                        HealthReport healthy = new HealthReport(url, settings.database(), true, attempts, since(start),
                                attempt.results());
                        progress.info(healthy.summary());
                        return healthy;
                    }
                } else {
                    passes = 0;
                    boolean budgetCut = deadline - attemptStart < settings.probeTimeout().toNanos();
                    if (reported == null || !(budgetCut && attempt.last().actual().startsWith(NO_ANSWER_IN_TIME))) {
                        reported = attempt;
                    }
                    String failure = attempt.last().describe();
                    if (!failure.equals(lastFailure)) {
                        progress.info("Not healthy yet (attempt " + attempts + ", " + seconds(since(start)) + "): "
                                + failure);
                        lastFailure = failure;
                    }
                    if (attempt.fatal()) {
                        throw gaveUp(probes, attempt, attempts, since(start));
                    }
                }
                long nextStart = attemptStart + settings.pollInterval().toNanos();
                if (nextStart - deadline >= 0) {
                    throw timedOut(probes, attempt.passed() || reported == null ? attempt : reported, attempts,
                            since(start), passes);
                }
                long wait = nextStart - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(attempts, e);
        } catch (OdooReleaseException e) {
            if (e.errorCode() == ErrorCode.INTERRUPTED) {
                throw interrupted(attempts, e);
            }
            throw e;
        }
    }

    /**
     * One attempt without waiting or retrying: every probe once, stopping at the first failure. The report's
     * {@code healthy()} tells the outcome; nothing is thrown for an unhealthy server.
     */
    public HealthReport probeOnce() {
        long start = System.nanoTime();
        Probes probes = newProbes();
        try {
            Attempt attempt = probes.attempt(start + Duration.ofDays(1).toNanos());
            return new HealthReport(settings.displayUrl(), settings.database(), attempt.passed(), 1, since(start),
                    attempt.results(), attempt.passed() ? null : probes.diagnostics());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Unable to probe " + settings.displayUrl() + " ("
                    + databaseLabel() + "): interrupted.", e);
        }
    }

    private Probes newProbes() {
        OdooHttpProbes http = new OdooHttpProbes(settings.baseUri(), settings.database(), settings.expectedSeries(),
                settings.probeTimeout());
        ContainerProbes container = containerName == null ? null
                : new ContainerProbes(docker.timeout(settings.probeTimeout()), containerName);
        LoginAttemptProbe login = settings.loginAttempt()
                ? new LoginAttemptProbe(settings.baseUri(), settings.database(), settings.login(),
                        settings.probeTimeout())
                : null;
        return new Probes(http, container, login);
    }

    /** The probes of one check, in order. */
    private final class Probes {
        private final OdooHttpProbes http;
        private final ContainerProbes container;
        private final ReachedContainer reached;
        private final LoginAttemptProbe login;
        /** The login probe's pass in this check, reused by later attempts (each refused login counts for Odoo). */
        private ProbeResult loginPassed;

        Probes(OdooHttpProbes http, ContainerProbes container, LoginAttemptProbe login) {
            this.http = http;
            this.container = container;
            this.reached = container == null ? null : new ReachedContainer(docker.timeout(settings.probeTimeout()),
                    containerName, settings.baseUri(), settings.probeTimeout());
            this.login = login;
        }

        Attempt attempt(long deadline) throws InterruptedException {
            List<ProbeResult> results = new ArrayList<>();
            ContainerProbes.Outcome state = null;
            if (container != null) {
                state = container.state();
                results.add(state.result());
                if (!state.result().passed()) {
                    return new Attempt(results, ProbeKind.CONTAINER, state.fatal());
                }
            }
            if (!add(results, http.health(deadline))) {
                return new Attempt(results, ProbeKind.HEALTH, false);
            }
            if (!add(results, http.login(deadline))) {
                return new Attempt(results, ProbeKind.LOGIN, false);
            }
            if (reached != null) {
                ReachedContainer.Verdict proof = reached.prove(state.state(), deadline);
                if (!add(results, proof.result())) {
                    return new Attempt(results, ProbeKind.REACHED, proof.conclusive());
                }
            }
            if (container != null && settings.requireLogLines() && !add(results, container.readyLine(state.state()))) {
                return new Attempt(results, ProbeKind.LOG_LINES, false);
            }
            if (settings.expectedSeries() != null && !add(results, http.version(deadline))) {
                return new Attempt(results, ProbeKind.VERSION, false);
            }
            for (HealthSettings.UrlCheck check : settings.urlChecks()) {
                if (!add(results, http.url(check, deadline))) {
                    return new Attempt(results, ProbeKind.URL, false);
                }
            }
            if (login != null) {
                if (loginPassed != null) {
                    results.add(ProbeResult.pass(loginPassed.probe(), loginPassed.expected(), loginPassed.actual()
                            + " (earlier in this check; not repeated, to stay clear of Odoo's login cooldown)"));
                } else {
                    LoginAttemptProbe.Attempt tried = login.attempt(deadline);
                    results.add(tried.result());
                    switch (tried.outcome()) {
                        case PASSED -> loginPassed = tried.result();
                        case INCONCLUSIVE -> {
                            return new Attempt(results, ProbeKind.LOGIN_COOLDOWN, false);
                        }
                        default -> {
                            return new Attempt(results, ProbeKind.LOGIN_ATTEMPT, false);
                        }
                    }
                }
            }
            return new Attempt(results, null, false);
        }

        ContainerDiagnostics diagnostics() {
            return container == null ? null : container.diagnostics(LOG_TAIL_LINES);
        }

        private boolean add(List<ProbeResult> results, ProbeResult r) {
            results.add(r);
            return r.passed();
        }
    }

    private HealthCheckTimeoutException timedOut(Probes probes, Attempt attempt, int attempts, Duration elapsed,
            int passes) {
        ContainerDiagnostics diagnostics = probes.diagnostics();
        HealthReport report = new HealthReport(settings.displayUrl(), settings.database(), false, attempts, elapsed,
                attempt.results(), diagnostics);
        String reason = report.firstFailure()
                .map(ProbeResult::describe)
                .orElse("the last attempt passed, but only " + passes + " of the " + settings.consecutivePasses()
                        + " passing attempts in a row that were asked for");
        ProbeKind kind = attempt.failed() == null ? ProbeKind.LOGIN : attempt.failed();
        return new HealthCheckTimeoutException(String.format(Locale.ROOT,
                "Unable to confirm %s is healthy (%s, timeout %s, %s): last probe %s. %s.%s",
                report.url(), databaseLabel(), seconds(settings.timeout()), attemptsText(attempts), reason,
                kind.advice, logTail(diagnostics)), report);
    }

    private HealthCheckTimeoutException gaveUp(Probes probes, Attempt attempt, int attempts, Duration elapsed) {
        ContainerDiagnostics diagnostics = probes.diagnostics();
        HealthReport report = new HealthReport(settings.displayUrl(), settings.database(), false, attempts, elapsed,
                attempt.results(), diagnostics);
        return new HealthCheckTimeoutException(String.format(Locale.ROOT,
                "Unable to confirm %s is healthy (%s, gave up after %s and %s, before the timeout of %s): %s. %s.%s",
                report.url(), databaseLabel(), seconds(elapsed), attemptsText(attempts), seconds(settings.timeout()),
                attempt.last().describe(), attempt.failed().advice, logTail(diagnostics)), report);
    }

    private static String logTail(ContainerDiagnostics d) {
        if (d == null || d.logTail() == null || d.logTail().isBlank()) {
            return "";
        }
        return "\nLast log lines of container " + d.name() + ":\n" + d.logTail().stripTrailing();
    }

    private OdooReleaseException interrupted(int attempts, Exception cause) {
        return new OdooReleaseException(ErrorCode.INTERRUPTED, "Unable to confirm " + settings.displayUrl()
                + " is healthy (" + databaseLabel() + "): interrupted after " + attemptsText(attempts) + ".", cause);
    }

    private String databaseLabel() {
        return HealthReport.databaseLabel(settings.database());
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** {@code "1 attempt"}, {@code "3 attempts"}. */
    public static String attemptsText(int n) {
        return n + (n == 1 ? " attempt" : " attempts");
    }

    /** {@code "120 s"}, {@code "1.5 s"}. */
    public static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
