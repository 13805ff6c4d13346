package dev.odoorelease.engine.internal.health;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.ContainerEndpoints;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * The proof that the health check's URL reached the container that was deployed, and not another Odoo (another
 * environment's URL, a proxy or port forwarding that routes elsewhere). Without it, a URL pointing at a healthy Odoo
 * makes a broken deploy look healthy.
 *
 * <p><b>Proof by the container's log</b> (preferred). One request through the URL carries a fresh random nonce:
 * {@code GET /web/health?db_server_status=<nonce>}. Odoo logs every HTTP request it serves through its
 * {@code werkzeug} logger at level INFO, with the request line: {@code … INFO ? werkzeug: 172.17.0.1 - - [05/Dec/2026
 * 10:00:00] "GET /web/health?db_server_status=ors… HTTP/1.1" 200 - 2 0.001 0.004} ({@code odoo/service/server.py}'s
 * {@code RequestHandler} is werkzeug's {@code WSGIRequestHandler}; {@code odoo/netsvc.py} appends the perf columns).
 * The line is logged when the response status is sent, so before the answer reaches the check; the container's log
 * ({@code docker logs}) must show it. The nonce goes in {@code db_server_status} because {@code /web/health} takes
 * that argument and only tests it for truth: any other query argument makes Odoo log a warning
 * ("called ignoring args") on every probe.
 *
 * <p>When the log has no line with the nonce, the container is probed <b>directly</b> (its published port, or its
 * address on its Docker network, from {@code docker inspect}) with a second nonce: if that one is logged, the
 * container does log requests, so the URL's answer came from elsewhere and the proof fails. If neither is logged, the
 * container hides request lines ({@code --log-level} above info, a {@code --log-handler werkzeug:WARNING},
 * {@code --logfile}): the <b>fallback proof</b> is that the URL is the container's own address — its host resolves to
 * an address of the container's published port or Docker network address, with that port — so no other server can
 * be answering it. Otherwise nothing proves it and the probe fails: it never passes without a proof.
 *
 * <p>One instance per check: once proven for the container's current start, later attempts pass on that proof (as the
 * log-line probe does); a restart of the container needs a new proof.
 */
final class ReachedContainer {
    /** The query argument that carries the nonce (see the class comment for why this one). */
    static final String NONCE_PARAMETER = "db_server_status";

