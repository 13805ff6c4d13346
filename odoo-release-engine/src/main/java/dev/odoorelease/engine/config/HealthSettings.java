package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link OdooHealthCheck} probes and how patiently. Immutable and serializable (a Jenkins step can build it on
 * the controller and send it to the agent that probes). Build with {@link #forUrl(String)}:
 *
 * <pre>{@code
 * HealthSettings settings = HealthSettings.forUrl("http://127.0.0.1:8069")
 *         .database("prod").expectedSeries("17.0")
 *         .timeout(Duration.ofMinutes(3)).consecutivePasses(2)
 *         .urlCheck("web/webclient/translations", 200, null)
 *         .build();
 * }</pre>
 *
 * @param url               base URL Odoo answers on, normalized to end with {@code /} (no query, no fragment)
 * @param database          the database whose login page must answer; {@code null} lets Odoo pick its only one
 * @param expectedSeries    the Odoo series version_info must report ({@code 17.0}); {@code null} = any
 * @param timeout           how long to wait for the server to become healthy (default 120 s)
 * @param pollInterval      minimum time between the starts of two attempts (default 2 s)
 * @param consecutivePasses passing attempts in a row that make the server healthy (default 1)
 * @param probeTimeout      longest wait of one probe: one HTTP request, or one docker call (default 10 s)
 * @param urlChecks         further URLs that must answer as expected, probed after the built-in probes
 * @param requireLogLines   with a container: require Odoo's {@code Modules loaded.} or {@code Registry loaded in} log
 *                          line since the container's start (default true; switch off when Odoo logs to a file or
 *                          above INFO)
 * @param loginAttempt      log in through Odoo's login form ({@link LoginAttemptProbe}), once per check (default: on
 *                          exactly when {@code login} is given; a refused login of a user that cannot exist counts
 *                          towards Odoo's login cooldown of the checking address, so it is never made unasked)
 * @param login             the user that login logs in as, or {@code null}: a user that cannot exist, whose refusal
 *                          ("Wrong login/password") proves the {@code res.users} search; only a real login makes Odoo
 *                          read a whole record, so only it catches code ahead of the database schema
 */
