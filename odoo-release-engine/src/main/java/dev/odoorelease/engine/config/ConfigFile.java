package dev.odoorelease.engine.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.db.DbTarget;
import dev.odoorelease.engine.deploy.OdooContainer;
import dev.odoorelease.engine.docker.DockerEndpoint;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.env.EnvironmentKind;
import dev.odoorelease.engine.env.SnapshotKind;
import dev.odoorelease.engine.health.HealthSettings;
import dev.odoorelease.engine.staging.StagingPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link ReleaseConfig} from YAML ({@code odoo-release.yml}, documented in {@code docs/configuration.md}).
 * Strict: an unknown key is an error naming where it is (a misspelt {@code pasword} must not be silently
 * ignored). Relative paths are resolved against the file's folder. Secrets are never literal values in the
 * file: {@code passwordEnv: NAME} reads an environment variable, {@code passwordFile: path} a file (trailing
 * newline stripped).
 */
public final class ConfigFile {
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)PASS|SECRET|TOKEN|API_?KEY|PRIVATE");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");
    private static final Set<String> ROOT_KEYS = Set.of("project", "addonsPaths", "environments");
    private static final Set<String> ENV_KEYS = Set.of("name", "kind", "branches", "branch", "database", "dataDir", "snapshots",
            "container", "url", "health", "staging", "docker", "registry", "jobs", "maxAge");
    private static final Set<String> DB_KEYS = Set.of("host", "port", "name", "user", "passwordEnv", "passwordFile", "stateDatabase");
    private static final Set<String> SNAPSHOT_KEYS = Set.of("kind", "store", "keep", "keepFailed", "maxMissingFiles");
    private static final Set<String> CONTAINER_KEYS = Set.of("name", "network", "ports", "args", "env", "volumes", "stopGrace");
    private static final Set<String> HEALTH_KEYS = Set.of("url", "timeout", "pollInterval", "consecutivePasses", "probeTimeout",
            "expectedSeries", "requireLogLines", "urls");
    private static final Set<String> URL_CHECK_KEYS = Set.of("path", "status", "text");
    private static final Set<String> STAGING_KEYS = Set.of("url", "mailCatcher", "anonymizationRules", "neutralizationSql",
            "cronAllowlist", "piiPolicy", "reportDir");
    private static final Set<String> DOCKER_KEYS = Set.of("host", "certPath", "tlsVerify");
    private static final Set<String> REGISTRY_KEYS = Set.of("url", "user", "passwordEnv", "passwordFile");

    private final Path file;
    private final Path base;
    private final Function<String, String> environmentVariables;

    private ConfigFile(Path file, Function<String, String> environmentVariables) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of(".").toAbsolutePath() : parent;
        this.environmentVariables = environmentVariables;
    }

    /** Reads the file, taking secrets from this process's environment variables. */
    public static ReleaseConfig load(Path file) {
        return load(file, System::getenv);
    }

    /** Reads the file, taking {@code passwordEnv} secrets from {@code environmentVariables}. */
    public static ReleaseConfig load(Path file, Function<String, String> environmentVariables) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration " + file
                    + ": the file does not exist. Create it (see docs/configuration.md) or point to it with --config.");
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration " + file + ": " + e.getMessage()
                    + ". Check the file's permissions.", e);
        }
        return new ConfigFile(file, environmentVariables).parse(text);
    }

    private ReleaseConfig parse(String text) {
        JsonNode root;
        try {
            // a key given twice is a mistake (which one wins?), not something to settle silently
            root = new ObjectMapper(YAMLFactory.builder().enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build()).readTree(text);
        } catch (JsonProcessingException e) {
            throw error("the file is not valid YAML (" + e.getOriginalMessage() + " at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", "Fix the YAML syntax");
        }
        if (root == null || !root.isObject()) {
            throw error("it holds no settings", "Start it with 'project:' and 'environments:' (see docs/configuration.md)");
        }
        keys(root, ROOT_KEYS, "");
        JsonNode envs = root.path("environments");
        if (!envs.isArray() || envs.isEmpty()) {
            throw error("'environments' is missing or empty", "List at least one environment under 'environments:'");
        }
        List<EnvironmentConfig> list = new ArrayList<>();
        for (int i = 0; i < envs.size(); i++) {
            String at = "environments[" + i + "]";
            try {
                list.add(environment(envs.get(i), at));
            } catch (IllegalArgumentException | ArithmeticException e) {
                // a value the model refuses (a port out of range, a zero timeout): a configuration mistake, not a bug
                String name = envs.get(i).path("name").isTextual() ? "environment " + envs.get(i).path("name").asText() : at;
                throw error(name + " has a value that cannot be used (" + e.getMessage() + ")", "Fix that value (see docs/configuration.md)");
            }
        }
        return new ReleaseConfig(text(root, "project", "", null), strings(root.path("addonsPaths"), "addonsPaths"), list);
    }

    private EnvironmentConfig environment(JsonNode n, String at) {
        if (!n.isObject()) {
            throw error(at + " is not a mapping", "Give name, kind, database and dataDir for each environment");
        }
        keys(n, ENV_KEYS, at);
        String name = required(n, "name", at);
        String where = "environment " + name;
        JsonNode db = object(n, "database", where);
        keys(db, DB_KEYS, where + ".database");
        String password = secret(db, where + ".database");
        DbTarget target = new DbTarget(text(db, "host", where, "127.0.0.1"), port(db, "port", where + ".database", 5432),
                required(db, "name", where + ".database"), required(db, "user", where + ".database"), password);
        Environment.Builder eb = Environment.builder(name)
                .kind(n.has("kind") ? EnvironmentKind.parse(required(n, "kind", where)) : EnvironmentKind.DEVELOPMENT)
                .database(target)
                .dataDir(Path.of(path(required(n, "dataDir", where))));
        if (db.has("stateDatabase")) {
            eb.stateDatabase(required(db, "stateDatabase", where + ".database"));
        }
        if (n.has("jobs")) {
            eb.jobs(integer(n, "jobs", where, 2));
        }
        JsonNode snap = n.path("snapshots");
        if (!snap.isMissingNode()) {
            keys(snap, SNAPSHOT_KEYS, where + ".snapshots");
            if (snap.has("kind")) {
                eb.snapshotKind(SnapshotKind.parse(required(snap, "kind", where + ".snapshots")));
            }
            if (snap.has("store")) {
                eb.snapshotStore(Path.of(path(required(snap, "store", where + ".snapshots"))));
            }
            if (snap.has("keep")) {
                eb.keepSnapshots(integer(snap, "keep", where + ".snapshots", 5));
            }
            if (snap.has("keepFailed")) {
                eb.keepFailedCopies(integer(snap, "keepFailed", where + ".snapshots", 2));
            }
            if (snap.has("maxMissingFiles")) {
                eb.maxMissingFiles(integer(snap, "maxMissingFiles", where + ".snapshots", 0));
            }
        }
        Environment env = eb.build();
        EnvironmentConfig.Builder b = EnvironmentConfig.builder(env);
        if (n.has("branch")) {
            b.branch(required(n, "branch", where));
        }
        strings(n.path("branches"), where + ".branches").forEach(b::branch);
        String url = text(n, "url", where, null);
        JsonNode c = n.path("container");
        if (!c.isMissingNode()) {
            keys(c, CONTAINER_KEYS, where + ".container");
            List<String> volumes = new ArrayList<>();
            for (String v : strings(c.path("volumes"), where + ".container.volumes")) {
                int colon = v.indexOf(':');
                volumes.add(colon > 0 && (v.startsWith("./") || v.startsWith("../")) ? path(v.substring(0, colon)) + v.substring(colon) : v);
            }
            b.container(new OdooContainer(required(c, "name", where + ".container"), text(c, "network", where, null),
                    strings(c.path("ports"), where + ".container.ports"), strings(c.path("args"), where + ".container.args"),
                    containerEnv(c.path("env"), where + ".container.env"), volumes, url,
                    c.has("stopGrace") ? duration(c.get("stopGrace"), where + ".container.stopGrace", true) : null));
        }
        JsonNode h = n.path("health");
        if (!h.isMissingNode()) {
            keys(h, HEALTH_KEYS, where + ".health");
            String hu = text(h, "url", where, url);
            if (hu == null) {
                throw error(where + " has health settings but no URL", "Give the environment's 'url:' (or health.url)");
            }
            HealthSettings.Builder hb = HealthSettings.forUrl(hu).database(env.db().database());
            if (h.has("timeout")) {
                hb.timeout(duration(h.get("timeout"), where + ".health.timeout", false));
            }
            if (h.has("pollInterval")) {
                hb.pollInterval(duration(h.get("pollInterval"), where + ".health.pollInterval", false));
            }
            if (h.has("probeTimeout")) {
                hb.probeTimeout(duration(h.get("probeTimeout"), where + ".health.probeTimeout", false));
            }
            if (h.has("consecutivePasses")) {
                hb.consecutivePasses(integer(h, "consecutivePasses", where + ".health", 1));
            }
            if (h.has("expectedSeries")) {
                hb.expectedSeries(required(h, "expectedSeries", where + ".health"));
            }
            if (h.has("requireLogLines")) {
                hb.requireLogLines(bool(h, "requireLogLines", where + ".health", true));
            }
            JsonNode urls = h.path("urls");
            if (!urls.isMissingNode() && !urls.isArray()) {
                throw error(where + ".health.urls is not a list", "Write it as a YAML list of {path, status, text}");
            }
            for (int i = 0; i < urls.size(); i++) {
                JsonNode u = urls.get(i);
                keys(u, URL_CHECK_KEYS, where + ".health.urls[" + i + "]");
                hb.urlCheck(required(u, "path", where + ".health.urls[" + i + "]"), httpStatus(u, where + ".health.urls[" + i + "]"),
                        text(u, "text", where, null));
            }
            b.health(hb.build());
        } else if (url != null && n.path("container").isMissingNode()) {
            b.health(HealthSettings.forUrl(url).database(env.db().database()).build());
        }
        JsonNode s = n.path("staging");
        if (!s.isMissingNode()) {
            keys(s, STAGING_KEYS, where + ".staging");
            String su = text(s, "url", where, url);
            if (su == null) {
                throw error(where + " has staging settings but no URL", "Give the environment's 'url:' (web.base.url is set to it)");
            }
            StagingPolicy.Builder sb = StagingPolicy.builder(su);
            if (s.has("mailCatcher")) {
                String mc = required(s, "mailCatcher", where + ".staging");
                int colon = mc.lastIndexOf(':');
                if (colon <= 0) {
                    throw error(where + ".staging.mailCatcher '" + mc + "' has no port", "Write it as host:port, e.g. 127.0.0.1:1025");
                }
                try {
                    int port = Integer.parseInt(mc.substring(colon + 1));
                    if (port < 1 || port > 65535) {
                        throw new NumberFormatException();
                    }
                    sb.mailCatcher(mc.substring(0, colon), port);
                } catch (NumberFormatException e) {
                    throw error(where + ".staging.mailCatcher '" + mc + "' has no valid port", "Write it as host:port, e.g. 127.0.0.1:1025");
                }
            }
            if (s.has("anonymizationRules")) {
                sb.anonymizationRules(Path.of(path(required(s, "anonymizationRules", where + ".staging"))));
            }
            strings(s.path("neutralizationSql"), where + ".staging.neutralizationSql").forEach(f -> sb.neutralizationSql(Path.of(path(f))));
            strings(s.path("cronAllowlist"), where + ".staging.cronAllowlist").forEach(sb::allowCron);
            if (s.has("piiPolicy")) {
                sb.piiPolicy(piiPolicy(required(s, "piiPolicy", where + ".staging"), where));
            }
            if (s.has("reportDir")) {
                sb.reportDir(Path.of(path(required(s, "reportDir", where + ".staging"))));
            }
            b.staging(sb.build());
        }
        if (n.has("maxAge")) {
            b.maxAge(maxAge(n.get("maxAge"), where + ".maxAge"));
        }
        JsonNode d = n.path("docker");
        if (!d.isMissingNode()) {
            keys(d, DOCKER_KEYS, where + ".docker");
            String cert = d.has("certPath") ? path(required(d, "certPath", where + ".docker")) : null;
            b.docker(new DockerEndpoint(required(d, "host", where + ".docker"), cert, bool(d, "tlsVerify", where + ".docker", cert != null)));
        }
        JsonNode r = n.path("registry");
        if (!r.isMissingNode()) {
            keys(r, REGISTRY_KEYS, where + ".registry");
            b.registry(text(r, "url", where, null), required(r, "user", where + ".registry"), secret(r, where + ".registry"));
        }
        return b.build();
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
            throw error(where + " has both passwordEnv and passwordFile", "Keep one of them");
        }
        if (n.has("passwordEnv")) {
            String var = required(n, "passwordEnv", where);
            String value = environmentVariables.apply(var);
            if (value == null || value.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the password of " + where
                        + ": the environment variable " + var + " is " + (value == null ? "not set" : "empty") + ". Export it (e.g. from your secret store) before running.");
            }
            return value;
        }
        if (n.has("passwordFile")) {
            Path p = Path.of(path(required(n, "passwordFile", where)));
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

    private void keys(JsonNode n, Set<String> allowed, String at) {
        if (!n.isObject()) {
            throw error((at.isEmpty() ? "the top level" : at) + " is not a mapping", "See docs/configuration.md for its settings");
        }
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals("password")) {
                throw error((at.isEmpty() ? "" : at + ".") + "password holds a literal secret",
                        "Never write a password into the file: use passwordEnv (an environment variable's name) or passwordFile");
            }
            if (!allowed.contains(k)) {
                throw error("unknown setting '" + (at.isEmpty() ? "" : at + ".") + k + "'",
                        "Known settings there: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private JsonNode object(JsonNode n, String key, String at) {
        JsonNode v = n.path(key);
        if (!v.isObject()) {
            throw error(at + " has no '" + key + "' section", "Add it (see docs/configuration.md)");
        }
        return v;
    }

    private String required(JsonNode n, String key, String at) {
        String v = text(n, key, at, null);
        if (v == null) {
            throw error(at + " has no '" + key + "'", "Add it (see docs/configuration.md)");
        }
        return v;
    }

    /**
     * A single value. A list or a mapping where one value is expected ({@code branch: [main]}) is refused: read as
     * text it would be empty, and the setting silently lost.
     */
    private String text(JsonNode n, String key, String at, String dflt) {
        JsonNode v = n.path(key);
        if (v.isContainerNode()) {
            throw error((at.isEmpty() ? "" : at + ".") + key + " is " + shape(v) + ", not a single value",
                    "Write one value there" + (key.equals("branch") ? " (several branches go under 'branches:')" : ""));
        }
        return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? dflt : v.asText().strip();
    }

    private static String shape(JsonNode v) {
        return v.isArray() ? "a list" : v.isObject() ? "a mapping" : "'" + v.asText() + "'";
    }

    private boolean bool(JsonNode n, String key, String at, boolean dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw error(at + "." + key + " is " + shape(v) + ", not true or false", "Write true or false");
        }
        return v.booleanValue();
    }

    private int port(JsonNode n, String key, String at, int dflt) {
        int p = integer(n, key, at, dflt);
        if (p < 1 || p > 65535) {
            throw error(at + "." + key + " " + p + " is not a TCP port", "Give a port from 1 to 65535");
        }
        return p;
    }

    private int httpStatus(JsonNode n, String at) {
        int s = integer(n, "status", at, 200);
        if (s < 100 || s > 599) {
            throw error(at + ".status " + s + " is not an HTTP status", "Give a status from 100 to 599, e.g. 200");
        }
        return s;
    }

    private int integer(JsonNode n, String key, String at, int dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error(at + "." + key + " " + (v.isContainerNode() ? "is " + shape(v) + ", which" : "'" + v.asText() + "'")
                    + " is not a number", "Give a whole number");
        }
        return v.asInt();
    }

    private List<String> strings(JsonNode n, String at) {
        List<String> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (n.isValueNode()) {
            out.add(n.asText());
            return out;
        }
        if (!n.isArray()) {
            throw error(at + " is not a list", "Write it as a YAML list");
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode x = n.get(i);
            if (!x.isValueNode() || x.isNull()) {
                throw error(at + "[" + i + "] is " + (x.isNull() ? "empty" : shape(x)) + ", not a single value", "Write one value per list item");
            }
            out.add(x.asText());
        }
        return out;
    }

    private Map<String, String> map(JsonNode n, String at) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode()) {
            return out;
        }
        if (!n.isObject()) {
            throw error(at + " is not a mapping", "Write it as NAME: value lines");
        }
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) {
                throw error(at + "." + e.getKey() + " is " + shape(e.getValue()) + ", not a single value", "Write NAME: value");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /**
     * The container's extra environment: public settings only. A variable whose name says it holds a secret
     * (PASSWORD, SECRET, TOKEN, KEY) would put that secret into the file in clear, so it is refused.
     */
    private Map<String, String> containerEnv(JsonNode n, String at) {
        Map<String, String> env = map(n, at);
        for (String k : env.keySet()) {
            if (SECRET_NAME.matcher(k).find()) {
                throw error(at + "." + k + " would hold a secret in the file", "Give the container its secrets another way "
                        + "(the database password comes from database.passwordEnv/passwordFile; others from the engine's own secret store)");
            }
        }
        return env;
    }

    /** The longest duration a setting may have: far beyond any sensible wait, far below an overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(7);

    private Duration duration(JsonNode n, String at, boolean zeroAllowed) {
        Matcher m = DURATION.matcher(n.isContainerNode() ? "" : n.asText().strip());
        if (!m.matches()) {
            throw error(at + " " + (n.isContainerNode() ? shape(n) : "'" + n.asText() + "'") + " is not a duration",
                    "Write e.g. 90s, 5m, 1h or 500ms");
        }
        Duration d;
        try {
            long v = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(v);
                case "m" -> Duration.ofMinutes(v);
                case "h" -> Duration.ofHours(v);
                default -> Duration.ofSeconds(v);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            d = null;
        }
        if (d == null || d.compareTo(MAX_DURATION) > 0) {
            throw error(at + " '" + n.asText() + "' is too long", "Give at most 7 days (168h)");
        }
        if (d.isZero() && !zeroAllowed) {
            throw error(at + " is zero", "Give a duration of more than zero, e.g. 90s");
        }
        return d;
    }

    /** A staging environment's maxAge ({@link MaxAge}): 36h, 30d, 2w; at least an hour, at most 3650 days. */
    private java.time.Duration maxAge(JsonNode n, String at) {
        java.util.Optional<Duration> d = n.isContainerNode() ? java.util.Optional.empty() : MaxAge.parse(n.asText());
        if (d.isEmpty()) {
            throw error(at + " " + (n.isContainerNode() ? shape(n) : "'" + n.asText() + "'") + " is not an age",
                    "Write it in hours, days or weeks, e.g. 36h, 30d or 2w");
        }
        if (d.get().compareTo(Duration.ofHours(1)) < 0) {
            throw error(at + " '" + n.asText() + "' is shorter than an hour", "Give at least 1h, e.g. 30d");
        }
        if (d.get().compareTo(MaxAge.MAX) > 0) {
            throw error(at + " '" + n.asText() + "' is too long", "Give at most 3650d, or leave maxAge out for no limit");
        }
        return d.get();
    }

    /** A path relative to the configuration file's folder. */
    private String path(String p) {
        return base.resolve(p).normalize().toString();
    }

    private OdooReleaseException error(String what, String todo) {
        return new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration " + file + ": " + what + ". " + todo + ".");
    }
}
