package dev.odoorelease.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.OdooReleaseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configuration's {@code preview:} section, strict like the rest: its own keys only, values of the right shape, no
 * secret in the container's environment. Builds the {@link PreviewTemplate}; a value the template refuses is reported
 * as a configuration error of the file.
 */
final class PreviewSection {
    private static final Set<String> KEYS = Set.of("branches", "changeRequests", "source", "data", "demoModules", "dataDir", "name",
            "url", "ports", "container", "limits", "ttl", "maxAlive", "healthTimeout", "docker", "mailCatcher");
    private static final Set<String> CONTAINER_KEYS = Set.of("network", "args", "env", "volumes");
    private static final Set<String> LIMIT_KEYS = Set.of("memory", "cpus");
    private static final Set<String> DOCKER_KEYS = Set.of("host", "certPath", "tlsVerify");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)PASS|SECRET|TOKEN|API_?KEY|PRIVATE");

    private final ConfigReader in;

    PreviewSection(ConfigReader in) {
        this.in = in;
    }

    PreviewTemplate read(JsonNode n) {
        String at = "preview";
        if (!n.isObject()) {
            throw in.error(at + " is " + ConfigReader.shape(n) + ", not a mapping", "Give source, dataDir, url and branches under 'preview:'");
        }
        in.keys(n, KEYS, at);
        PreviewTemplate.Builder b = PreviewTemplate.builder();
        in.strings(n.path("branches"), at + ".branches").forEach(b::branch);
        b.changeRequests(in.bool(n, "changeRequests", at, false));
        b.source(in.text(n, "source", at, null));
        try {
            if (n.has("data")) {
                b.data(PreviewTemplate.DataSource.parse(in.required(n, "data", at)));
            }
            b.demoModules(in.strings(n.path("demoModules"), at + ".demoModules"));
            if (n.has("dataDir")) {
                b.dataDir(Path.of(in.path(in.required(n, "dataDir", at))));
            }
            b.namePattern(in.text(n, "name", at, null));
            b.url(in.text(n, "url", at, null));
            b.ports(in.text(n, "ports", at, null));
            JsonNode c = n.path("container");
            if (!c.isMissingNode()) {
                in.keys(c, CONTAINER_KEYS, at + ".container");
                b.network(in.text(c, "network", at + ".container", null));
                b.args(in.strings(c.path("args"), at + ".container.args"));
                b.env(containerEnv(c.path("env"), at + ".container.env"));
                b.volumes(in.strings(c.path("volumes"), at + ".container.volumes").stream()
                        .map(v -> v.startsWith("./") || v.startsWith("../") ? in.path(v.substring(0, v.indexOf(':') < 0 ? v.length()
                                : v.indexOf(':'))) + (v.indexOf(':') < 0 ? "" : v.substring(v.indexOf(':'))) : v).toList());
            }
            JsonNode l = n.path("limits");
            if (!l.isMissingNode()) {
                in.keys(l, LIMIT_KEYS, at + ".limits");
                b.memory(in.text(l, "memory", at + ".limits", null));
                b.cpus(in.text(l, "cpus", at + ".limits", null));
            }
            if (n.has("ttl")) {
                b.ttl(ttl(n.get("ttl"), at + ".ttl"));
            }
            if (n.has("maxAlive")) {
                b.maxAlive(in.integer(n, "maxAlive", at, 5));
            }
            if (n.has("healthTimeout")) {
                b.healthTimeout(in.duration(n.get("healthTimeout"), at + ".healthTimeout", false));
            }
            JsonNode d = n.path("docker");
            if (!d.isMissingNode()) {
                in.keys(d, DOCKER_KEYS, at + ".docker");
                String cert = d.has("certPath") ? in.path(in.required(d, "certPath", at + ".docker")) : null;
                b.docker(new DockerEndpoint(in.required(d, "host", at + ".docker"), cert, in.bool(d, "tlsVerify", at + ".docker", cert != null)));
            }
            b.mailCatcher(in.text(n, "mailCatcher", at, null));
            return b.build();
        } catch (OdooReleaseException e) {
            if (e.getMessage().startsWith("Unable to read the configuration")) {
                throw e;
            }
            throw in.error(e.getMessage().replaceFirst("^Unable to configure previews: ", "preview: ").replaceAll("\\.$", ""),
                    "Fix the preview section");
        } catch (IllegalArgumentException e) {
            throw in.error("preview has a value that cannot be used (" + e.getMessage() + ")", "Fix that value (see docs/configuration.md)");
        }
    }

    /** A TTL: {@code 36h}, {@code 3d}, {@code 2w}, or a duration such as {@code 30m}; at least a minute, at most 3650 days. */
    private Duration ttl(JsonNode n, String at) {
        Duration d = n.isContainerNode() ? null : MaxAge.parse(n.asText()).orElse(null);
        if (d == null) {
            d = in.duration(n, at, false);
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(MaxAge.MAX) > 0) {
            throw in.error(at + " '" + n.asText() + "' is out of range", "Give at least 1m and at most 3650d, e.g. 3d");
        }
        return d;
    }

    private Map<String, String> containerEnv(JsonNode n, String at) {
        Map<String, String> env = in.map(n, at);
        for (String k : env.keySet()) {
            if (SECRET_NAME.matcher(k).find()) {
                throw in.error(at + "." + k + " would hold a secret in the file", "Previews get no secrets from the configuration file");
            }
        }
        return env;
    }
}
