package dev.odoorelease.engine.health;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Waits until an Odoo server is ready to serve one database, using HTTP only.
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
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

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
        return new OdooHttpHealthCheck(validBaseUrl(url));
    }

    /** Same as {@link #forUrl(URI)}, parsing the text first. */
    public static OdooHttpHealthCheck forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw invalidUrl(url, "no URL given");
        }
        try {
            return forUrl(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw invalidUrl(url, e.getMessage());
        }
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
        OdooHttpProbes probes = newProbes();
        String url = displayUrl();
        progress.accept("Waiting up to " + seconds(timeout) + " for " + url + " to be healthy (" + databaseLabel()
                + "), probing every " + seconds(pollInterval));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        int attempts = 0;
        int passes = 0;
        String lastFailure = null;
        try {
            while (true) {
                long attemptStart = System.nanoTime();
                attempts++;
                OdooHttpProbes.Attempt attempt = probes.run(deadline);
                if (attempt.passed()) {
                    passes++;
                    if (passes >= consecutivePasses) {
                        HealthReport healthy =
                                new HealthReport(url, database, true, attempts, since(start), attempt.results());
                        progress.accept(healthy.summary());
                        return healthy;
                    }
                } else {
                    passes = 0;
                    String failure = attempt.last().describe();
                    if (!failure.equals(lastFailure)) {
                        progress.accept("Not healthy yet (attempt " + attempts + ", " + seconds(since(start)) + "): "
                                + failure);
                        lastFailure = failure;
                    }
                }
                long nextStart = attemptStart + pollInterval.toNanos();
                if (nextStart - deadline >= 0) {
                    HealthReport last =
                            new HealthReport(url, database, false, attempts, since(start), attempt.results());
                    throw timedOut(last, attempt.failed(), passes);
                }
                long wait = nextStart - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(
                    ErrorCode.INTERRUPTED,
                    "Unable to confirm " + url + " is healthy (" + databaseLabel() + "): interrupted after "
                            + attemptsText(attempts) + ".",
                    e);
        }
    }

    /**
     * One attempt without waiting or retrying: every probe once, stopping at the first failure. The report's
     * {@code healthy()} tells the outcome; nothing is thrown for an unhealthy server.
     */
    public HealthReport probeOnce() {
        long start = System.nanoTime();
        try {
            OdooHttpProbes.Attempt attempt =
                    newProbes().run(start + Duration.ofDays(1).toNanos());
            return new HealthReport(displayUrl(), database, attempt.passed(), 1, since(start), attempt.results());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(
                    ErrorCode.INTERRUPTED,
                    "Unable to probe " + displayUrl() + " (" + databaseLabel() + "): interrupted.",
                    e);
        }
    }

    private OdooHttpProbes newProbes() {
        return new OdooHttpProbes(baseUrl, database, expectedSeries, requestTimeout);
    }

    private HealthCheckTimeoutException timedOut(HealthReport report, OdooHttpProbes.Kind failed, int passes) {
        String reason = report.firstFailure()
                .map(ProbeResult::describe)
                .orElse("the last attempt passed, but only " + passes + " of the " + consecutivePasses
                        + " passing attempts in a row that were asked for");
        String advice = (failed == null ? OdooHttpProbes.Kind.LOGIN : failed).advice;
        return new HealthCheckTimeoutException(
                String.format(
                        "Unable to confirm %s is healthy (%s, timeout %s, %s): last probe %s. %s.",
                        report.url(),
                        databaseLabel(),
                        seconds(timeout),
                        attemptsText(report.attempts()),
                        reason,
                        advice),
                report);
    }

    private String databaseLabel() {
        return HealthReport.databaseLabel(database);
    }

    private String displayUrl() {
        return Redactor.patternsOnly().redact(baseUrl.toString());
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** {@code "1 attempt"}, {@code "3 attempts"}. */
    static String attemptsText(int n) {
        return n + (n == 1 ? " attempt" : " attempts");
    }

    /** {@code "120 s"}, {@code "1.5 s"}. */
    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    private static URI validBaseUrl(URI url) {
        if (url == null) {
            throw invalidUrl(null, "no URL given");
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw invalidUrl(url.toString(), "it must start with http:// or https://");
        }
        if (url.getHost() == null) {
            throw invalidUrl(url.toString(), "it has no host name");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw invalidUrl(url.toString(), "it must not have a query or fragment");
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        try {
            return new URI(scheme.toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw invalidUrl(url.toString(), e.getMessage());
        }
    }

    private static OdooReleaseException invalidUrl(String url, String reason) {
        String shown = url == null ? "" : " (" + Redactor.patternsOnly().redact(url) + ")";
        return new OdooReleaseException(
                ErrorCode.CONFIGURATION,
                "Unable to check Odoo health" + shown + ": " + reason
                        + ". Give the base URL Odoo answers on, e.g. http://odoo:8069.");
    }
}
