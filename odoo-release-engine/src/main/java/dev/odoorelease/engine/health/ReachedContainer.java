package dev.odoorelease.engine.health;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.docker.ContainerState;
import dev.odoorelease.engine.docker.DockerCli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Proves that the URL being checked reaches the container being checked, and not another server that happens to answer
 * there (another environment's Odoo on the same URL): it requests a path no Odoo serves, {@code /odoo-release/probe/<a
 * random token>}, and looks for that token in the container's own log — Odoo logs every request it answers
 * ({@code werkzeug: … "GET /odoo-release/probe/… HTTP/1.1" 404 …}), and only the server that received it can. The
 * 404 needs no database and stores no session. Like the "registry loaded" log line, it needs Odoo's log at INFO on
 * the container's output ({@link HealthSettings#requireLogLines()}); once proven for a container's start it is not
 * asked again.
 */
final class ReachedContainer {
    static final String PATH = "odoo-release/probe/";
    /** Odoo logs a request after answering it: how long its line may take to show in {@code docker logs}. */
    private static final Duration LOG_DELAY = Duration.ofSeconds(10);
    private static final Duration LOG_SLACK = Duration.ofSeconds(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI baseUrl;
    private final DockerCli docker;
    private final String name;
    private final Duration requestTimeout;
    private final HttpClient client;
    private Instant provenForStart;

    ReachedContainer(URI baseUrl, DockerCli docker, String name, Duration requestTimeout) {
        this.baseUrl = baseUrl;
        this.docker = docker;
        this.name = name;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(requestTimeout).build();
    }

    ProbeResult prove(ContainerState s, long deadline) throws InterruptedException {
        String expected = "container " + name + " logs the request (it, not another server, answers at " + baseUrl + ")";
        String probe = "GET /" + PATH + "…";
        if (s.startedAt() != null && s.startedAt().equals(provenForStart)) {
            return ProbeResult.pass(probe, expected, "proven for this start of the container");
        }
        String token = HexFormat.of().formatHex(bytes());
        URI uri = baseUrl.resolve(PATH + token);
        int status;
        try {
            long left = Math.max(100, (deadline - System.nanoTime()) / 1_000_000);
            HttpRequest request = HttpRequest.newBuilder(uri).GET().header("User-Agent", "odoo-release-health-check")
                    .timeout(Duration.ofMillis(Math.min(requestTimeout.toMillis(), left))).build();
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return ProbeResult.fail(probe, expected, "no answer (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        Instant since = s.startedAt() == null ? null : s.startedAt().minus(LOG_SLACK);
        long until = Math.min(deadline, System.nanoTime() + LOG_DELAY.toNanos());
        while (true) {
            String logs;
            try {
                logs = docker.logs(name, since, -1);
            } catch (OdooReleaseException e) {
                if (e.errorCode() != ErrorCode.PROCESS_FAILED && e.errorCode() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
                return ProbeResult.fail(probe, expected, "answered HTTP " + status + ", but the container's log could not be read ("
                        + e.getMessage() + ")");
            }
            if (logs.contains(token)) {
                provenForStart = s.startedAt();
                return ProbeResult.pass(probe, expected, "answered HTTP " + status + "; request " + token + " is in the container's log");
            }
            if (System.nanoTime() - until >= 0) {
                return ProbeResult.fail(probe, expected, "answered HTTP " + status + ", but container " + name
                        + "'s log does not show that request: another server answers at " + baseUrl
                        + " (another environment's Odoo, a proxy to it), or Odoo does not log requests at INFO");
            }
            Thread.sleep(250);
        }
    }

    private static byte[] bytes() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }
}
