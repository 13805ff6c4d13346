package dev.odoorelease.engine.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.odoorelease.engine.config.DockerEndpoint;

/**
 * Where a container can be reached from this machine without going through any URL configured for it: its published
 * ports ({@code docker run -p}) and its addresses on its Docker networks, as {@code docker inspect} reports them. The
 * health check uses them to probe the container it deployed directly and to tell whether a URL is the container's own
 * address (see {@code ReachedContainer}).
 *
 * <p>Published ports bound to every address ({@code 0.0.0.0}, {@code ::}) are reached on the machine that runs the
 * Docker engine: on loopback when the engine is local ({@code unix://}), on the engine's host name when it is remote
 * ({@code tcp://}, {@code ssh://}). Network addresses are only reachable when the engine is local.
 *
 * @param container the container's name
 * @param endpoints where it listens, published ports first
 */
public record ContainerEndpoints(String container, List<Endpoint> endpoints) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ContainerEndpoints {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * One address the container answers on.
     *
     * @param host          the address to connect to from this machine
     * @param port          the port to connect to
     * @param containerPort the port inside the container it leads to
     * @param wildcard      a published port bound to every address of the engine's machine
     * @param how           how it was found, for messages: {@code published 8069/tcp on 0.0.0.0:32768}
     */
    public record Endpoint(String host, int port, int containerPort, boolean wildcard, String how) {
        public URI baseUri(String scheme) {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return URI.create(scheme + "://" + h + ":" + port + "/");
        }
    }

    /** The container's endpoints; empty when it has none (no published port, no network address). */
    public static ContainerEndpoints of(DockerCli docker, String name) {
        ProcessResult r = docker.call(List.of("inspect", "--type", "container", "--format",
                "{\"NetworkSettings\":{{json .NetworkSettings}},\"NetworkMode\":{{json .HostConfig.NetworkMode}},"
                        + "\"Cmd\":{{json .Config.Cmd}}}", name), false);
        if (!r.ok()) {
            throw docker.failure("inspect the network settings of", "container " + name, r, null);
        }
        JsonNode settings;
        try {
            settings = JSON.readTree(r.stdout().strip());
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to read the network settings of container "
                    + name + ": docker inspect printed no JSON (" + e.getMessage() + "). Check the Docker CLI's version.", e);
        }
        return parse(name, settings, engineHost(docker.endpoint()));
    }

    static ContainerEndpoints parse(String name, JsonNode inspected, String engineHost) {
        List<Endpoint> out = new ArrayList<>();
        if ("host".equals(inspected.path("NetworkMode").asText())) {
            // the container shares the engine machine's network: Odoo listens there on its own http port
            int port = httpPort(inspected.path("Cmd"));
            String host = engineHost != null ? engineHost : "127.0.0.1";
            out.add(new Endpoint(host, port, port, true, "host network, Odoo's http port " + port));
            return new ContainerEndpoints(name, out);
        }
        JsonNode settings = inspected.path("NetworkSettings");
        List<Integer> containerPorts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.path("Ports").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().endsWith("/tcp")) {
                continue;
            }
            int containerPort = Integer.parseInt(e.getKey().substring(0, e.getKey().indexOf('/')));
            containerPorts.add(containerPort);
            for (JsonNode b : e.getValue()) {
                String ip = b.path("HostIp").asText("");
                int port = Integer.parseInt(b.path("HostPort").asText("0"));
                boolean wildcard = ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
                String host = wildcard ? (engineHost != null ? engineHost : ip.equals("::") ? "::1" : "127.0.0.1")
                        : ip;
                if (port > 0 && !(wildcard && engineHost == null && containsPort(out, port))) {
                    out.add(new Endpoint(host, port, containerPort, wildcard, "published " + e.getKey() + " on "
                            + (ip.isEmpty() ? "0.0.0.0" : ip) + ":" + port));
                }
            }
        }
        if (engineHost == null) {
            if (containerPorts.isEmpty()) {
                containerPorts.add(8069); // Odoo's http_port: not exposed by a plain image, it still listens there
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = settings.path("Networks").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> n = it.next();
                for (String key : List.of("IPAddress", "GlobalIPv6Address")) {
                    String ip = n.getValue().path(key).asText("");
                    if (!ip.isEmpty()) {
                        for (int p : containerPorts) {
                            out.add(new Endpoint(ip, p, p, false, "network " + n.getKey() + " " + ip + ":" + p));
                        }
                    }
                }
            }
        }
        return new ContainerEndpoints(name, out);
    }

    /** Odoo's {@code --http-port}/{@code -p} on the container's command line, else its default 8069. */
    static int httpPort(JsonNode cmd) {
        List<String> args = new ArrayList<>();
        cmd.forEach(a -> args.add(a.asText()));
        int port = 8069;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String value = null;
            if (a.startsWith("--http-port=") || a.startsWith("--xmlrpc-port=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if ((a.equals("--http-port") || a.equals("--xmlrpc-port") || a.equals("-p")) && i + 1 < args.size()) {
                value = args.get(i + 1);
            }
            if (value != null && value.matches("[0-9]{1,5}")) {
                port = Integer.parseInt(value);
            }
        }
        return port;
    }

    private static boolean containsPort(List<Endpoint> endpoints, int port) {
        return endpoints.stream().anyMatch(x -> x.wildcard() && x.port() == port);
    }

    /** The engine's host for a remote engine, null for a local one. */
    static String engineHost(DockerEndpoint e) {
        String host = e == null ? System.getenv("DOCKER_HOST") : e.host();
        if (host == null || host.isBlank() || host.startsWith("unix://") || host.startsWith("npipe://")
                || host.startsWith("fd://")) {
            return null;
        }
        URI uri = URI.create(host.strip());
        return uri.getHost();
    }

    /**
     * The endpoint a URL's host and port are, if any: the URL then reaches the container without a proxy in between.
     * A name is resolved; a wildcard published port matches any address of this machine (loopback or an interface's).
     */
    public java.util.Optional<Endpoint> addressOf(URI url) {
        String host = url.getHost();
        if (host == null) {
            return java.util.Optional.empty();
        }
        int port = url.getPort() >= 0 ? url.getPort()
                : "https".equals(url.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
        for (Endpoint ep : endpoints) {
            if (ep.port() != port) {
                continue;
            }
            for (InetAddress a : resolved) {
                if (sameAddress(a, ep.host()) || (ep.wildcard() && isThisMachine(a) && isLoopbackOrLocal(ep.host()))) {
                    return java.util.Optional.of(ep);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean sameAddress(InetAddress a, String host) {
        try {
            for (InetAddress b : InetAddress.getAllByName(host)) {
                if (a.equals(b)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static boolean isLoopbackOrLocal(String host) {
        try {
            return isThisMachine(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isThisMachine(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
