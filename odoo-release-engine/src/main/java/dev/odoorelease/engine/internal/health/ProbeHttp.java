package dev.odoorelease.engine.internal.health;

import dev.odoorelease.engine.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * What the health check's HTTP probes ({@link OdooHttpProbes}, {@link LoginAttemptProbe}, {@link ReachedContainer})
 * share: a client that keeps no cookie and follows no redirect, requests whose timeout is cut to the check's
 * deadline, and the way a request and its answer are shown in a report.
 */
final class ProbeHttp {
    static final String USER_AGENT = "odoo-release-health-check";
    private static final Duration MIN_REQUEST_TIMEOUT = Duration.ofMillis(100);
    private static final String SESSION_COOKIE = "session_id=";

    private ProbeHttp() {}

    /** HTTP/1.1, no redirect followed, no cookie handler: nothing is stored between requests. */
    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    /** A request whose timeout is {@code requestTimeout}, cut to the time left before {@code deadline} (but not below 100 ms). */
    static HttpRequest.Builder request(URI uri, long deadline, Duration requestTimeout) {
        long left = deadline - System.nanoTime();
        Duration budget = left < requestTimeout.toNanos() ? Duration.ofNanos(left) : requestTimeout;
        if (budget.compareTo(MIN_REQUEST_TIMEOUT) < 0) {
            budget = MIN_REQUEST_TIMEOUT;
        }
        return HttpRequest.newBuilder(uri).timeout(budget).header("User-Agent", USER_AGENT);
    }

    /** The {@code Location} of a response resolved against its request, or null (none, or not a URI). */
    static URI location(URI request, HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Location").map(request::resolve).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isRedirect(HttpResponse<?> response) {
        return response.statusCode() >= 300 && response.statusCode() <= 399;
    }

    /** The session cookie ({@code session_id=…}) a response sets, else {@code current}. */
    static String sessionCookie(HttpResponse<?> response, String current) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0].strip();
            if (pair.startsWith(SESSION_COOKIE) && pair.length() > SESSION_COOKIE.length()) {
                return pair;
            }
        }
        return current;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(String.valueOf(b.getScheme()))
                && a.getHost().equalsIgnoreCase(String.valueOf(b.getHost()))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** A redirect target as a report shows it: its path on the same origin, else the whole URL with secrets redacted. */
    static String shown(URI request, URI target) {
        return sameOrigin(request, target) ? pathAndQuery(target) : Redactor.patternsOnly().redact(target.toString());
    }

    static String pathAndQuery(URI uri) {
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** Why a request got no answer, in a report's words. */
    static String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection (connect timed out)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time (request timed out)";
        }
        if (e instanceof ConnectException) {
            return "no connection (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** {@code " <first 120 characters of the body's text on one line>"}, or empty. */
    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String text = body.strip();
        if (text.startsWith("<")) {
            text = text.replaceAll("(?s)<(script|style)\\b.*?</\\1>", " ").replaceAll("<[^>]*>", " ");
        }
        text = text.replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "" : " " + (text.length() > 120 ? text.substring(0, 120) + "…" : text);
    }
}
