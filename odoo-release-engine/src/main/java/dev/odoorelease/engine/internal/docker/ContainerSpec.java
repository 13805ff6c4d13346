package dev.odoorelease.engine.internal.docker;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What {@link Containers#run} and {@link Containers#runToCompletion} start: {@code docker run --pull never …}.
 *
 * <p><b>Environment values are secrets by default.</b> They reach Docker through {@code --env-file} (a 0600
 * temporary file deleted right after the call), never as {@code -e K=V}, so they are not in the command line of the
 * docker process ({@code ps}, {@code /proc/<pid>/cmdline}) nor in {@code docker inspect}'s {@code Args}. Docker itself
 * still stores them in the container's configuration: anyone allowed to run {@code docker inspect} on that engine sees
 * them under {@code Config.Env} (that is Docker, not something a client can avoid; use the image's
 * {@code *_FILE} conventions with a mounted file, e.g. the Odoo image's {@code PASSWORD_FILE}, where that matters).
 * {@link #toString()} and every message of this package mask them.
 *
 * <pre>{@code
 * ContainerSpec spec = ContainerSpec.builder("odoo:17.0")
 *         .name("odoo-prod-new")
 *         .env("HOST", "db").env("USER", "odoo").env("PASSWORD", secret)
 *         .port("127.0.0.1:8069:8069")
 *         .volume("/srv/odoo/data:/var/lib/odoo")
 *         .label("dev.odoorelease.environment", "prod")
 *         .restartPolicy("unless-stopped")
 *         .command("--", "-d", "prod")
 *         .build();
 * }</pre>
 *
 * @param name          container name ({@code --name}); {@code null} lets Docker choose (not for
 *                      {@link Containers#runToCompletion}, which names it itself when none is given)
 * @param image         image reference; it must be present on the engine ({@code --pull never})
 * @param command       arguments after the image (the image's CMD is replaced)
 * @param env           environment of the container, passed with {@code --env-file}
 * @param ports         {@code -p} publications, e.g. {@code 127.0.0.1:8069:8069}
 * @param volumes       {@code -v} binds and volumes, e.g. {@code /srv/odoo:/var/lib/odoo}
 * @param network       {@code --network}, e.g. {@code host} or a user network; {@code null} = Docker's default
 * @param labels        {@code --label} pairs (not secret: {@code docker ps} shows them)
 * @param restartPolicy {@code --restart}, e.g. {@code unless-stopped}, {@code on-failure:3}; {@code null} = none
 * @param user          {@code --user}, e.g. {@code 101:101}; {@code null} = the image's
 * @param init          {@code --init} (tini as PID 1, forwards signals). Off by default: the engines this tool
 *                      targets do not always ship {@code docker-init} reachable for non-root container users
 * @param extraArgs     further {@code docker run} options, placed before the image (escape hatch; {@code -e/--env}
 *                      are refused, use {@link #env()})
 * @param stopTimeout   {@code --stop-timeout}: how long {@code docker stop} waits before SIGKILL; {@code null} =
 *                      Docker's (10 s)
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> command,
        Map<String, String> env,
        List<String> ports,
        List<String> volumes,
        String network,
        Map<String, String> labels,
        String restartPolicy,
        String user,
        boolean init,
        List<String> extraArgs,
        Duration stopTimeout)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Docker's own container name rule. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern ENV_KEY = Pattern.compile("[^=\\s#][^=\\s]*");

    public ContainerSpec {
        name = blankToNull(name);
        if (name != null && !NAME.matcher(name).matches()) {
            throw invalid(name, "the name '" + name + "' is not a valid container name",
                    "Use letters, digits, '_', '.' and '-', starting with a letter or digit");
        }
        image = blankToNull(image);
        if (image == null) {
            throw invalid(name, "no image given", "Give the image reference, e.g. odoo:17.0");
        }
        if (image.startsWith("-") || image.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(name, "the image reference '" + image + "' is not valid", "Give e.g. odoo:17.0");
        }
        command = copy(command);
        env = copy(env);
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!ENV_KEY.matcher(e.getKey()).matches()) {
                throw invalid(name, "the environment variable name '" + e.getKey() + "' cannot be passed in an"
                        + " env-file", "Use a name without '=', whitespace or a leading '#'");
            }
            String v = e.getValue();
            if (v == null || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
                throw invalid(name, "the value of environment variable " + e.getKey()
                        + (v == null ? " is missing" : " contains a line break or NUL, which an env-file cannot carry"),
                        "Pass multi-line values as a mounted file instead");
            }
        }
        ports = copy(ports);
        volumes = copy(volumes);
        network = blankToNull(network);
        labels = copy(labels);
        restartPolicy = blankToNull(restartPolicy);
        user = blankToNull(user);
        extraArgs = copy(extraArgs);
        for (String a : extraArgs) {
            if (a.equals("-e") || a.equals("--env") || a.startsWith("--env=") || (a.startsWith("-e") && !a.startsWith("--"))) {
                throw invalid(name, "extra argument '" + a.replaceAll("=.*", "=…") + "' would put environment values on the"
                        + " command line", "Use ContainerSpec.env(...): values then go through an env-file");
            }
        }
        if (stopTimeout != null && stopTimeout.isNegative()) {
            throw invalid(name, "the stop timeout is negative", "Give a duration of 0 s or more");
        }
    }

    public static Builder builder(String image) {
        return new Builder(image);
    }

    /** A builder holding this spec's values, to derive a variant ({@code spec.toBuilder().name("x").build()}). */
    public Builder toBuilder() {
        Builder b = new Builder(image);
        b.name = name;
        b.command.addAll(command);
        b.env.putAll(env);
        b.ports.addAll(ports);
        b.volumes.addAll(volumes);
        b.network = network;
        b.labels.putAll(labels);
        b.restartPolicy = restartPolicy;
        b.user = user;
        b.init = init;
        b.extraArgs.addAll(extraArgs);
        b.stopTimeout = stopTimeout;
        return b;
    }

    /** The same spec under another name. */
    public ContainerSpec withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /** {@code name (image)} for messages. */
    String describe() {
        return (name == null ? "" : name + " ") + "(image " + image + ")";
    }

    /** Everything but the environment values, which are masked. */
    @Override
    public String toString() {
        Map<String, String> masked = new LinkedHashMap<>();
        env.keySet().forEach(k -> masked.put(k, dev.odoorelease.engine.Redactor.MASK));
        return "ContainerSpec[name=" + name + ", image=" + image + ", command=" + command + ", env=" + masked
                + ", ports=" + ports + ", volumes=" + volumes + ", network=" + network + ", labels=" + labels
                + ", restartPolicy=" + restartPolicy + ", user=" + user + ", init=" + init + ", extraArgs=" + extraArgs
                + ", stopTimeout=" + stopTimeout + "]";
    }

    private static OdooReleaseException invalid(String name, String reason, String todo) {
        return new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use the container settings"
                + (name == null ? "" : " of " + name) + ": " + reason + ". " + todo + ".");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static List<String> copy(List<String> list) {
        if (list == null) {
            return List.of();
        }
        for (String s : list) {
            Objects.requireNonNull(s, "list element");
        }
        return Collections.unmodifiableList(new ArrayList<>(list));
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /** Collects the settings; {@link #build()} validates them. */
    public static final class Builder {
        private String name;
        private final String image;
        private final List<String> command = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final List<String> ports = new ArrayList<>();
        private final List<String> volumes = new ArrayList<>();
        private String network;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private String restartPolicy;
        private String user;
        private boolean init;
        private final List<String> extraArgs = new ArrayList<>();
        private Duration stopTimeout;

        private Builder(String image) {
            this.image = image;
        }

        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /** Replaces the command (arguments after the image). */
        public Builder command(String... args) {
            return command(List.of(args));
        }

        public Builder command(List<String> args) {
            command.clear();
            command.addAll(args);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        public Builder port(String publication) {
            ports.add(publication);
            return this;
        }

        public Builder volume(String bind) {
            volumes.add(bind);
            return this;
        }

        public Builder network(String n) {
            this.network = n;
            return this;
        }

        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public Builder labels(Map<String, String> values) {
            labels.putAll(values);
            return this;
        }

        public Builder restartPolicy(String policy) {
            this.restartPolicy = policy;
            return this;
        }

        public Builder user(String u) {
            this.user = u;
            return this;
        }

        public Builder init(boolean on) {
            this.init = on;
            return this;
        }

        public Builder extraArgs(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        public Builder stopTimeout(Duration t) {
            this.stopTimeout = t;
            return this;
        }

        public ContainerSpec build() {
            return new ContainerSpec(name, image, command, env, ports, volumes, network, labels, restartPolicy, user,
                    init, extraArgs, stopTimeout);
        }
    }
}
