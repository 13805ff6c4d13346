package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.StandInImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.config.UpdateMode;

/**
 * What the containers of a deploy leave on the machine and how they run: no password on a command line, no
 * anonymous volume left behind, and a serving container that comes back by itself after its process died (as after a
 * Docker or host restart). Real Docker engine, real PostgreSQL, the stand-in images (which, like the official image,
 * declare {@code VOLUME /var/lib/odoo /mnt/extra-addons} and turn {@code PASSWORD} into {@code --db_password}).
 */
class ContainerHygieneIT extends DeployITBase {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("hygiene");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    PgServer pg() {
        return PG.server();
    }

    /** A database (and so environment) name no parallel run on the same engine uses. */
    private static String unique(String prefix) {
        byte[] b = new byte[3];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + "_" + HexFormat.of().formatHex(b);
    }

    @Test
    void theDatabasePasswordIsInNoProcessListButInAPrivateReadOnlyConfigurationFile() throws Exception {
        production(unique("ps"), SnapshotKind.TEMPLATE);

        String args = processArguments(container.name());
        assertThat(args).as("Odoo's process runs (its command line was read)").contains("odoo");
        assertThat(args).as("the database password is on no command line in the container (ps shows those)")
                .doesNotContain(PASSWORD);

        String mounts = Processes.run(List.of("docker", "inspect", "--format",
                "{{range .Mounts}}{{.Source}}|{{.Destination}}|{{.RW}};{{end}}", container.name()), Duration.ofSeconds(30)).stdout();
        String conf = mounts.lines().flatMap(l -> List.of(l.split(";")).stream())
                .filter(m -> m.contains("|" + OdooConfigFile.MOUNT + "|")).findFirst().orElseThrow(() ->
                        new AssertionError("no configuration file mounted: " + mounts));
        assertThat(conf).as("mounted read-only").endsWith("|false");
        Path file = Path.of(conf.substring(0, conf.indexOf('|')));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.getAttribute(file, "unix:uid")).as("owned by Odoo's user, who alone reads it").isEqualTo(101);
        assertThat(Files.readString(file)).contains("db_password = " + PASSWORD).contains("data_dir = /var/lib/odoo");
        String env = Processes.run(List.of("docker", "inspect", "--format", "{{json .Config.Env}}", container.name()),
                Duration.ofSeconds(30)).stdout();
        assertThat(env).as("nor in the container's environment").doesNotContain(PASSWORD).contains("ODOO_RC=" + OdooConfigFile.MOUNT);