public record HealthSettings(
        String url,
        String database,
        String expectedSeries,
        Duration timeout,
        Duration pollInterval,
        int consecutivePasses,
        Duration probeTimeout,
        List<UrlCheck> urlChecks,
        boolean requireLogLines,
        boolean loginAttempt,
        LoginCredentials login)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * One further URL to probe with {@code GET}, without cookies and without following redirects.
     *
     * @param path           relative to the base URL ({@code web/health}; a leading {@code /} is ignored, so
     *                       {@code /web/health} is the same), with an optional query
     * @param expectedStatus the HTTP status it must answer
     * @param expectedText   text the body must contain, or {@code null}
     */
    public record UrlCheck(String path, int expectedStatus, String expectedText) implements Serializable {
        private static final long serialVersionUID = 1L;

        public UrlCheck {
            if (path == null || path.isBlank()) {
                throw invalid("a URL check has no path", "Give a path relative to the base URL, e.g. web/health");
            }
            path = path.strip();
            while (path.startsWith("/")) {
                path = path.substring(1);
            }
            if (path.contains("://") || path.startsWith("//") || path.contains("#") || path.contains(" ")) {
                throw invalid("the URL check path '" + Redactor.patternsOnly().redact(path) + "' is not a relative"
                        + " path", "Give a path relative to the base URL, e.g. web/health");
            }
            if (expectedStatus < 100 || expectedStatus > 599) {
                throw invalid("the URL check of " + path + " expects HTTP " + expectedStatus,
                        "Give an HTTP status between 100 and 599");
            }
            expectedText = expectedText == null || expectedText.isEmpty() ? null : expectedText;
        }

        public String expected() {
            return "HTTP " + expectedStatus + (expectedText == null ? "" : " containing \"" + expectedText + "\"");
        }
    }

    /**
     * The user the login probe logs in as. Its password is never shown: not by {@link #toString()}, not in a report.
     *
     * @param user     the login (e.g. a user kept for the check, without rights)
     * @param password its password
     */
    public record LoginCredentials(String user, String password) implements Serializable {
        private static final long serialVersionUID = 1L;

        public LoginCredentials {
            if (user == null || user.isBlank()) {
                throw invalid("the login probe has a password but no user", "Give health.login.user");
            }
            if (password == null || password.isEmpty()) {
                throw invalid("the login probe's user " + user.strip() + " has no password",
                        "Give health.login.passwordEnv or passwordFile");
            }
            user = user.strip();
        }

        @Override
        public String toString() {
            return "LoginCredentials[user=" + user + ", password=" + Redactor.MASK + "]";
        }
    }

    public HealthSettings {
        url = baseUrl(url).toString();
        database = blankToNull(database);
        expectedSeries = blankToNull(expectedSeries);
        timeout = positive(timeout, "timeout");
        pollInterval = positive(pollInterval, "poll interval");
        probeTimeout = positive(probeTimeout, "probe timeout");
        if (consecutivePasses < 1) {
            throw new IllegalArgumentException("consecutive passes must be at least 1, was " + consecutivePasses);
        }
        urlChecks = urlChecks == null ? List.of() : List.copyOf(urlChecks);
    }

    public static Builder forUrl(String url) {
        return new Builder(url);
    }

    public static Builder forUrl(URI url) {
        return new Builder(url == null ? null : url.toString());
    }

    public Builder toBuilder() {
        Builder b = new Builder(url);
        b.database = database;
        b.expectedSeries = expectedSeries;
        b.timeout = timeout;
        b.pollInterval = pollInterval;
        b.consecutivePasses = consecutivePasses;
        b.probeTimeout = probeTimeout;
        b.urlChecks.addAll(urlChecks);
        b.requireLogLines = requireLogLines;
        // only a choice that differs from the default is carried over as a choice: otherwise toBuilder().login(user)
        // of a check without a user would keep "no login attempt" and refuse its own user
        b.loginAttempt = loginAttempt == (login != null) ? null : loginAttempt;
        b.login = login;
        return b;
    }

    public URI baseUri() {
        return URI.create(url);
    }

    /** The URL with any credentials masked, for messages. */
    public String displayUrl() {
        return Redactor.patternsOnly().redact(url);
    }

    /** Collects settings; {@link #build()} validates them. Defaults as documented on {@link HealthSettings}. */
    public static final class Builder {
        private final String url;
        private String database;
        private String expectedSeries;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private int consecutivePasses = 1;
        private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
        private final List<UrlCheck> urlChecks = new ArrayList<>();
        private boolean requireLogLines = true;
        private Boolean loginAttempt;
        private LoginCredentials login;

        private Builder(String url) {
            this.url = url;
        }

        public Builder database(String db) {
            this.database = db;
            return this;
        }

        public Builder expectedSeries(String series) {
            this.expectedSeries = series;
            return this;
        }

        public Builder timeout(Duration t) {
            this.timeout = t;
            return this;
        }

        public Builder pollInterval(Duration t) {
            this.pollInterval = t;
            return this;
        }

        public Builder consecutivePasses(int n) {
            this.consecutivePasses = n;
            return this;
        }

        public Builder probeTimeout(Duration t) {
            this.probeTimeout = t;
            return this;
        }

        /** Adds a further URL to probe; {@code expectedText} may be {@code null}. */
        public Builder urlCheck(String path, int expectedStatus, String expectedText) {
            urlChecks.add(new UrlCheck(path, expectedStatus, expectedText));
            return this;
        }

        public Builder urlCheck(UrlCheck check) {
            urlChecks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        public Builder requireLogLines(boolean on) {
            this.requireLogLines = on;
            return this;
        }

        /**
         * Whether the check logs in through Odoo's login form (default: when {@link #login} is given). On without a
         * user, it tries a user that cannot exist: each check then adds one failed login from this address, which Odoo
         * counts towards its login cooldown (base.login_cooldown_after), shared with real users behind the same proxy.
         */
        public Builder loginAttempt(boolean on) {
            this.loginAttempt = on;
            return this;
        }

        /** The user the login probe logs in as; {@code null} (the default) tries a user that cannot exist. */
        public Builder login(LoginCredentials credentials) {
            this.login = credentials;
            return this;
        }

        public HealthSettings build() {
            if (login != null && Boolean.FALSE.equals(loginAttempt)) {
                throw invalid("the login probe is switched off but has a user",
                        "Remove health.login, or switch loginAttempt on");
            }
            boolean attempt = loginAttempt != null ? loginAttempt : login != null;
            return new HealthSettings(url, database, expectedSeries, timeout, pollInterval, consecutivePasses,
                    probeTimeout, urlChecks, requireLogLines, attempt, login);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** An http(s) URL with a host and no query or fragment, normalized to end with {@code /}. */
    public static URI baseUrl(String url) {
        if (url == null || url.isBlank()) {
            throw invalidUrl(url, "no URL given");
        }
        try {
            return baseUrl(new URI(url.strip()));
        } catch (URISyntaxException e) {
            throw invalidUrl(url, e.getMessage());
        }
    }

    public static URI baseUrl(URI url) {
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
        String shown = url == null || url.isBlank() ? "" : " (" + Redactor.patternsOnly().redact(url) + ")";
        return new OdooReleaseException(
                ErrorCode.CONFIGURATION,
                "Unable to check Odoo health" + shown + ": " + reason
                        + ". Give the base URL Odoo answers on, e.g. http://odoo:8069.");
    }

    private static OdooReleaseException invalid(String reason, String todo) {
        return new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to check Odoo health: " + reason + ". "
                + todo + ".");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }
}
