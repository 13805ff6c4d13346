package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An environment whose Odoo runs as a Docker Swarm service ({@code runtime: swarm}) instead of one container: {@code instances}
 * replicas of the service {@code service}, all with {@code --max-cron-threads=0}, plus — unless {@code cron} is off — one more
 * replica in the service {@code <service>-cron} that runs the scheduled actions and serves no user (the load balancer does not
 * route to it). Every instance mounts the same data directory ({@code dataMount}: by default the environment's {@code dataDir}
 * bound at {@code /var/lib/odoo}, which on several nodes must be a shared file system mounted at the same path on each; or any
 * {@code --mount} specification, e.g. an NFS volume). The instances join {@code networks} (overlay networks; created by
 * odoo-release when missing) and are found by the load balancer through the service's DNS name; {@code endpointMode} {@code vip}
 * (a real cluster) or {@code dnsrr} (no IPVS, as on the project's own test machine).
 *
 * @param service       the service's name (also the prefix of the cron service, the load balancer's and the secrets')
 * @param instances     how many instances serve users (1..64)
 * @param networks      the overlay networks the instances (and the managed load balancer) join; at least one
 * @param dataMount     a {@code --mount} specification for {@code /var/lib/odoo}, or null: the environment's data directory
 * @param cron          whether a {@code <service>-cron} instance runs the crons (the serving instances never do)
 * @param endpointMode  {@code vip} or {@code dnsrr}
 * @param odooArgs      extra Odoo options of every instance ({@code --workers=4}, …)
 * @param env           extra public environment of every instance
 * @param stopGrace     how long an instance gets to finish its requests when it is replaced
 * @param loadBalancer  the load balancer in front of the instances
 */
public record SwarmRuntime(String service, int instances, List<String> networks, String dataMount, boolean cron, String endpointMode,
                           List<String> odooArgs, Map<String, String> env, Duration stopGrace, SwarmLoadBalancer loadBalancer)
        implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Docker's service and network names: letters, digits, dash, underscore and dot, starting with a letter or digit. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    public static final int MAX_INSTANCES = 64;

    public SwarmRuntime {
        networks = networks == null ? List.of() : List.copyOf(networks);
        odooArgs = odooArgs == null ? List.of() : List.copyOf(odooArgs);
        env = env == null ? Map.of() : Map.copyOf(env);
        stopGrace = stopGrace == null ? Duration.ofSeconds(30) : stopGrace;
        endpointMode = endpointMode == null ? "vip" : endpointMode;
        String where = "Unable to configure the swarm service " + service;
        if (service == null || !NAME.matcher(service).matches()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure a swarm service named '" + service
                    + "': a service name is 1 to 63 letters, digits, '-', '_' or '.', starting with a letter or digit. Give swarm.service.");
        }
        if (instances < 1 || instances > MAX_INSTANCES) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": instances is " + instances + ", not between 1 and "
                    + MAX_INSTANCES + ". Give the number of instances that serve users.");
        }
        if (networks.isEmpty()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": no network. Give swarm.networks (an overlay network the"
                    + " instances and the load balancer share; odoo-release creates it when it is missing).");
        }
        for (String n : networks) {
            if (!NAME.matcher(n).matches()) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": the network name '" + n + "' is not a Docker name"
                        + " (letters, digits, '-', '_', '.'). Fix swarm.networks.");
            }
        }
        if (!endpointMode.equals("vip") && !endpointMode.equals("dnsrr")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": endpointMode '" + endpointMode + "' is neither vip nor"
                    + " dnsrr. Use vip (the default, with IPVS) or dnsrr (a node without IPVS).");
        }
        for (String a : odooArgs) {
            if (a.startsWith("--max-cron-threads") || a.equals("-d") || a.startsWith("--database") || a.startsWith("--http-port")
                    || a.startsWith("-p")) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": swarm.args sets " + a + ", which odoo-release sets"
                        + " itself (the database, the HTTP port 8069, crons only on the cron instance). Remove it.");
            }
        }
        if (dataMount != null && !dataMount.contains("target=/var/lib/odoo") && !dataMount.contains("dst=/var/lib/odoo")
                && !dataMount.contains("destination=/var/lib/odoo")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": swarm.dataMount '" + dataMount + "' does not mount"
                    + " Odoo's data directory. Give a --mount specification with target=/var/lib/odoo (the filestore and sessions all"
                    + " instances share), or leave it out to bind the environment's dataDir.");
        }
        if (loadBalancer == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": no load balancer. Give swarm.loadBalancer: {managed:"
                    + " true, port: 8080} (odoo-release runs HAProxy) or {external: NAME} (your own; odoo-release manages only the instances).");
        }
        if (loadBalancer.managed() && loadBalancer.serviceName(service).equals(service)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, where + ": the load balancer's service would have the instances' name.");
        }
    }

    /** The service that runs the crons (one instance). */
    public String cronService() {
        return service + "-cron";
    }

    /**
     * Whether the instances run Odoo's multi-process server ({@code --workers} above 0): only then does Odoo listen on its gevent
     * port (8072) for {@code /websocket} (and {@code /longpolling} in 16.0); the threaded server serves them on 8069.
     */
    public boolean prefork() {
        for (int i = 0; i < odooArgs.size(); i++) {
            String a = odooArgs.get(i);
            String v = a.startsWith("--workers=") ? a.substring("--workers=".length())
                    : a.equals("--workers") && i + 1 < odooArgs.size() ? odooArgs.get(i + 1) : null;
            if (v != null) {
                try {
                    return Integer.parseInt(v.strip()) > 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
