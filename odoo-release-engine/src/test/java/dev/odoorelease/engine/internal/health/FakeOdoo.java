package dev.odoorelease.engine.internal.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on the loopback interface answering the Odoo routes the health check probes. By default it
 * is a healthy Odoo 17 serving one database; {@link #on} replaces the answer of one path.
 */
final class FakeOdoo implements AutoCloseable {

    /** What the server received. {@code cookie} is the Cookie header, or null. */
    record Request(String method, String pathAndQuery, String cookie, String body) {}

    /** An answer; headers are name/value pairs. */
    record Reply(int status, String body, String... headers) {
        static Reply json(int status, String body) {
            return new Reply(status, body, "Content-Type", "application/json");
        }

        static Reply html(int status, String body) {
            return new Reply(status, body, "Content-Type", "text/html; charset=utf-8");
        }
    }

    /** Answers the {@code call}-th request (from 1) to one path. */
    @FunctionalInterface
    interface Route {
        Reply answer(Request request, int call) throws Exception;
    }

    static final String HEALTH = "/web/health";
    static final String LOGIN = "/web/login";
    static final String VERSION_INFO = "/web/webclient/version_info";

    static final String HEALTHY = "{\"status\": \"pass\", \"db_server_status\": true}";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private FakeOdoo() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        on(HEALTH, (r, n) -> Reply.json(200, HEALTHY));
        on(LOGIN, (r, n) -> Reply.html(200, "<html><body><form class=\"oe_login_form\"></form></body></html>"));
        on(VERSION_INFO, (r, n) -> Reply.json(200, """
                {"jsonrpc": "2.0", "id": 1, "result": {"server_version": "17.0", "server_version_info": \
                [17, 0, 0, "final", 0, ""], "server_serie": "17.0", "protocol_version": 1}}"""));
        server.start();
    }

    static FakeOdoo start() throws IOException {
        return new FakeOdoo();
    }

    FakeOdoo on(String path, Route route) {
        routes.put(path, route);
        return this;
    }

    /** {@code http://127.0.0.1:<port>/}. */
    URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":"
                + server.getAddress().getPort() + "/");
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    int calls(String path) {
        AtomicInteger n = calls.get(path);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(
                    exchange.getRequestMethod(),
                    path + (query == null ? "" : "?" + query),
                    exchange.getRequestHeaders().getFirst("Cookie"),
                    body);
            requests.add(request);
            int call = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Route route = routes.get(path);
            Reply reply;
            try {
                reply = route == null ? Reply.html(404, "<h1>Not Found</h1>") : route.answer(request, call);
            } catch (Exception e) {
                reply = Reply.html(500, "<h1>fake server failed: " + e + "</h1>");
            }
            for (int i = 0; i + 1 < reply.headers().length; i += 2) {
                exchange.getResponseHeaders().add(reply.headers()[i], reply.headers()[i + 1]);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