        // a deploy that replaces the container removes the file of the container it removed
        DeployResult r = deploy(image(StandInImage.Variant.GOOD, "hygiene"), "all").call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(processArguments(container.name())).doesNotContain(PASSWORD);
        assertThat(file).as("the old container's configuration file went with it").doesNotExist();
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(r.operationId() + ".conf");
        }
    }

    @Test
    void noAnonymousVolumeOutlivesTheContainersOfADeploySeries() throws Exception {
        production(unique("vol"), SnapshotKind.TEMPLATE);
        Map<String, String> volumeOfContainer = new LinkedHashMap<>();
        Set<String> ours = new TreeSet<>();
        Process events = new ProcessBuilder("docker", "events", "--format", "{{json .}}", "--filter", "type=container",
                "--filter", "type=volume", "--filter", "event=create", "--filter", "event=mount").start();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    JsonNode e = JSON.readTree(line);
                    JsonNode attrs = e.path("Actor").path("Attributes");
                    synchronized (ours) {
                        if ("container".equals(e.path("Type").asText()) && env.name().equals(attrs.path(DeployNames.LABEL_ENV).asText())) {
                            ours.add(e.path("Actor").path("ID").asText());
                        } else if ("volume".equals(e.path("Type").asText()) && attrs.has("container")) {
                            volumeOfContainer.put(e.path("Actor").path("ID").asText(), attrs.path("container").asText());
                        }
                    }
                }
            } catch (Exception ignored) {
                // the process was stopped
            }
        }, "docker-events");
        reader.setDaemon(true);
        reader.start();
        try {
            Thread.sleep(1000); // docker events is subscribed
            assertThat(deploy(image(StandInImage.Variant.GOOD, "hygiene"), "all").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
            assertThat(deploy(image(StandInImage.Variant.FAILING_UPGRADE, "failing"), "all").call().outcome())
                    .isEqualTo(DeployResult.Outcome.ROLLED_BACK);
            assertThat(deploy(v1, "all").call().outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
            docker.containers().remove(container.name(), true, true); // the environment is taken down: its last container goes too
            Thread.sleep(1000); // the last events arrive
        } finally {
            events.destroy();
            events.waitFor(10, TimeUnit.SECONDS);
            reader.join(10_000);
        }
        List<String> anonymous = new ArrayList<>();
        synchronized (ours) {
            volumeOfContainer.forEach((volume, cid) -> {
                if (ours.contains(cid) && volume.matches("[0-9a-f]{64}")) {
                    anonymous.add(volume);
                }
            });
            assertThat(ours).as("the deploys' containers were seen (servers and updates, at least)").hasSizeGreaterThanOrEqualTo(5);
        }
        assertThat(anonymous).as("the image declares volumes: the deploys' containers got anonymous ones").isNotEmpty();
        List<String> left = anonymous.stream()
                .filter(v -> Processes.run(List.of("docker", "volume", "inspect", v), Duration.ofSeconds(30)).exitCode() == 0).toList();
        assertThat(left).as("anonymous volumes left behind by the deploys' containers (of %s)", anonymous.size()).isEmpty();
    }

    @Test
    void theServingContainerComesBackAfterItsProcessDiesButUpdateContainersNeverRestart() throws Exception {
        production(unique("restart"), SnapshotKind.TEMPLATE);
        assertThat(restartPolicy(container.name())).as("production's container restarts with Docker").isEqualTo("unless-stopped");

        int pid = Integer.parseInt(inspect(container.name(), "{{.State.Pid}}"));
        assertThat(pid).isPositive();
        // what a crash (or a host restart) does to it, without touching the shared engine: its main process dies
        ProcessHandle main = ProcessHandle.of(pid).orElseThrow();
        assertThat(main.destroyForcibly()).as("SIGKILL sent to the container's main process").isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        ContainerState s = null;
        while (System.nanoTime() < deadline) {
            s = docker.containers().inspect(container.name()).orElseThrow();
            if (s.restartCount() > 0 && s.running() && answersHealth()) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(s.restartCount()).as("restarted by its policy: %s", s).isPositive();
        assertThat(s.running()).isTrue();
        assertThat(answersHealth()).as("Odoo serves again").isTrue();

        // the one-off update container of a deploy runs without a restart policy: seen while it runs
        List<String> updatePolicies = new ArrayList<>();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (ContainerState c : docker.containers().listByLabel(DeployNames.LABEL_ENV, env.name())) {
                    if (c.name().contains("-update-")) {
                        String p = Processes.run(List.of("docker", "inspect", "--format", "{{.HostConfig.RestartPolicy.Name}}",
                                c.name()), Duration.ofSeconds(30)).stdout().strip();
                        if (!p.isEmpty()) {
                            synchronized (updatePolicies) {
                                updatePolicies.add(p);
                            }
                        }
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        DeployResult r;
        try {
            r = new DeployCommand(env, container, docker).image(image(StandInImage.Variant.GOOD, "hygiene")).update(UpdateMode.parse("all"))
                    .health(health).build(getClass().getSimpleName()).lockTimeout(Duration.ofSeconds(5))
                    .updateTimeout(Duration.ofMinutes(5)).call();
        } finally {
            watcher.interrupt();
            watcher.join(10_000);
        }
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        synchronized (updatePolicies) {
            assertThat(updatePolicies).as("the update container was seen and never restarts").isNotEmpty().containsOnly("no");
        }
        assertThat(restartPolicy(container.name())).as("the new serving container too").isEqualTo("unless-stopped");
    }

    private boolean answersHealth() {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/web/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static String restartPolicy(String name) {
        return inspect(name, "{{.HostConfig.RestartPolicy.Name}}");
    }

    private static String inspect(String name, String format) {
        Processes.Result r = Processes.run(List.of("docker", "inspect", "--format", format, name), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.combined()).isZero();
        return r.stdout().strip();
    }

    /** The command lines of every process of the container, as {@code ps} shows them to any local user. */
    private static String processArguments(String name) throws Exception {
        int pid = Integer.parseInt(inspect(name, "{{.State.Pid}}"));
        StringBuilder sb = new StringBuilder();
        Set<Long> family = new TreeSet<>();
        family.add((long) pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> family.add(d.pid())));
        for (long p : family) {
            Path cmdline = Path.of("/proc", String.valueOf(p), "cmdline");
            if (Files.exists(cmdline)) {
                sb.append(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ')).append('\n');
            }
        }
        return sb.toString();
    }
}
