package dev.odoorelease.engine.internal.health;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;

/**
 * Waits until an Odoo server is ready to serve one database, using HTTP only: {@link OdooHealthCheck} without a
 * container and without extra URLs, configured with chained setters (the Jenkins step {@code odooHealthCheck} uses
 * it). Use {@link OdooHealthCheck} to add the container probes (running, log lines, fail fast when it exited).
 *
 * <p>Each attempt runs these probes in order and stops at the first that fails:
 * <ol>
 *   <li>{@code GET /web/health?db_server_status=1} must answer 200 with JSON {@code "status": "pass"} (and
 *       {@code "db_server_status": true} where the Odoo patch level reports it). This only proves that Odoo
 *       answers and reaches its PostgreSQL server: {@code /web/health} answers 200 even when the database is
 *       broken, because Odoo falls back to serving without a database.</li>
 *   <li>{@code GET /web/login?db=<database>} must answer 200, which proves the registry of that database is
 *       loaded. When Odoo serves several databases it first answers a cookie-less request with a redirect to the
 *       same page that selects the database in a new session; the probe then repeats the request once with that
 *       session cookie, as a browser would, to the same origin only. No cookie is kept between requests of
 *       different probes or attempts, and the other probes never send one.</li>
 *   <li>optional ({@link #expectSeries(String)}): JSON-RPC {@code POST /web/webclient/version_info} must report
 *       that {@code server_serie}.</li>
 *   <li>when switched on ({@link #loginAttempt(boolean)}; off by default, as each refused login counts towards
 *       Odoo's login cooldown of this address): a login through Odoo's login form with a user that cannot exist
 *       must come back with Odoo's "Wrong login/password" page ({@link LoginAttemptProbe}), once per check.</li>
 * </ol>
 * Attempts start at most every {@link #pollInterval(Duration)}; the check passes after
 * {@link #consecutivePasses(int)} passing attempts in a row and fails with a {@link HealthCheckTimeoutException}
 * (error code {@link ErrorCode#HEALTH}) naming the last failing probe once the {@link #timeout(Duration)} is
 * reached. Every request has its own timeout ({@link #requestTimeout(Duration)}, cut to the time left), so the
 * check ends at most one request timeout after its deadline.
 *
 * <pre>{@code
 * HealthReport report = OdooHttpHealthCheck.forUrl("http://odoo:8069")
 *         .database("prod").timeout(Duration.ofMinutes(2)).progress(System.out::println).check();
 * }</pre>
 *
 * <p>Configuration methods return {@code this}; {@link #check()} may be called more than once.
 */
public final class OdooHttpHealthCheck {
    private boolean loginAttempt = false;
    public static final Duration DEFAULT_TIMEOUT = HealthSettings.DEFAULT_TIMEOUT;
    public static final Duration DEFAULT_POLL_INTERVAL = HealthSettings.DEFAULT_POLL_INTERVAL;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = HealthSettings.DEFAULT_PROBE_TIMEOUT;

    private final URI baseUrl;
    private String database;
    private String expectedSeries;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private int consecutivePasses = 1;
    private Consumer<String> progress = line -> {};

    private OdooHttpHealthCheck(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /**
     * A check of the Odoo server at this base URL, e.g. {@code http://odoo:8069} or
     * {@code https://erp.example.com/}.
     *
     * @throws OdooReleaseException {@link ErrorCode#CONFIGURATION} if it is not an http(s) URL with a host
     */
    public static OdooHttpHealthCheck forUrl(URI url) {
        return new OdooHttpHealthCheck(HealthSettings.baseUrl(url));
    }

    /** Same as {@link #forUrl(URI)}, parsing the text first. */
    public static OdooHttpHealthCheck forUrl(String url) {
        return new OdooHttpHealthCheck(HealthSettings.baseUrl(url));
    }

    /** The database whose login page must answer; {@code null} (default) lets Odoo pick its only database. */
    public OdooHttpHealthCheck database(String database) {
        this.database = database == null || database.isBlank() ? null : database.strip();
        return this;
    }

    /** How long to wait for the server to become healthy (default 120 s). */
    public OdooHttpHealthCheck timeout(Duration timeout) {
        this.timeout = positive(timeout, "timeout");
        return this;
    }

    /** Minimum time between the starts of two attempts (default 2 s). */
    public OdooHttpHealthCheck pollInterval(Duration pollInterval) {
        this.pollInterval = positive(pollInterval, "poll interval");
        return this;
    }

    /** Longest wait for the connection and for the answer of one request (default 10 s). */
    public OdooHttpHealthCheck requestTimeout(Duration requestTimeout) {
        this.requestTimeout = positive(requestTimeout, "request timeout");
        return this;
    }

    /** How many passing attempts in a row make the server healthy (default 1). */
    public OdooHttpHealthCheck consecutivePasses(int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("consecutive passes must be at least 1, was " + passes);
        }
        this.consecutivePasses = passes;
        return this;
    }

    /** Also require this Odoo series (the {@code server_serie} of version_info, e.g. {@code 17.0}); null = any. */
    /**
     * Whether the check also logs in through Odoo's login form with a user that cannot exist (default true; see
     * {@link LoginAttemptProbe}).
     */
    public OdooHttpHealthCheck loginAttempt(boolean on) {
        this.loginAttempt = on;
        return this;
    }

    public OdooHttpHealthCheck expectSeries(String series) {
        this.expectedSeries = series == null || series.isBlank() ? null : series.strip();
        return this;
    }

    /** Receives one line at the start, one per change of the failure seen, and one at the end. */
    public OdooHttpHealthCheck progress(Consumer<String> progress) {
        this.progress = progress == null ? line -> {} : progress;
        return this;
    }

    /**
     * Probes until the server is healthy or the timeout is reached.
     *
     * @return the report of the passing attempt ({@code healthy()} is true)
     * @throws HealthCheckTimeoutException if the server was not healthy in time
     * @throws OdooReleaseException        {@link ErrorCode#INTERRUPTED} if the thread was interrupted
     */
    public HealthReport check() {
        return OdooHealthCheck.of(settings()).progress(progress::accept).check();
    }

    /**
     * One attempt without waiting or retrying: every probe once, stopping at the first failure. The report's
     * {@code healthy()} tells the outcome; nothing is thrown for an unhealthy server.
     */
    public HealthReport probeOnce() {
        return OdooHealthCheck.of(settings()).probeOnce();
    }

    /** These settings for the composite check (which adds container probes and extra URLs when asked). */
    public HealthSettings settings() {
        return HealthSettings.forUrl(baseUrl)
                .loginAttempt(loginAttempt)
                .database(database)
                .expectedSeries(expectedSeries)
                .timeout(timeout)
                .pollInterval(pollInterval)
                .probeTimeout(requestTimeout)
                .consecutivePasses(consecutivePasses)
                .build();
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
