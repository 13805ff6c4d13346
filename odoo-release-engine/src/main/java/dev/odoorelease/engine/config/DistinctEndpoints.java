package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.filestore.PathOverlap;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Two environments of a project must not share where they answer, what runs them, or where their files are: a
 * health check of staging that reaches production's Odoo reports production's health as staging's, a deploy to one
 * that replaces the other's container stops the other, and a data directory mounted into two containers gives one
 * environment's Odoo the other's files. Compared by what they are, not by how they are spelled:
 * <ul>
 *   <li>URLs (the health check's and the container's) by scheme, host, port (80 and 443 when not given) and path
 *       (without a trailing {@code /}); hosts are equal when spelled alike (case and a trailing dot aside), when both
 *       are loopback ({@code localhost}, {@code 127.0.0.1}, {@code ::1}), or — when {@code resolve} — when they
 *       resolve to a common address;</li>
 *   <li>container names on the same Docker engine (Docker's leading {@code /} aside);</li>
 *   <li>data directories by their absolute normalized paths, and — when {@code resolve} and both exist — by
 *       {@link PathOverlap} (a symbolic link or a bind mount of the other's folder).</li>
 * </ul>
 * The configuration is checked when it is built (no name resolution, nothing read from disk beyond paths: the Jenkins
 * controller builds it), and again with {@code resolve} by {@code OdooRelease} before it deploys to an environment or
 * checks its health.
 */
public final class DistinctEndpoints {
    private DistinctEndpoints() {
    }

    /** Refuses two environments of {@code environments} that collide; {@code resolve} also resolves names and paths. */
    public static void require(String project, Collection<EnvironmentConfig> environments, boolean resolve) {
        List<EnvironmentConfig> all = List.copyOf(environments);
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                require(project, all.get(i), all.get(j), resolve);
            }
        }
    }

    /** Refuses when {@code e} collides with one of {@code others}. */
    public static void require(String project, EnvironmentConfig e, Collection<EnvironmentConfig> others, boolean resolve) {
        for (EnvironmentConfig o : others) {
            if (!o.name().equals(e.name())) {
                require(project, e, o, resolve);
            }
        }
    }

    private static void require(String project, EnvironmentConfig a, EnvironmentConfig b, boolean resolve) {
        String prefix = "Unable to use the configuration of project " + project + ": environments " + a.name() + " and " + b.name();
        for (String ua : urls(a)) {
            for (String ub : urls(b)) {
                if (sameUrl(ua, ub, resolve)) {
                    throw new OdooReleaseException(ErrorCode.CONFIGURATION, prefix + " answer at the same URL (" + ua
                            + (ua.equals(ub) ? "" : " and " + ub) + " are " + normalized(ua) + "): the health check of one would"
                            + " probe the other's Odoo and report its health. Give each environment its own URL.");
                }
            }
        }
        if (a.container().isPresent() && b.container().isPresent() && sameEngine(a, b)
                && containerName(a.container().get().name()).equals(containerName(b.container().get().name()))) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, prefix + " use the same container "
                    + containerName(a.container().get().name()) + " on " + a.docker().map(Object::toString).orElse("the local Docker engine")
                    + ": a deploy to one would replace the other's Odoo. Give each environment its own container name.");
        }
        Path da = a.environment().dataDir().toAbsolutePath().normalize();
        Path db = b.environment().dataDir().toAbsolutePath().normalize();
        String same = da.equals(db) ? da.toString() : resolve ? sameFolder(da, db) : null;
        if (same != null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, prefix + " use the same data directory (" + same
                    + "): each one's Odoo container would mount the other's filestore and sessions. Give each environment a"
                    + " data directory of its own.");
        }
    }

    /** Where the environment's Odoo is probed and answers: the health check's URL and the container's. */
    private static Set<String> urls(EnvironmentConfig e) {
        Set<String> urls = new LinkedHashSet<>();
        e.health().ifPresent(h -> urls.add(h.url()));
        e.container().map(c -> c.url()).ifPresent(urls::add);
        urls.removeIf(u -> u == null || u.isBlank());
        return urls;
    }

    static boolean sameUrl(String a, String b, boolean resolve) {
        Optional<Url> ua = Url.parse(a);
        Optional<Url> ub = Url.parse(b);
        if (ua.isEmpty() || ub.isEmpty()) {
            return a.strip().equalsIgnoreCase(b.strip());
        }
        Url x = ua.get();
        Url y = ub.get();
        return x.scheme().equals(y.scheme()) && x.port() == y.port() && x.path().equals(y.path()) && sameHost(x.host(), y.host(), resolve);
    }

    private static String normalized(String url) {
        return Url.parse(url).map(u -> u.scheme() + "://" + u.host() + ":" + u.port() + u.path() + "/").orElse(url);
    }

    static boolean sameHost(String a, String b, boolean resolve) {
        if (a.equals(b)) {
            return true;
        }
        Optional<InetAddress> la = literal(a);
        Optional<InetAddress> lb = literal(b);
        if (la.isPresent() && lb.isPresent() && la.get().equals(lb.get())) {
            return true;
        }
        if (isLoopback(a, la) && isLoopback(b, lb)) {
            return true;
        }
        if (!resolve) {
            return false;
        }
        Set<InetAddress> ra = resolved(a);
        Set<InetAddress> rb = resolved(b);
        if (ra.isEmpty() || rb.isEmpty()) {
            return false;
        }
        if (ra.stream().allMatch(InetAddress::isLoopbackAddress) && rb.stream().allMatch(InetAddress::isLoopbackAddress)) {
            return true;
        }
        return ra.stream().anyMatch(rb::contains);
    }

    private static boolean isLoopback(String host, Optional<InetAddress> literal) {
        return host.equals("localhost") || host.endsWith(".localhost") || literal.map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** The address of an IP literal (no name lookup), or empty for a name. */
    private static Optional<InetAddress> literal(String host) {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            try {
                return Optional.of(InetAddress.getByName(host)); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Set<InetAddress> resolved(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).collect(Collectors.toSet());
        } catch (UnknownHostException | SecurityException e) {
            return Set.of();
        }
    }

    private static boolean sameEngine(EnvironmentConfig a, EnvironmentConfig b) {
        String ea = a.docker().map(d -> d.host()).orElse("local");
        String eb = b.docker().map(d -> d.host()).orElse("local");
        return ea.equalsIgnoreCase(eb);
    }

    private static String containerName(String name) {
        return name.strip().startsWith("/") ? name.strip().substring(1) : name.strip();
    }

    private static String sameFolder(Path a, Path b) {
        if (!Files.exists(a) || !Files.exists(b)) {
            return null;
        }
        try {
            return PathOverlap.between(a, b).filter(s -> s.contains("are the same folder")).orElse(null);
        } catch (UncheckedIOException e) {
            return null;
        }
    }

    /** A URL's parts as compared: lower-case scheme and host (no trailing dot, no brackets), port, path without a trailing /. */
    private record Url(String scheme, String host, int port, String path) {
        static Optional<Url> parse(String url) {
            try {
                URI u = new URI(url.strip());
                if (u.getScheme() == null || u.getHost() == null) {
                    return Optional.empty();
                }
                String scheme = u.getScheme().toLowerCase(Locale.ROOT);
                String host = u.getHost().toLowerCase(Locale.ROOT);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                if (host.endsWith(".")) {
                    host = host.substring(0, host.length() - 1);
                }
                int port = u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
                String path = u.getRawPath() == null ? "" : URI.create(u.getRawPath().isEmpty() ? "/" : u.getRawPath()).normalize().getRawPath();
                while (path.endsWith("/")) {
                    path = path.substring(0, path.length() - 1);
                }
                return Optional.of(new Url(scheme, host, port, path));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
