package dev.odoorelease.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.DockerEndpoint;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.StagingPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One entry of the configuration's {@code environments:} list, validated and turned into the engine's model
 * ({@link Environment} inside an {@link EnvironmentConfig}): its database (the password from an environment
 * variable or a file, never literal), snapshots, container, health check, staging policy, Docker engine and
 * registry. Every section allows only its own keys.
 */
final class EnvironmentSection {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)PASS|SECRET|TOKEN|API_?KEY|PRIVATE");
    private static final Set<String> ENV_KEYS = Set.of("name", "kind", "branches", "branch", "database", "dataDir", "snapshots",
            "container", "url", "health", "staging", "docker", "registry", "jobs", "promotesFrom", "maxAge", "runtime", "swarm");
    private static final Set<String> SWARM_KEYS = Set.of("service", "instances", "networks", "dataMount", "cron", "endpointMode", "args",
            "env", "stopGrace", "loadBalancer");
    private static final Set<String> LB_KEYS = Set.of("managed", "external", "port", "image", "baseImage", "retryAfter");
    private static final Set<String> DB_KEYS = Set.of("host", "port", "name", "user", "passwordEnv", "passwordFile", "stateDatabase");
    private static final Set<String> SNAPSHOT_KEYS = Set.of("kind", "store", "keep", "keepFailed", "maxMissingFiles");
    private static final Set<String> CONTAINER_KEYS = Set.of("name", "network", "ports", "args", "env", "volumes", "stopGrace");
    private static final Set<String> HEALTH_KEYS = Set.of("url", "timeout", "pollInterval", "consecutivePasses", "probeTimeout",
            "expectedSeries", "requireLogLines", "urls", "loginAttempt", "login");
    private static final Set<String> HEALTH_LOGIN_KEYS = Set.of("user", "passwordEnv", "passwordFile");
    private static final Set<String> URL_CHECK_KEYS = Set.of("path", "status", "text");
    private static final Set<String> STAGING_KEYS = Set.of("url", "mailCatcher", "anonymizationRules", "neutralizationSql",
            "cronAllowlist", "piiPolicy", "reportDir", "carryOver");
    private static final Set<String> DOCKER_KEYS = Set.of("host", "certPath", "tlsVerify");
    private static final Set<String> REGISTRY_KEYS = Set.of("url", "user", "passwordEnv", "passwordFile");

    private final ConfigReader in;
    private final Function<String, String> environmentVariables;

    EnvironmentSection(ConfigReader in, Function<String, String> environmentVariables) {
        this.in = in;
        this.environmentVariables = environmentVariables;
    }

    EnvironmentConfig read(JsonNode n, String at) {
        if (!n.isObject()) {
            throw in.error(at + " is not a mapping", "Give name, kind, database and dataDir for each environment");
        }
        in.keys(n, ENV_KEYS, at);
        String name = in.required(n, "name", at);
        String where = "environment " + name;
        Environment env = environment(n, name, where);
        EnvironmentConfig.Builder b = EnvironmentConfig.builder(env);
        if (n.has("branch")) {
            b.branch(in.required(n, "branch", where));
        }
        in.strings(n.path("branches"), where + ".branches").forEach(b::branch);
        if (n.has("promotesFrom")) {
            b.promotesFrom(in.required(n, "promotesFrom", where));
        }
        String url = in.text(n, "url", where, null);
        JsonNode c = n.path("container");
        if (!c.isMissingNode()) {
            b.container(container(c, where, url));
        }
        String runtime = in.text(n, "runtime", where, "container");
        JsonNode sw = n.path("swarm");
        if (runtime.equals("swarm")) {
            if (sw.isMissingNode()) {
                throw in.error(where + " has runtime: swarm but no 'swarm:' section", "Give swarm.service, instances, networks and"
                        + " loadBalancer (see docs/configuration.md, Swarm)");
            }
            if (!c.isMissingNode()) {
                throw in.error(where + " has both container settings and runtime: swarm", "A swarm environment runs its instances"
                        + " as a service configured under 'swarm:': remove the 'container:' section, or the swarm runtime");
            }
            b.swarm(swarm(sw, where + ".swarm"));
        } else if (!runtime.equals("container")) {
            throw in.error(where + ".runtime '" + runtime + "' is not a runtime", "Use container (one container, the default) or swarm");
        } else if (!sw.isMissingNode()) {
            throw in.error(where + " has a 'swarm:' section but runtime " + runtime, "Add runtime: swarm, or remove the section");
        }
        JsonNode h = n.path("health");
        if (!h.isMissingNode()) {
            b.health(health(h, where, url, env));
        } else if (url != null && n.path("container").isMissingNode()) {
            b.health(HealthSettings.forUrl(url).database(env.db().database()).build());
        }
        JsonNode s = n.path("staging");
        if (!s.isMissingNode()) {
            b.staging(staging(s, where, url));
        }
        if (n.has("maxAge")) {
            b.maxAge(maxAge(n.get("maxAge"), where + ".maxAge"));
        }
        JsonNode d = n.path("docker");
        if (!d.isMissingNode()) {
            in.keys(d, DOCKER_KEYS, where + ".docker");
            String cert = d.has("certPath") ? in.path(in.required(d, "certPath", where + ".docker")) : null;
            b.docker(new DockerEndpoint(in.required(d, "host", where + ".docker"), cert, in.bool(d, "tlsVerify", where + ".docker", cert != null)));
        }
        JsonNode r = n.path("registry");
        if (!r.isMissingNode()) {
            in.keys(r, REGISTRY_KEYS, where + ".registry");
            b.registry(in.text(r, "url", where, null), in.required(r, "user", where + ".registry"), secret(r, where + ".registry"));
        }
        return b.build();
    }

    /** A staging environment's maxAge ({@link MaxAge}): 36h, 30d, 2w; at least an hour, at most 3650 days. */
    private java.time.Duration maxAge(JsonNode n, String at) {
        java.util.Optional<java.time.Duration> d = n.isContainerNode() ? java.util.Optional.empty() : MaxAge.parse(n.asText());
        if (d.isEmpty()) {
            throw in.error(at + " " + (n.isContainerNode() ? ConfigReader.shape(n) : "'" + n.asText() + "'") + " is not an age",
                    "Write it in hours, days or weeks, e.g. 36h, 30d or 2w");
        }
        if (d.get().compareTo(java.time.Duration.ofHours(1)) < 0) {
            throw in.error(at + " '" + n.asText() + "' is shorter than an hour", "Give at least 1h, e.g. 30d");
        }
        if (d.get().compareTo(MaxAge.MAX) > 0) {
            throw in.error(at + " '" + n.asText() + "' is too long", "Give at most 3650d, or leave maxAge out for no limit");
        }
        return d.get();
    }

    /** The environment itself: its database (and password), data folder, kind, jobs and snapshot policy. */
    private Environment environment(JsonNode n, String name, String where) {
        JsonNode db = in.object(n, "database", where);
        in.keys(db, DB_KEYS, where + ".database");
        String password = secret(db, where + ".database");
        DbTarget target = new DbTarget(in.text(db, "host", where, "127.0.0.1"), in.port(db, "port", where + ".database", 5432),
                in.required(db, "name", where + ".database"), in.required(db, "user", where + ".database"), password);
        Environment.Builder eb = Environment.builder(name)
                .kind(n.has("kind") ? EnvironmentKind.parse(in.required(n, "kind", where)) : EnvironmentKind.DEVELOPMENT)
                .database(target)
                .dataDir(Path.of(in.path(in.required(n, "dataDir", where))));
        if (db.has("stateDatabase")) {
            eb.stateDatabase(in.required(db, "stateDatabase", where + ".database"));
        }
        if (n.has("jobs")) {
            eb.jobs(in.integer(n, "jobs", where, 2));
        }
        JsonNode snap = n.path("snapshots");
        if (!snap.isMissingNode()) {
            in.keys(snap, SNAPSHOT_KEYS, where + ".snapshots");
            if (snap.has("kind")) {
                eb.snapshotKind(SnapshotKind.parse(in.required(snap, "kind", where + ".snapshots")));
            }
            if (snap.has("store")) {
                eb.snapshotStore(Path.of(in.path(in.required(snap, "store", where + ".snapshots"))));
            }
            if (snap.has("keep")) {
                eb.keepSnapshots(in.integer(snap, "keep", where + ".snapshots", 5));
            }
            if (snap.has("keepFailed")) {
                eb.keepFailedCopies(in.integer(snap, "keepFailed", where + ".snapshots", 2));
            }
            if (snap.has("maxMissingFiles")) {
                eb.maxMissingFiles(in.integer(snap, "maxMissingFiles", where + ".snapshots", 0));
            }
        }
        return eb.build();
    }

    private OdooContainer container(JsonNode c, String where, String url) {
        in.keys(c, CONTAINER_KEYS, where + ".container");
        List<String> volumes = new ArrayList<>();
        for (String v : in.strings(c.path("volumes"), where + ".container.volumes")) {
            int colon = v.indexOf(':');
            volumes.add(colon > 0 && (v.startsWith("./") || v.startsWith("../")) ? in.path(v.substring(0, colon)) + v.substring(colon) : v);
        }
        return new OdooContainer(in.required(c, "name", where + ".container"), in.text(c, "network", where, null),
                in.strings(c.path("ports"), where + ".container.ports"), in.strings(c.path("args"), where + ".container.args"),
                containerEnv(c.path("env"), where + ".container.env"), volumes, url,
                c.has("stopGrace") ? in.duration(c.get("stopGrace"), where + ".container.stopGrace", true) : null);
    }

    private SwarmRuntime swarm(JsonNode s, String at) {
        in.keys(s, SWARM_KEYS, at);
        JsonNode l = in.object(s, "loadBalancer", at);
        in.keys(l, LB_KEYS, at + ".loadBalancer");
        boolean managed = in.bool(l, "managed", at + ".loadBalancer", !l.has("external"));
        try {
            return swarm(s, at, l, managed);
        } catch (OdooReleaseException e) {
            // the record's own reason, with the file it is in
            throw in.error("in " + at + ", " + e.getMessage().replaceFirst("^Unable to ", "unable to ").replaceFirst("\\.$", ""),
                    "See docs/configuration.md (Swarm)");
        }
    }

    private SwarmRuntime swarm(JsonNode s, String at, JsonNode l, boolean managed) {
        SwarmLoadBalancer lb = new SwarmLoadBalancer(managed, in.text(l, "external", at, null),
                managed ? in.port(l, "port", at + ".loadBalancer", 0) : 0, in.text(l, "image", at, null), in.text(l, "baseImage", at, null),
                l.has("retryAfter") ? (int) in.duration(l.get("retryAfter"), at + ".loadBalancer.retryAfter", false).toSeconds() : 30);
        return new SwarmRuntime(in.required(s, "service", at), in.integer(s, "instances", at, 2), in.strings(s.path("networks"), at + ".networks"),
                in.text(s, "dataMount", at, null), in.bool(s, "cron", at, true), in.text(s, "endpointMode", at, "vip"),
                in.strings(s.path("args"), at + ".args"), containerEnv(s.path("env"), at + ".env"),
                s.has("stopGrace") ? in.duration(s.get("stopGrace"), at + ".stopGrace", true) : null, lb);
    }

    private HealthSettings health(JsonNode h, String where, String url, Environment env) {
        in.keys(h, HEALTH_KEYS, where + ".health");
        String hu = in.text(h, "url", where, url);
        if (hu == null) {
            throw in.error(where + " has health settings but no URL", "Give the environment's 'url:' (or health.url)");
        }
        HealthSettings.Builder hb = HealthSettings.forUrl(hu).database(env.db().database());
        if (h.has("timeout")) {
            hb.timeout(in.duration(h.get("timeout"), where + ".health.timeout", false));
        }
        if (h.has("pollInterval")) {
            hb.pollInterval(in.duration(h.get("pollInterval"), where + ".health.pollInterval", false));
        }
        if (h.has("probeTimeout")) {
            hb.probeTimeout(in.duration(h.get("probeTimeout"), where + ".health.probeTimeout", false));
        }
        if (h.has("consecutivePasses")) {
            hb.consecutivePasses(in.integer(h, "consecutivePasses", where + ".health", 1));
        }
        if (h.has("expectedSeries")) {
            hb.expectedSeries(in.required(h, "expectedSeries", where + ".health"));
        }
        if (h.has("requireLogLines")) {
            hb.requireLogLines(in.bool(h, "requireLogLines", where + ".health", true));
        }
        if (h.has("loginAttempt")) {
            hb.loginAttempt(in.bool(h, "loginAttempt", where + ".health", true));
        }
        JsonNode login = h.path("login");
        if (!login.isMissingNode()) {
            in.keys(login, HEALTH_LOGIN_KEYS, where + ".health.login");
            String loginPassword = secret(login, where + ".health.login");
            if (loginPassword == null) {
                throw in.error(where + ".health.login has no password", "Give passwordEnv or passwordFile");
            }
            hb.login(new HealthSettings.LoginCredentials(in.required(login, "user", where + ".health.login"), loginPassword));
        }
        JsonNode urls = h.path("urls");
        if (!urls.isMissingNode() && !urls.isArray()) {
            throw in.error(where + ".health.urls is not a list", "Write it as a YAML list of {path, status, text}");
        }
        for (int i = 0; i < urls.size(); i++) {
            JsonNode u = urls.get(i);
            in.keys(u, URL_CHECK_KEYS, where + ".health.urls[" + i + "]");
            hb.urlCheck(in.required(u, "path", where + ".health.urls[" + i + "]"), in.httpStatus(u, where + ".health.urls[" + i + "]"),
                    in.text(u, "text", where, null));
        }
        return hb.build();
    }

    private StagingPolicy staging(JsonNode s, String where, String url) {
        in.keys(s, STAGING_KEYS, where + ".staging");
        String su = in.text(s, "url", where, url);
        if (su == null) {
            throw in.error(where + " has staging settings but no URL", "Give the environment's 'url:' (web.base.url is set to it)");
        }
        StagingPolicy.Builder sb = StagingPolicy.builder(su);
        if (s.has("mailCatcher")) {
            String mc = in.required(s, "mailCatcher", where + ".staging");
            int colon = mc.lastIndexOf(':');
            if (colon <= 0) {
                throw in.error(where + ".staging.mailCatcher '" + mc + "' has no port", "Write it as host:port, e.g. 127.0.0.1:1025");
            }
            try {
                int port = Integer.parseInt(mc.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                sb.mailCatcher(mc.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw in.error(where + ".staging.mailCatcher '" + mc + "' has no valid port", "Write it as host:port, e.g. 127.0.0.1:1025");
            }
        }
        if (s.has("anonymizationRules")) {
            sb.anonymizationRules(Path.of(in.path(in.required(s, "anonymizationRules", where + ".staging"))));
        }
        in.strings(s.path("neutralizationSql"), where + ".staging.neutralizationSql").forEach(f -> sb.neutralizationSql(Path.of(in.path(f))));
        in.strings(s.path("cronAllowlist"), where + ".staging.cronAllowlist").forEach(sb::allowCron);
        if (s.has("piiPolicy")) {
            sb.piiPolicy(piiPolicy(in.required(s, "piiPolicy", where + ".staging"), where));
        }
        if (s.has("reportDir")) {
            sb.reportDir(Path.of(in.path(in.required(s, "reportDir", where + ".staging"))));
        }
        if (s.has("carryOver")) {
            carryOver(s.path("carryOver"), where + ".staging.carryOver", sb);
        }
        return sb.build();
    }

    /** {@code carryOver: {users: [...], configParameters: [...], paymentProviders: [...]}}: a closed set of kinds. */
    private void carryOver(JsonNode c, String at, StagingPolicy.Builder sb) {
        if (!c.isObject()) {
            throw in.error(at + " is " + ConfigReader.shape(c) + ", not a mapping", "Write it as a mapping of kinds to lists: "
                    + "users, configParameters, paymentProviders (see docs/staging.md)");
        }
        for (var it = c.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            CarryOver.Kind kind;
            try {
                kind = CarryOver.Kind.ofConfigKey(k, at);
            } catch (OdooReleaseException e) {
                throw in.error("unknown kind of record '" + at + "." + k + "'", "Known kinds: users, configParameters, paymentProviders");
            }
            for (String key : in.strings(c.path(k), at + "." + k)) {
                try {
                    sb.carryOver(new CarryOver(kind, key.strip()));
                } catch (OdooReleaseException e) {
                    // the entry's own reason, with the file it is in
                    throw in.error("in " + at + "." + k + ", " + e.getMessage().replaceFirst("^Unable to ", "unable to ")
                            .replaceFirst("\\.$", ""), "See docs/staging.md (carry-over)");
                }
            }
        }
    }

    private static StagingPolicy.PiiPolicy piiPolicy(String s, String where) {
        try {
            return StagingPolicy.PiiPolicy.valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read " + where + ".staging.piiPolicy '" + s
                    + "': use one of " + java.util.Arrays.toString(StagingPolicy.PiiPolicy.values()).toLowerCase(java.util.Locale.ROOT) + ".");
        }
    }

    /** {@code passwordEnv} or {@code passwordFile}; a literal {@code password} is refused. */
    private String secret(JsonNode n, String where) {
        if (n.has("passwordEnv") && n.has("passwordFile")) {
            throw in.error(where + " has both passwordEnv and passwordFile", "Keep one of them");
        }
        if (n.has("passwordEnv")) {
            String var = in.required(n, "passwordEnv", where);
            String value = environmentVariables.apply(var);
            if (value == null || value.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the password of " + where
                        + ": the environment variable " + var + " is " + (value == null ? "not set" : "empty") + ". Export it (e.g. from your secret store) before running.");
            }
            return value;
        }
        if (n.has("passwordFile")) {
            Path p = Path.of(in.path(in.required(n, "passwordFile", where)));
            String value;
            try {
                value = Files.readString(p, StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException e) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the password of " + where + " from " + p
                        + ": " + (e instanceof NoSuchFileException ? "the file does not exist" : e.getMessage()) + ". Check the path.");
            }
            if (value.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the password of " + where + " from " + p
                        + ": the file is empty. Write the password into it.");
            }
            return value;
        }
        return null;
    }

    /**
     * The container's extra environment: public settings only. A variable whose name says it holds a secret
     * (PASSWORD, SECRET, TOKEN, KEY) would put that secret into the file in clear, so it is refused.
     */
    private Map<String, String> containerEnv(JsonNode n, String at) {
        Map<String, String> env = in.map(n, at);
        for (String k : env.keySet()) {
            if (SECRET_NAME.matcher(k).find()) {
                throw in.error(at + "." + k + " would hold a secret in the file", "Give the container its secrets another way "
                        + "(the database password comes from database.passwordEnv/passwordFile; others from the engine's own secret store)");
            }
        }
        return env;
    }
}
