package dev.odoorelease.engine.internal.swarm;

import dev.odoorelease.engine.config.SwarmRuntime;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of the managed load balancer (HAProxy 2.6 from Debian), rendered for one swarm environment and given to its
 * service as swarm configs under {@value #DIR}:
 * <ul>
 *   <li>{@code haproxy.cfg}: one HTTP frontend on {@value #PORT}; {@code /websocket} and {@code /longpolling} (16.0) to the
 *       instances' gevent port 8072 when they run the multi-process server ({@code --workers} above 0; the threaded server
 *       answers them on 8069), everything else to 8069. The instances are found through Docker's DNS ({@code tasks.<service>},
 *       both endpoint modes; re-resolved every second) by a {@code server-template} of {@value #SLOTS} slots, each
 *       health-checked every second on {@code /web/health} (down after 2 failures, up after 2 passes). A request that meets a
 *       refused connection or an empty answer (an instance stopping during a rolling update) is retried on another instance
 *       ({@code retry-on}, {@code option redispatch}), which is what keeps a rolling update free of failed requests.</li>
 *   <li>{@code maintenance.map}: {@code maintenance off}, the default the image's entrypoint copies to {@value #STATE_DIR} on
 *       the load balancer's volume when that has no switch yet; HAProxy loads the map from there, and
 *       {@link LoadBalancer#maintenance} switches it to {@code on} at runtime and in that file, so a restart keeps it: every
 *       request then gets the maintenance page.</li>
 *   <li>{@code maintenance.http}: the maintenance page, 503 with {@code Retry-After}, also shown when no instance is up.</li>
 * </ul>
 */
final class HaproxyConfig {
    static final String DIR = "/usr/local/etc/haproxy";
    static final String SOCKET = "/run/haproxy/admin.sock";
    static final int PORT = 8080;
    static final int SLOTS = SwarmRuntime.MAX_INSTANCES;
    /** Where the maintenance switch is kept across restarts: the load balancer's volume (the image's entrypoint fills it). */
    static final String STATE_DIR = "/var/lib/odoo-release-lb";
    static final String MAP = STATE_DIR + "/maintenance.map";

    private HaproxyConfig() {
    }

    /** The files by name (haproxy.cfg, maintenance.map, maintenance.http). */
    static Map<String, byte[]> files(SwarmRuntime s, String environment) {
        Map<String, byte[]> f = new LinkedHashMap<>();
        f.put("haproxy.cfg", cfg(s).getBytes(StandardCharsets.UTF_8));
        f.put("maintenance.map", "maintenance off\n".getBytes(StandardCharsets.UTF_8));
        f.put("maintenance.http", page(environment, s.loadBalancer().retryAfterSeconds()).getBytes(StandardCharsets.UTF_8));
        return f;
    }

    static String cfg(SwarmRuntime s) {
        String dns = "tasks." + s.service();
        StringBuilder b = new StringBuilder();
        b.append("# rendered by odoo-release for the swarm service ").append(s.service()).append(": do not edit, it is replaced\n");
        b.append("""
                global
                    log stdout format raw local0 notice
                    stats socket %s mode 600 level admin
                    hard-stop-after 30s

                resolvers docker
                    nameserver dns 127.0.0.11:53
                    resolve_retries 3
                    timeout resolve 1s
                    timeout retry 1s
                    hold valid 1s
                    hold obsolete 2s
                    hold other 1s
                    hold refused 1s
                    hold nx 1s
                    hold timeout 1s
                    accepted_payload_size 8192

                defaults
                    mode http
                    log global
                    option httplog
                    option dontlognull
                    option forwardfor
                    timeout connect 3s
                    timeout client 60s
                    timeout server 600s
                    timeout tunnel 1h
                    timeout http-request 30s
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response response-timeout 502 503 504
                    default-server init-addr none resolvers docker resolve-prefer ipv4 check inter 1s fall 2 rise 2

                frontend odoo
                    bind :%d
                    http-request set-header X-Forwarded-Proto https if { ssl_fc }
                    http-request set-header X-Forwarded-Host %%[req.hdr(host)]
                    http-request return status 503 errorfile %s/maintenance.http if { str(maintenance),map(%s) -m str on }
                """.formatted(SOCKET, PORT, DIR, MAP));
        if (s.prefork()) {
            b.append("    use_backend odoo_gevent if { path_beg /websocket } || { path_beg /longpolling }\n");
        }
        b.append("    default_backend odoo_http\n\n");
        b.append("""
                backend odoo_http
                    balance roundrobin
                    option httpchk GET /web/health
                    http-check expect status 200
                    errorfile 503 %s/maintenance.http
                    server-template odoo %d %s:8069
                """.formatted(DIR, SLOTS, dns));
        if (s.prefork()) {
            b.append("""

                    backend odoo_gevent
                        balance leastconn
                        option httpchk GET /web/health
                        http-check expect status 200
                        errorfile 503 %s/maintenance.http
                        server-template odoo %d %s:8072 check port 8069
                    """.formatted(DIR, SLOTS, dns));
        }
        return b.toString();
    }

    /** The maintenance page as a raw HTTP response (HAProxy's errorfile format). */
    static String page(String environment, int retryAfter) {
        String html = """
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Maintenance</title><meta http-equiv="refresh" content="%d"></head>
                <body><h1>Maintenance in progress</h1><p>%s is being updated. Please try again in a moment.</p></body></html>
                """.formatted(retryAfter, environment.replace("<", "&lt;").replace("&", "&amp;"));
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                + "Retry-After: " + retryAfter + "\r\nX-Odoo-Release: maintenance\r\nConnection: close\r\nContent-Length: "
                + html.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + html;
    }
}
