package dev.odoorelease.engine.internal.health;

import static dev.odoorelease.engine.internal.health.ProbeHttp.describe;
import static dev.odoorelease.engine.internal.health.ProbeHttp.isRedirect;
import static dev.odoorelease.engine.internal.health.ProbeHttp.location;
import static dev.odoorelease.engine.internal.health.ProbeHttp.pathAndQuery;
import static dev.odoorelease.engine.internal.health.ProbeHttp.sameOrigin;
import static dev.odoorelease.engine.internal.health.ProbeHttp.sessionCookie;
import static dev.odoorelease.engine.internal.health.ProbeHttp.shown;
import static dev.odoorelease.engine.internal.health.ProbeHttp.snippet;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * The login probe of {@link OdooHealthCheck}: logs in through Odoo's login form as a browser does, to prove that the
 * registry can serve a business model ({@code res.users}, joined to {@code res.partner}), not only render a page.
 *
 * <ol>
 *   <li>{@code GET /web/login?db=<database>}: the form's {@code csrf_token} and the {@code session_id} cookie that
 *       binds it (following {@code ensure_db}'s one redirect that selects the database in a new session);</li>
 *   <li>{@code POST /web/login} with that cookie: {@code csrf_token}, {@code login}, {@code password}.</li>
 * </ol>
 *
 * <p>Without {@link HealthSettings.LoginCredentials} the login is a user that cannot exist
 * ({@code odoo-release-health-<random>@probe.invalid}) with a random password: Odoo's {@code res.users._login} searches
 * it, finds nothing and answers the login page again with its error ({@code Wrong login/password}, HTTP 200). That
 * proves the registry, the session store, the CSRF check and the {@code res.users} search; a server error (500) there
 * means the registry cannot serve {@code res.users}. With credentials, the login must succeed (a redirect to the web
 * client or to the second factor): only then does Odoo read the user's whole record ({@code user.tz}, every stored
 * column of {@code res_users} and {@code res_partner}), so only then does code ahead of the database schema (a stored
 * field the image's code defines, its column missing because the module was not updated) answer the 500 a user would
 * see. The session it opens is logged out at once.
 *
 * <p><b>Login cooldown.</b> Odoo counts failed logins per registry and remote address and, after
 * {@code base.login_cooldown_after} of them (5 in the code, 10 stored in a new database) less than
 * {@code base.login_cooldown_duration} (60 s) apart, answers "Too many login failures, please wait a bit before trying
 * again." without checking anything. The probe's own failed login counts as one, so {@link OdooHealthCheck} runs it
 * at most once per check once it has passed; a successful login resets the count. A cooldown answer proves nothing:
 * it is {@link Outcome#INCONCLUSIVE}, neither healthy nor a server failure.
 */
final class LoginAttemptProbe {

    /** What one login attempt showed. */
    enum Outcome {
        /** Odoo answered as a healthy server does: the login page with its error, or (with credentials) a login. */
        PASSED,
        /** Odoo answered something a healthy server does not: a 500, a refused CSRF token, no login form, … */
        FAILED,
        /** Odoo is refusing logins from this address for a while (its login cooldown): nothing was checked. */
        INCONCLUSIVE
    }

    /** A result and its outcome. */
    record Attempt(ProbeResult result, Outcome outcome) {}

    static final String COOLDOWN_TEXT = "Too many login failures";
    private static final Pattern CSRF_INPUT = Pattern.compile(
            "<input\\b[^>]*\\bname=\"csrf_token\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern VALUE_ATTRIBUTE = Pattern.compile("\\bvalue=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    /** Odoo's login error: {@code <p class="alert alert-danger" role="alert">Wrong login/password</p>} (16, 17, 18). */
    private static final Pattern LOGIN_ERROR = Pattern.compile(
            "<(p|div)\\b[^>]*class=\"[^\"]*\\balert-danger\\b[^\"]*\"[^>]*>(.*?)</\\1>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI baseUrl;
    private final String database;
    private final HealthSettings.LoginCredentials credentials;
    private final Duration requestTimeout;
    private final HttpClient client;

    LoginAttemptProbe(URI baseUrl, String database, HealthSettings.LoginCredentials credentials,
            Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.database = database;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.client = ProbeHttp.client(requestTimeout);
    }

    /** What the probe is called in reports: {@code POST /web/login (a user that does not exist)}. */
    String probeName() {
        return "POST /web/login (" + (credentials == null ? "a user that does not exist"
                : "user " + credentials.user()) + ")";
    }

    private String expected() {
        return credentials == null
                ? "HTTP 200, the login page with Odoo's \"Wrong login/password\""
                : "a login: HTTP 303 to the web client";
    }

    Attempt attempt(long deadline) throws InterruptedException {
        String probe = probeName();
        String query = database == null ? "" : "?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        URI page = baseUrl.resolve("web/login" + query);
        try {
            // 1. the form, as a browser gets it: its csrf_token is bound to the session of the cookie
            HttpResponse<String> form = send(request(page, deadline).GET().build());
            String session = sessionCookie(form, null);
            if (isRedirect(form)) {
                URI target = location(page, form);
                if (target == null || session == null || !sameOrigin(page, target)
                        || !target.getPath().equals(page.getPath())) {
                    return failed(probe, "GET " + pathAndQuery(page) + " answered HTTP " + form.statusCode()
                            + (target == null ? "" : " redirect to " + shown(page, target))
                            + ", not the login form");
                }
                form = send(request(target, deadline).header("Cookie", session).GET().build());
                session = sessionCookie(form, session);
            }
            if (form.statusCode() != 200) {
                return failed(probe, "GET " + pathAndQuery(page) + " answered HTTP " + form.statusCode()
                        + snippet(form.body()) + ", not the login form");
            }
            String csrf = csrfToken(form.body());
            if (csrf == null) {
                return failed(probe, "the login page of " + HealthReport.databaseLabel(database)
                        + " has no csrf_token field (is it Odoo's login form?)");
            }
            if (session == null) {
                return failed(probe, "the login page set no session_id cookie, so no login can pass Odoo's CSRF check"
                        + " (does a proxy drop Set-Cookie?)");
            }
            // 2. the login
            String login = credentials == null ? "odoo-release-health-" + random() + "@probe.invalid"
                    : credentials.user();
            String password = credentials == null ? random() + random() : credentials.password();
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("csrf_token", csrf);
            fields.put("login", login);
            fields.put("password", password);
            URI post = baseUrl.resolve("web/login");
            HttpResponse<String> answer = send(request(post, deadline)
                    .header("Cookie", session)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody(fields)))
                    .build());
            Attempt outcome = judge(probe, post, answer);
            if (credentials != null && outcome.outcome() == Outcome.PASSED) {
                logout(post, sessionCookie(answer, session), deadline);
            }
            return outcome;
        } catch (IOException e) {
            return failed(probe, describe(e));
        }
    }

    private Attempt judge(String probe, URI post, HttpResponse<String> answer) {
        int status = answer.statusCode();
        String error = loginError(answer.body());
        if (status == 200 && error != null && error.contains(COOLDOWN_TEXT)) {
            return new Attempt(ProbeResult.fail(probe, expected(), "inconclusive: Odoo answered \"" + error
                    + "\" (its login cooldown: too many failed logins from this address in the last"
                    + " base.login_cooldown_duration seconds), so nothing was checked"), Outcome.INCONCLUSIVE);
        }
        if (credentials == null) {
            if (status == 200 && error != null) {
                return new Attempt(ProbeResult.pass(probe, expected(), "HTTP 200 \"" + error + "\""), Outcome.PASSED);
            }
            if (status == 200) {
                return failed(probe, "HTTP 200 without Odoo's login error" + snippet(answer.body()));
            }
            if (isRedirect(answer)) {
                URI target = location(post, answer);
                return failed(probe, "HTTP " + status + " redirect to "
                        + (target == null ? "nowhere" : shown(post, target))
                        + " (Odoo let a user that cannot exist log in, or lost the session's database)");
            }
            return failed(probe, "HTTP " + status + snippet(answer.body()) + serverError(status));
        }
        if (isRedirect(answer)) {
            URI target = location(post, answer);
            String path = target == null ? "" : target.getPath();
            if (target != null && sameOrigin(post, target)
                    && (path.equals("/web") || path.equals("/odoo") || path.startsWith("/web/login/totp")
                            || path.startsWith("/my") || path.startsWith("/odoo/") || path.startsWith("/web/"))) {
                return new Attempt(ProbeResult.pass(probe, expected(), "HTTP " + status + " to " + pathAndQuery(target)),
                        Outcome.PASSED);
            }
            return failed(probe, "HTTP " + status + " redirect to " + (target == null ? "nowhere" : shown(post, target)));
        }
        if (status == 200 && error != null) {
            return failed(probe, "HTTP 200 \"" + error + "\" (Odoo refused the probe's credentials: check"
                    + " health.login's user and password)");
        }
        return failed(probe, "HTTP " + status + snippet(answer.body()) + serverError(status));
    }

    private static String serverError(int status) {
        return status >= 500 ? " (a server error while Odoo served res.users: see the container log's traceback)"
                : status == 400 ? " (Odoo refused the form's CSRF token: is a proxy dropping the session cookie?)" : "";
    }

    /** Drops the session the successful login opened; its outcome changes nothing about the probe's. */
    private void logout(URI post, String session, long deadline) throws InterruptedException {
        if (session == null) {
            return;
        }
        try {
            send(request(post.resolve("/web/session/logout"), deadline).header("Cookie", session).GET().build());
        } catch (IOException e) {
            // the session expires by itself; the probe's result stands
        }
    }

    private Attempt failed(String probe, String seen) {
        return new Attempt(ProbeResult.fail(probe, expected(), seen), Outcome.FAILED);
    }

    // ---------------------------------------------------------------------------------------------------------

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(URI uri, long deadline) {
        // English, so Odoo's messages (the cooldown's) are the ones this probe knows
        return ProbeHttp.request(uri, deadline, requestTimeout).header("Accept-Language", "en-US,en;q=0.9");
    }

    static String csrfToken(String body) {
        if (body == null) {
            return null;
        }
        Matcher input = CSRF_INPUT.matcher(body);
        if (!input.find()) {
            return null;
        }
        Matcher value = VALUE_ATTRIBUTE.matcher(input.group());
        return value.find() && !value.group(1).isBlank() ? value.group(1) : null;
    }

    /** The text of Odoo's login error on the page, or null. */
    static String loginError(String body) {
        if (body == null) {
            return null;
        }
        Matcher m = LOGIN_ERROR.matcher(body);
        if (!m.find()) {
            return null;
        }
        String text = m.group(2).replaceAll("<[^>]*>", " ").replace("&#39;", "'").replace("&quot;", "\"")
                .replace("&amp;", "&").replaceAll("\\s+", " ").strip();
        return text.length() > 160 ? text.substring(0, 160) + "…" : text;
    }

    private static String formBody(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static String random() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

}
