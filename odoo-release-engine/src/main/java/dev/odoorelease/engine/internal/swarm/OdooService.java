package dev.odoorelease.engine.internal.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.internal.deploy.OdooConfigFile;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.filestore.OdooUser;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Odoo services of a swarm environment: {@code <service>} ({@code instances} replicas, {@code --max-cron-threads=0}) and
 * {@code <service>-cron} (one replica that runs the crons, not behind the load balancer). Each instance:
 * <ul>
 *   <li>gets its database settings — password included — from a <b>swarm secret</b> holding the Odoo configuration file (the
 *       image's own {@code $ODOO_RC} with the environment's {@code db_*}), mounted {@code 0400} for Odoo's user at
 *       {@value #SECRET_PATH}, {@code ODOO_RC} pointing at it and Odoo started directly (the official entrypoint would put the
 *       password on Odoo's command line). The secret's name carries a hash of its content: a new content is a new secret,
 *       swapped in by the same service update that changes the image, and a rollback goes back to the previous one;</li>
 *   <li>mounts the shared data directory at {@code /var/lib/odoo};</li>
 *   <li>has a <b>health check</b> that asks Odoo itself, inside the container: {@code /web/health} answers 200 and the login
 *       page of the environment's database renders with its CSRF token (the registry is loaded). Swarm counts a task as running
 *       only once it passes, so a rolling update ({@code start-first}, one at a time, {@code --update-failure-action rollback})
 *       replaces an instance only after its successor is healthy, and puts the previous image back on every instance when
 *       one fails.</li>
 * </ul>
 */
public final class OdooService {
    static final String SECRET_TARGET = "odoo-release-odoo.conf";
    static final String SECRET_PATH = "/run/secrets/" + SECRET_TARGET;
    private final SwarmRuntime swarm;
    private final Environment env;
    private final HealthSettings health;
    private final DockerCli docker;
    private final ProgressListener progress;
    private Duration monitor = Duration.ofSeconds(5);

    public OdooService(SwarmRuntime swarm, Environment env, HealthSettings health, DockerCli docker, ProgressListener progress) {
        this.swarm = swarm;
        this.env = env;
        this.health = health;
        this.docker = docker;
        this.progress = progress == null ? ProgressListener.NONE : progress;
    }

    /** How long Swarm watches each updated instance for a failure before it goes on (default 5 s). */
    public OdooService monitor(Duration d) {
        this.monitor = d;
        return this;
    }

    public SwarmRuntime swarm() {
        return swarm;
    }

    /** The serving service as Docker describes it, or empty. */
    public Optional<JsonNode> inspect() {
        return docker.swarm().inspect(swarm.service());
    }

    /** The image the serving service's instances run now (its specification), or null when there is no service. */
    public String image() {
        return inspect().map(OdooService::image).orElse(null);
    }

    /** The image of a service's specification, or null. */
    public static String image(JsonNode service) {
        String i = service.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Image").asText(null);
        return i == null || i.isEmpty() ? null : i;
    }

    /** The overlay networks, created when missing. */
    public void ensureNetworks() {
        for (String n : swarm.networks()) {
            if (docker.swarm().ensureOverlayNetwork(n, Map.of(SwarmNames.LABEL_ENV, env.name()))) {
                progress.info("Created the overlay network " + n);
            }
        }
    }

    /** The secret holding the Odoo configuration of {@code image}'s instances (created when missing); its name. */
    public String configSecret(String image) {
        String content = OdooConfigFile.content(docker, env, image, progress);
        String name = swarm.service() + "-odoo-conf-" + hash(content);
        if (docker.swarm().objectExists("secret", name)) {
            return name;
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("odoo-release-secret", ".conf", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            docker.swarm().createObject("secret", name, tmp, Map.of(SwarmNames.LABEL_ENV, env.name(), SwarmNames.LABEL_SERVICE, swarm.service()));
            return name;
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to hand Odoo's configuration to the swarm for " + env.name() + ": "
                    + e.getMessage() + ". Check the temporary folder.", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // 0600, removed at the next start of the machine's tmp cleaning
                }
            }
        }
    }

    /** Creates the serving service (and the cron service) of {@code image} with {@code replicas} instances. */
    public void create(String image, String secret, String operation, int replicas) {
        docker.swarm().create(swarm.service(), createArgs(image, secret, operation, replicas, false));
        if (swarm.cron()) {
            docker.swarm().create(swarm.cronService(), createArgs(image, secret, operation, 1, true));
        }
    }

    /** Creates the cron service alone (an environment that had none, or had it removed). */
    public void createCron(String image, String secret, String operation) {
        docker.swarm().create(swarm.cronService(), createArgs(image, secret, operation, 1, true));
    }

    private List<String> createArgs(String image, String secret, String operation, int replicas, boolean cron) {
        OdooUser odoo = OdooUser.ofDataDir(env.dataDir());
        List<String> a = new ArrayList<>(List.of("--replicas", String.valueOf(replicas), "--endpoint-mode", swarm.endpointMode(),
                "--mount", swarm.dataMount() != null ? swarm.dataMount()
                        : "type=bind,source=" + env.dataDir().toAbsolutePath() + ",target=/var/lib/odoo",
                "--secret", "source=" + secret + ",target=" + SECRET_TARGET + ",uid=" + odoo.uid() + ",gid=" + odoo.gid() + ",mode=0400",
                "--env", "ODOO_RC=" + SECRET_PATH, "--entrypoint", "odoo",
                "--label", SwarmNames.LABEL_ENV + "=" + env.name(), "--label", SwarmNames.LABEL_OP + "=" + operation,
                "--container-label", SwarmNames.LABEL_ENV + "=" + env.name(), "--container-label", SwarmNames.LABEL_OP + "=" + operation,
                "--stop-grace-period", seconds(swarm.stopGrace()), "--restart-condition", "any", "--restart-delay", "2s"));
        a.addAll(healthArgs());
        a.addAll(updateArgs());
        for (String n : swarm.networks()) {
            a.add("--network");
            a.add(n);
        }
        swarm.env().forEach((k, v) -> {
            a.add("--env");
            a.add(k + "=" + v);
        });
        a.add(image);
        a.addAll(odooArgs(cron));
        return a;
    }

    /** Odoo's options: the database, crons off on the serving instances, the project's own. */
    List<String> odooArgs(boolean cron) {
        List<String> o = new ArrayList<>(List.of("-d", env.db().database()));
        if (!cron) {
            o.add("--max-cron-threads=0");
        }
        o.addAll(swarm.odooArgs());
        return o;
    }

    /**
     * The instance's health check, run by Docker inside the container with the image's own Python (Odoo's runtime): 200 from
     * {@code /web/health}, then the login page of the database with its CSRF token (cookies kept across the redirect that
     * binds the session to the database). Swarm waits {@code start-period} (the environment's health timeout) for a first pass.
     */
    List<String> healthArgs() {
        String db = URLEncoder.encode(env.db().database(), StandardCharsets.UTF_8);
        String py = "import sys,urllib.request as u,http.cookiejar as c\n"
                + "o=u.build_opener(u.HTTPCookieProcessor(c.CookieJar()))\n"
                + "h=o.open('http://127.0.0.1:8069/web/health',timeout=10)\n"
                + "r=o.open('http://127.0.0.1:8069/web/login?db=" + db + "',timeout=20)\n"
                + "sys.exit(0 if h.status==200 and r.status==200 and b'csrf_token' in r.read() else 1)";
        Duration start = health == null ? Duration.ofMinutes(2) : health.timeout();
        Duration interval = health == null ? Duration.ofSeconds(2) : health.pollInterval();
        return List.of("--health-cmd", "python3 -c \"" + py.replace("\"", "\\\"") + "\"", "--health-interval", seconds(interval),
                "--health-timeout", "30s", "--health-retries", "2", "--health-start-period", seconds(start));
    }

    /** One instance at a time, the new one healthy before the old one stops; a failure puts the previous image back everywhere. */
    List<String> updateArgs() {
        return List.of("--update-order", "start-first", "--update-parallelism", "1", "--update-delay", "1s", "--update-monitor",
                seconds(monitor), "--update-failure-action", "rollback", "--update-max-failure-ratio", "0",
                "--rollback-order", "start-first", "--rollback-parallelism", "1", "--rollback-monitor", seconds(monitor),
                "--rollback-failure-action", "pause");
    }

    /** The arguments of a rolling update of the serving service (or the cron service) to {@code image}. */
    public List<String> rollArgs(JsonNode current, String image, String secret, String operation, Integer replicas) {
        List<String> a = new ArrayList<>(List.of("--image", image, "--label-add", SwarmNames.LABEL_OP + "=" + operation,
                "--container-label-add", SwarmNames.LABEL_OP + "=" + operation));
        for (JsonNode s : current.path("Spec").path("TaskTemplate").path("ContainerSpec").path("Secrets")) {
            String name = s.path("SecretName").asText();
            if (!name.equals(secret) && s.path("File").path("Name").asText().equals(SECRET_TARGET)) {
                a.add("--secret-rm");
                a.add(name);
                OdooUser odoo = OdooUser.ofDataDir(env.dataDir());
                a.add("--secret-add");
                a.add("source=" + secret + ",target=" + SECRET_TARGET + ",uid=" + odoo.uid() + ",gid=" + odoo.gid() + ",mode=0400");
            }
        }
        a.addAll(updateArgs());
        if (replicas != null) {
            a.add("--replicas");
            a.add(String.valueOf(replicas));
        }
        return a;
    }

    /**
     * Removes the configuration secrets of this service and the load balancer's configs that no service uses any more: each
     * deploy whose image has another configuration (or whose environment's database settings changed) makes a new one, and
     * nothing else ever removes the old ones. Kept: those named by the specification of the serving, the cron or the load
     * balancer's service, or by its previous specification (what {@code docker service rollback} goes back to). Never fails the
     * operation: what cannot be removed is reported. Returns the names removed.
     */
    public List<String> pruneUnused() {
        List<String> removed = new ArrayList<>();
        try {
            java.util.Set<String> used = new java.util.HashSet<>();
            String lb = swarm.loadBalancer().managed() ? swarm.loadBalancer().serviceName(swarm.service()) : null;
            for (String s : lb == null ? List.of(swarm.service(), swarm.cronService()) : List.of(swarm.service(), swarm.cronService(), lb)) {
                docker.swarm().inspect(s).ifPresent(n -> {
                    for (String spec : List.of("Spec", "PreviousSpec")) {
                        JsonNode c = n.path(spec).path("TaskTemplate").path("ContainerSpec");
                        c.path("Secrets").forEach(x -> used.add(x.path("SecretName").asText()));
                        c.path("Configs").forEach(x -> used.add(x.path("ConfigName").asText()));
                    }
                });
            }
            for (String name : docker.swarm().objectsByLabel("secret", SwarmNames.LABEL_SERVICE + "=" + swarm.service())) {
                if (!used.contains(name) && docker.swarm().removeObject("secret", name)) {
                    removed.add(name);
                }
            }
            if (lb != null) {
                for (String name : docker.swarm().objectsByLabel("config", SwarmNames.LABEL_LB + "=" + lb)) {
                    if (!used.contains(name) && docker.swarm().removeObject("config", name)) {
                        removed.add(name);
                    }
                }
            }
            if (!removed.isEmpty()) {
                progress.info("Removed the swarm secrets and configs no service uses any more: " + String.join(", ", removed));
            }
        } catch (RuntimeException e) {
            progress.warn("could not remove the unused swarm secrets and configs of " + swarm.service() + ": " + e.getMessage());
        }
        return removed;
    }

    static String seconds(Duration d) {
        return Math.max(1, d.toMillis() / 1000) + "s";
    }

    static String hash(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
