package dev.odoorelease.engine.internal.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.SwarmState;
import dev.odoorelease.testkit.TestNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The managed load balancer (real HAProxy from Debian's package, on a real single-node swarm) in front of one plain HTTP
 * instance (Python's http.server in the stand-in image on the HTTP port 8069, answering 200 on /web/health, and on the gevent
 * port 8072): the routing of a multi-process server's /websocket and /longpolling, the maintenance page, and that a restart of
 * the load balancer keeps it. Without Odoo, so that a health-checked backend costs a second, not a registry load.
 */
class LoadBalancerIT {
    static final DockerCli docker = DockerCli.local();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    static String prefix;
    static SwarmRuntime swarm;
    static LoadBalancer lb;
    static int port;

    @BeforeAll
    static void backendAndLoadBalancer() {
        StandIns.requireEngine();
        SwarmState.requireManager();
        String image = StandInImage.series("17.0").build();
        prefix = TestNames.prefix("odoo");
        port = FreePorts.next();
        // --workers 2: the multi-process server, whose /websocket and /longpolling are served by the gevent port 8072
        swarm = new SwarmRuntime(prefix + "web", 1, List.of(prefix + "net"), null, false, "dnsrr", List.of("--workers=2"), Map.of(),
                Duration.ofSeconds(5), SwarmLoadBalancer.managed(port).withBaseImage(StandInImage.BASE_IMAGE).withRetryAfter(7));
        docker.swarm().ensureOverlayNetwork(prefix + "net", Map.of());
        // the HTTP port answers /web/health; only the gevent port has /websocket and /longpolling/poll
        docker.swarm().create(swarm.service(), List.of("--network", prefix + "net", "--endpoint-mode", "dnsrr", "--entrypoint", "sh",
                image, "-c", "mkdir -p /tmp/h/web /tmp/g/longpolling && echo ok > /tmp/h/web/health && echo gevent > /tmp/g/websocket"
                        + " && echo gevent > /tmp/g/longpolling/poll && (cd /tmp/g && python3 -m http.server 8072 &)"
                        + " && cd /tmp/h && exec python3 -m http.server 8069"));
        lb = new LoadBalancer(swarm, "lb-production", docker, ProgressListener.NONE);
        assertThat(lb.ensure()).as("a new load balancer").isTrue();
        await("the instance serves through the load balancer", () -> get().statusCode() == 200);
    }

    @AfterAll
    static void tearDown() {
        if (prefix != null) {
            SwarmState.remove(prefix);
        }
    }

    @Test
    void theMultiProcessServersWebsocketAndLongpollingGoToTheGeventPortTheRestToTheHttpPort() throws Exception {
        assertThat(swarm.prefork()).isTrue();
        await("the gevent backend has the instance", () -> get("/websocket").statusCode() == 200);
        assertThat(get("/websocket").body()).isEqualTo("gevent\n");
        assertThat(get("/longpolling/poll").body()).as("16.0's longpolling").isEqualTo("gevent\n");
        assertThat(get("/web/health").body()).as("everything else: the HTTP port").isEqualTo("ok\n");
    }

    @Test
    void theMaintenancePageSurvivesARestartAndAConfigurationChangeOfTheLoadBalancer() throws Exception {
        lb.maintenance(true);
        assertMaintenancePage("switched on");
        String before = container();

        docker.swarm().update(lb.serviceName(), List.of("--force"));
        await("a new load balancer container", () -> container() != null && !container().equals(before)
                && answers());
        assertThat(lb.maintenanceOn()).as("the restarted load balancer keeps the switch").isTrue();
        await("the instance is up in the restarted load balancer", () -> instanceUp());
        assertMaintenancePage("after a restart, with the instance up");

        // a changed configuration (another Retry-After) is a service update, so another restart
        LoadBalancer changed = new LoadBalancer(new SwarmRuntime(swarm.service(), 1, swarm.networks(), null, false, "dnsrr", swarm.odooArgs(),
                Map.of(), Duration.ofSeconds(5), swarm.loadBalancer().withRetryAfter(9)), "lb-production", docker, ProgressListener.NONE);
        assertThat(changed.ensure()).isTrue();
        await("the instance is up in the reconfigured load balancer", () -> instanceUp());
        HttpResponse<String> r = assertMaintenancePage("after a configuration change, with the instance up");
        assertThat(r.headers().firstValue("Retry-After")).as("the new configuration serves").hasValue("9");

        changed.maintenance(false);
        assertThat(get().statusCode()).as("switched off: the instance answers").isEqualTo(200);
        assertThat(changed.maintenanceOn()).isFalse();
        String last = container();
        docker.swarm().update(lb.serviceName(), List.of("--force"));
        await("another load balancer container", () -> container() != null && !container().equals(last)
                && answers());
        assertThat(lb.maintenanceOn()).as("and off it stays off").isFalse();
        await("the instance serves again", () -> get().statusCode() == 200);
    }

    static String container() {
        return docker.swarm().localContainer(lb.serviceName()).orElse(null);
    }

    /** Whether the running load balancer's runtime API answers (it throws until HAProxy has loaded its configuration). */
    static boolean answers() {
        lb.maintenanceOn();
        return true;
    }

    /** Whether HAProxy has the instance UP in its HTTP backend (its runtime API's server state). */
    static boolean instanceUp() {
        String c = container();
        if (c == null) {
            return false;
        }
        String out = lb.runtimeApi(c, "show servers state odoo_http");
        // columns: be_id be_name srv_id srv_name srv_addr srv_op_state (2 = running) ...
        return out.lines().map(l -> l.split(" ")).anyMatch(f -> f.length > 5 && f[1].equals("odoo_http") && f[5].equals("2"));
    }

    static HttpResponse<String> assertMaintenancePage(String when) throws Exception {
        HttpResponse<String> r = get();
        assertThat(r.statusCode()).as("the maintenance page, %s", when).isEqualTo(503);
        assertThat(r.headers().firstValue("X-Odoo-Release")).hasValue("maintenance");
        assertThat(r.body()).contains("lb-production is being updated");
        return r;
    }

    static HttpResponse<String> get() {
        return get("/web/health");
    }

    static HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("waited 2 min for " + what, last);
    }
}