    /** Docker collects a container's output asynchronously: how long to look for a line the request just caused. */
    private static final Duration LOG_WAIT = Duration.ofSeconds(5);
    private static final Duration LOG_POLL = Duration.ofMillis(200);
    /** How far back to read the log (from the request), besides never before the container's current start. */
    private static final Duration LOG_WINDOW = Duration.ofSeconds(60);
    private static final Pattern REQUEST_LINE =
            Pattern.compile("werkzeug: .*\"(GET|POST|HEAD|PUT|DELETE|OPTIONS|PATCH) \\S+ HTTP/[0-9.]+\" \\d{3}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Which proof passed. */
    enum Proof {
        LOG("the container's log shows the request through the URL"),
        ADDRESS("the URL is the container's own address (its log shows no request lines)");

        final String text;

        Proof(String text) {
            this.text = text;
        }
    }

    private final DockerCli docker;
    private final String name;
    private final URI baseUrl;
    private final Duration requestTimeout;
    private final HttpClient client;
    /** The proof that passed, and for which start of the container: later attempts of the check do not prove again. */
    private ProbeResult proven;
    private Instant provenForStart;

    ReachedContainer(DockerCli docker, String name, URI baseUrl, Duration requestTimeout) {
        this.docker = docker;
        this.name = name;
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
        this.client = ProbeHttp.client(requestTimeout);
    }

    String probeName() {
        return "reached container " + name;
    }

    static String expected(String name) {
        return "the URL's answer comes from container " + name + " (its log shows the request, or the URL is its own"
                + " address)";
    }

    /**
     * The proof's result; {@code conclusive}: the URL answered and it is certain that it was not proven (waiting
     * cannot help: the check fails at once).
     */
    record Verdict(ProbeResult result, boolean conclusive) {}

    /** One proof attempt; {@code state} is the container's state the container probe just saw (running). */
    Verdict prove(ContainerState state, long deadline) throws InterruptedException {
        Instant start = state == null ? null : state.startedAt();
        if (proven != null && start != null && start.equals(provenForStart)) {
            return new Verdict(proven, false);
        }
        Verdict v = proveNow(state, deadline);
        if (v.result().passed()) {
            proven = v.result();
            provenForStart = start;
        }
        return v;
    }

    private Verdict proveNow(ContainerState state, long deadline) throws InterruptedException {
        String probe = probeName();
        String expected = expected(name);
        String nonce = nonce();
        Instant sentAt = Instant.now();
        Optional<String> viaUrl = send(baseUrl, nonce, deadline);
        if (viaUrl.isEmpty()) {
            return new Verdict(ProbeResult.fail(probe, expected, "the URL did not answer the probe " + path(nonce)), false);
        }
        Instant since = since(state, sentAt);
        Log log = waitForLine(since, nonce, deadline);
        if (log.found()) {
            return new Verdict(ProbeResult.pass(probe, expected, "proof: " + Proof.LOG.text + " (" + path(nonce) + ", "
                    + viaUrl.get() + ")"), false);
        }
        String notFromIt = "the URL answered " + viaUrl.get() + " but not from container " + name + ": ";
        if (log.requestLines() > 0) {
            return new Verdict(ProbeResult.fail(probe, expected, notFromIt + "its log shows " + lines(log.requestLines())
                    + " since " + since + " and none with the probe's nonce (" + path(nonce) + ")"), true);
        }
        ContainerEndpoints endpoints;
        try {
            endpoints = ContainerEndpoints.of(docker, name);
        } catch (OdooReleaseException e) {
            if (!DockerProbeErrors.isProbeFailure(e)) {
                throw e;
            }
            return new Verdict(ProbeResult.fail(probe, expected, "its log shows no request line of the probe and docker"
                    + " inspect did not answer (" + e.getMessage() + ")"), false);
        }
        String directNonce = nonce();
        Optional<ContainerEndpoints.Endpoint> direct = Optional.empty();
        for (ContainerEndpoints.Endpoint ep : endpoints.endpoints()) {
            if (send(ep.baseUri(baseUrl.getScheme()), directNonce, deadline).isPresent()) {
                direct = Optional.of(ep);
                break;
            }
        }
        if (direct.isPresent()) {
            Log directLog = waitForLine(since, directNonce, deadline);
            if (directLog.found()) {
                return new Verdict(ProbeResult.fail(probe, expected, notFromIt + "its log shows the probe sent to it directly ("
                        + direct.get().how() + ") and not the one sent through the URL (" + path(nonce) + ")"), true);
            }
        }
        Optional<ContainerEndpoints.Endpoint> own = endpoints.addressOf(baseUrl);
        if (own.isPresent()) {
            return new Verdict(ProbeResult.pass(probe, expected, "proof: " + Proof.ADDRESS.text + ": " + own.get().how()), false);
        }
        return new Verdict(ProbeResult.fail(probe, expected, "nothing proves the URL's answer (" + viaUrl.get() + ") came from"
                + " container " + name + ": its log shows no request lines (Odoo logs them at level info through"
                + " werkzeug: a --log-level above info, a --log-handler werkzeug:WARNING or --logfile hides them), and"
                + " the URL is not the container's own address (" + describe(endpoints) + ")"), true);
    }

    private record Log(boolean found, long requestLines) {}

    /** Reads the log until a line with the nonce shows up, for at most {@link #LOG_WAIT}. */
    private Log waitForLine(Instant since, String nonce, long deadline) throws InterruptedException {
        long stop = Math.min(deadline, System.nanoTime() + LOG_WAIT.toNanos());
        while (true) {
            String logs;
            try {
                logs = docker.containers().logs(name, since, -1);
            } catch (OdooReleaseException e) {
                if (!DockerProbeErrors.isProbeFailure(e)) {
                    throw e;
                }
                logs = "";
            }
            if (logs.lines().anyMatch(l -> l.contains(nonce) && REQUEST_LINE.matcher(l).find())) {
                return new Log(true, 0);
            }
            if (System.nanoTime() + LOG_POLL.toNanos() - stop > 0) {
                return new Log(false, logs.lines().filter(l -> REQUEST_LINE.matcher(l).find()).count());
            }
            Thread.sleep(LOG_POLL.toMillis());
        }
    }

    /** {@code HTTP 200}, or empty when nothing answered. Any status counts: the question is only who answered. */
    private Optional<String> send(URI base, String nonce, long deadline) throws InterruptedException {
        HttpRequest request = ProbeHttp.request(base.resolve(path(nonce).substring(1)), deadline, requestTimeout)
                .GET()
                .build();
        try {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            return Optional.of("HTTP " + r.statusCode());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Instant since(ContainerState state, Instant sentAt) {
        Instant window = sentAt.minus(LOG_WINDOW);
        Instant started = state == null || state.startedAt() == null ? null : state.startedAt().minusSeconds(2);
        return started != null && started.isAfter(window) ? started : window;
    }

    static String path(String nonce) {
        return "/web/health?" + NONCE_PARAMETER + "=" + nonce;
    }

    private static String nonce() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return "orsprobe" + HexFormat.of().formatHex(b);
    }

    private static String lines(long n) {
        return n + (n == 1 ? " request line" : " request lines");
    }

    private static String describe(ContainerEndpoints e) {
        if (e.endpoints().isEmpty()) {
            return "it publishes no port and has no network address";
        }
        StringBuilder sb = new StringBuilder("its addresses: ");
        for (int i = 0; i < e.endpoints().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(e.endpoints().get(i).how());
        }
        return sb.toString();
    }
}
