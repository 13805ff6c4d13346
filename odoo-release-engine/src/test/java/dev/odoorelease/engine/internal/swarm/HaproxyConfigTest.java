package dev.odoorelease.engine.internal.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.config.SwarmRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load balancer's configuration: where each path goes for a threaded and a multi-process Odoo (SwarmDeployIT runs the
 * rendered files in a real HAProxy; the gevent routing needs a prefork Odoo, which the stand-in does not imitate).
 */
class HaproxyConfigTest {
    static SwarmRuntime runtime(List<String> args) {
        return new SwarmRuntime("odoo-prod", 3, List.of("net"), null, true, "dnsrr", args, Map.of(), Duration.ofSeconds(5),
                SwarmLoadBalancer.managed(8080).withRetryAfter(42));
    }

    @Test
    void aMultiProcessOdooGetsItsWebsocketAndLongpollingOnTheGeventPortAndTheRestOnHttp() {
        String cfg = HaproxyConfig.cfg(runtime(List.of("--workers=4")));
        assertThat(cfg).contains("use_backend odoo_gevent if { path_beg /websocket } || { path_beg /longpolling }")
                .contains("default_backend odoo_http")
                .contains("server-template odoo 64 tasks.odoo-prod:8069")
                .contains("server-template odoo 64 tasks.odoo-prod:8072 check port 8069")
                .contains("option httpchk GET /web/health")
                .contains("retry-on conn-failure empty-response");
    }

    @Test
    void aThreadedOdooServesEverythingOnItsHttpPort() {
        String cfg = HaproxyConfig.cfg(runtime(List.of("--workers", "0")));
        assertThat(cfg).doesNotContain("odoo_gevent").doesNotContain(":8072").contains("default_backend odoo_http");
        assertThat(HaproxyConfig.cfg(runtime(List.of()))).doesNotContain(":8072");
    }

    @Test
    void theMaintenancePageIsA503WithRetryAfterAndStartsSwitchedOff() {
        Map<String, byte[]> files = HaproxyConfig.files(runtime(List.of()), "prod<&>");
        String page = new String(files.get("maintenance.http"), StandardCharsets.UTF_8);
        assertThat(page).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("\r\nRetry-After: 42\r\n")
                .contains("Maintenance in progress").doesNotContain("prod<&>");
        int body = page.indexOf("\r\n\r\n") + 4;
        assertThat(page).contains("Content-Length: " + page.substring(body).getBytes(StandardCharsets.UTF_8).length + "\r\n");
        assertThat(new String(files.get("maintenance.map"), StandardCharsets.UTF_8)).isEqualTo("maintenance off\n");
    }
}
