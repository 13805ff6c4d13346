package dev.odoorelease.engine.internal.health;

import static dev.odoorelease.engine.internal.health.ProbeHttp.describe;
import static dev.odoorelease.engine.internal.health.ProbeHttp.isRedirect;
import static dev.odoorelease.engine.internal.health.ProbeHttp.location;
import static dev.odoorelease.engine.internal.health.ProbeHttp.pathAndQuery;
import static dev.odoorelease.engine.internal.health.ProbeHttp.request;
import static dev.odoorelease.engine.internal.health.ProbeHttp.sameOrigin;
import static dev.odoorelease.engine.internal.health.ProbeHttp.sessionCookie;
import static dev.odoorelease.engine.internal.health.ProbeHttp.shown;
import static dev.odoorelease.engine.internal.health.ProbeHttp.snippet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * The HTTP probes of {@link OdooHealthCheck}, one request (or two, for Odoo's database-selection redirect) each.
 * Each request has its own timeout; the client has no cookie handler and follows no redirect, so nothing is stored
 * between requests.
 */
final class OdooHttpProbes {

    private static final String VERSION_INFO_REQUEST =
            "{\"jsonrpc\":\"2.0\",\"method\":\"call\",\"params\":{},\"id\":1}";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final String database;
    private final String expectedSeries;
    private final Duration requestTimeout;
    private final HttpClient client;

    /** {@code baseUrl} ends with "/"; {@code database} and {@code expectedSeries} may be null. */
    OdooHttpProbes(URI baseUrl, String database, String expectedSeries, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.database = database;
        this.expectedSeries = expectedSeries;
        this.requestTimeout = requestTimeout;
        this.client = ProbeHttp.client(requestTimeout);
    }

    /** 200 with {@code "status": "pass"}, and {@code "db_server_status": true} where Odoo reports it. */
    ProbeResult health(long deadline) throws InterruptedException {
        URI uri = baseUrl.resolve("web/health?db_server_status=1");
        String probe = "GET " + pathAndQuery(uri);
        String expected = "HTTP 200 {\"status\": \"pass\", \"db_server_status\": true}";
        HttpResponse<String> response;
        try {
            response = send(request(uri, deadline, requestTimeout).build());
        } catch (IOException e) {
            return ProbeResult.fail(probe, expected, describe(e));
        }
        String seen = "HTTP " + response.statusCode() + snippet(response.body());
        Optional<JsonNode> json = parseJson(response.body());
        boolean pass = response.statusCode() == 200
                && json.isPresent()
                && "pass".equals(json.get().path("status").asText())
                && json.get().path("db_server_status").asBoolean(true);
        return new ProbeResult(probe, pass, expected, seen);
    }

    /**
     * 200 from the login page, which needs the database's registry. When Odoo serves several databases it answers
     * a request without session with a redirect to the same page that selects the database in a new session
     * ({@code ensure_db}); the request is then repeated once with that session cookie, to the same origin only.
     */
    ProbeResult login(long deadline) throws InterruptedException {
        String query = database == null ? "" : "?db=" + URLEncoder.encode(database, StandardCharsets.UTF_8);
        URI uri = baseUrl.resolve("web/login" + query);
        String probe = "GET " + pathAndQuery(uri);
        String expected = "HTTP 200 (the login page of " + HealthReport.databaseLabel(database) + ")";
        try {
            HttpResponse<String> response = send(request(uri, deadline, requestTimeout).build());
            if (response.statusCode() == 200) {
                return ProbeResult.pass(probe, expected, "HTTP 200");
            }
            URI target = redirectTarget(uri, response);
            String session = sessionCookie(response, null);
            if (target == null
                    || session == null
                    || !sameOrigin(uri, target)
                    || !target.getPath().equals(uri.getPath())) {
                return ProbeResult.fail(probe, expected, describeFailedLogin(uri, response, target));
            }
            HttpResponse<String> selected =
                    send(request(target, deadline, requestTimeout).header("Cookie", session).build());
            if (selected.statusCode() == 200) {
                return ProbeResult.pass(probe, expected, "HTTP 200 (after Odoo's database-selection redirect)");
            }
            return ProbeResult.fail(
                    probe,
                    expected,
                    describeFailedLogin(target, selected, redirectTarget(target, selected))
                            + " after Odoo's database-selection redirect");
        } catch (IOException e) {
            return ProbeResult.fail(probe, expected, describe(e));
        }
    }

    /** JSON-RPC version_info must report the expected {@code server_serie}. */
    ProbeResult version(long deadline) throws InterruptedException {
        URI uri = baseUrl.resolve("web/webclient/version_info");
        String probe = "POST " + pathAndQuery(uri);
        String expected = "server_serie " + expectedSeries;
        HttpResponse<String> response;
        try {
            response = send(request(uri, deadline, requestTimeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(VERSION_INFO_REQUEST))
                    .build());
        } catch (IOException e) {
            return ProbeResult.fail(probe, expected, describe(e));
        }
        Optional<JsonNode> json = parseJson(response.body());
        if (response.statusCode() != 200 || json.isEmpty()) {
            return ProbeResult.fail(probe, expected, "HTTP " + response.statusCode() + snippet(response.body()));
        }
        JsonNode error = json.get().get("error");
        if (error != null) {
            String message = error.path("data")
                    .path("message")
                    .asText(error.path("message").asText());
            return ProbeResult.fail(probe, expected, "JSON-RPC error " + message);
        }
        JsonNode series = json.get().path("result").get("server_serie");
        if (series == null) {
            return ProbeResult.fail(probe, expected, "no server_serie" + snippet(response.body()));
        }
        String seen = "server_serie " + series.asText();
        return new ProbeResult(probe, expectedSeries.equals(series.asText()), expected, seen);
    }

    /** A further URL: the expected status, and the expected text in the body if one is given. */
    ProbeResult url(HealthSettings.UrlCheck check, long deadline) throws InterruptedException {
        URI uri = baseUrl.resolve(check.path());
        String probe = "GET " + pathAndQuery(uri);
        HttpResponse<String> response;
        try {
            response = send(request(uri, deadline, requestTimeout).build());
        } catch (IOException e) {
            return ProbeResult.fail(probe, check.expected(), describe(e));
        }
        String body = response.body() == null ? "" : response.body();
        boolean statusOk = response.statusCode() == check.expectedStatus();
        boolean textOk = check.expectedText() == null || body.contains(check.expectedText());
        URI target = redirectTarget(uri, response);
        String seen = "HTTP " + response.statusCode()
                + (target != null ? " redirect to " + shown(uri, target) : "")
                + (statusOk && !textOk ? " without \"" + check.expectedText() + "\"" : "")
                + (target == null ? snippet(body) : "");
        return new ProbeResult(probe, statusOk && textOk, check.expected(), seen);
    }

    // ---------------------------------------------------------------------------------------------------------

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI redirectTarget(URI request, HttpResponse<?> response) {
        return isRedirect(response) ? location(request, response) : null;
    }

    private static String describeFailedLogin(URI request, HttpResponse<String> response, URI target) {
        if (target == null) {
            return "HTTP " + response.statusCode() + snippet(response.body());
        }
        String seen = "HTTP " + response.statusCode() + " redirect to " + shown(request, target);
        if (target.getPath() != null && target.getPath().endsWith("/web/database/selector")) {
            seen += " (Odoo does not serve that database: it is missing or --db-filter rejects it)";
        }
        return seen;
    }

    private static Optional<JsonNode> parseJson(String body) {
        try {
            return Optional.ofNullable(JSON.readTree(body)).filter(JsonNode::isObject);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

}
