package dev.odoorelease.engine.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.StandInImage.Variant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.config.DockerEndpoint;
import dev.odoorelease.engine.config.RegistryAuth;

/**
 * {@link DockerCli} against the real Docker engine, with the Odoo stand-in image and a real PostgreSQL cluster:
 * every operation, the exit codes of one-off runs, and that secrets stay off command lines and out of our messages.
 */
class DockerCliIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("docker-cli");

    @TempDir
    static Path dataDir;

    static final List<String> CREATED = new CopyOnWriteArrayList<>();
    static final String BASE_IMAGE = StandInImage.BASE_IMAGE;
    static String good;
    static RunResult init;

    final List<String> progress = new CopyOnWriteArrayList<>();
    final List<DockerRunner.Call> calls = new CopyOnWriteArrayList<>();
    final DockerCli docker = DockerCli.local().progress(progress::add);

    /** A client that records each call's argv and environment, then runs it for real. */
    DockerCli recording() {
        return docker.withExecutor(call -> {
            calls.add(call);
            return DockerRunner.PROCESS_RUNNER.execute(call);
        });
    }

    static String name(String prefix) {
        String n = StandIns.uniqueName(prefix);
        CREATED.add(n);
        return n;
    }

    @BeforeAll
    static void initializeDatabase() {
        StandIns.requireEngine();
        good = StandInImage.series("17.0").build();
        init = DockerCli.local().containers().runToCompletion(
                StandIns.job(good, PG.server(), dataDir, "-d", "prod", "-i", "base", "--stop-after-init",
                                "--without-demo=all")
                        .name(name("init"))
                        .build(),
                Duration.ofMinutes(3));
    }

    @AfterAll
    static void removeLeftovers() {
        StandIns.removeAll(CREATED);
    }

    @Test
    void oneOffRunReturnsExitCodeAndLogsAndRemovesItsContainer() {
        assertThat(init.exitCode()).as("-i base --stop-after-init; logs:\n%s", init.logs()).isZero();
        assertThat(init.ok()).isTrue();
        assertThat(init.logs()).contains("odoo.modules.loading: Modules loaded.", "Registry loaded in");
        assertThat(init.duration()).isPositive();
        assertThat(docker.containers().exists(init.containerName())).as("removed after its run").isFalse();
    }

    /**
     * A one-off container's output read as data is exact, also where a value equals a secret the client masks: the
     * deploy read the image's odoo.conf through the redacted logs, so a database password {@code odoo} made Odoo's
     * data_dir {@code /var/lib/****}. The logs for display stay redacted.
     */
    @Test
    void aOneOffContainersOutputReadAsDataIsExactEvenWhereItEqualsASecret() {
        DockerCli knowing = DockerCli.local().redacting("odoo");
        java.util.function.Function<String, ContainerSpec> cat = n -> ContainerSpec.builder(good).network("none")
                .extraArgs("--entrypoint", "/bin/sh").command("-c", "cat \"${ODOO_RC:-/etc/odoo/odoo.conf}\"").name(name(n)).build();

        RunResult shown = knowing.containers().runToCompletion(cat.apply("cat-shown"), Duration.ofMinutes(2));
        RunResult data = knowing.containers().runForOutput(cat.apply("cat-data"), Duration.ofMinutes(2));

        assertThat(shown.logs()).as("logs for display are redacted").contains("data_dir = /var/lib/****");
        assertThat(data.exitCode()).isZero();
        assertThat(data.logs()).as("the file as written").contains("[options]", "data_dir = /var/lib/odoo\n").doesNotContain("****");
        assertThat(knowing.containers().exists(data.containerName())).as("removed after its run").isFalse();
    }

    @Test
    void serverContainerLifecycle() throws Exception {
        String name = name("server");
        String renamed = name + "-old";
        CREATED.add(renamed);
        String runId = HexFormat.of().formatHex(random(4));
        ContainerSpec spec = StandIns.server(good, PG.server(), dataDir, StandIns.freePort(), "-d", "prod")
                .name(name)
                .label("dev.odoorelease.it-run", runId)
                .stopTimeout(Duration.ofSeconds(5))
                .build();

        String id = docker.containers().run(spec);

        assertThat(id).matches("[0-9a-f]{64}");
        ContainerState running = docker.containers().inspect(name).orElseThrow();
        assertThat(running.id()).isEqualTo(id);
        assertThat(running.name()).isEqualTo(name);
        assertThat(running.image()).isEqualTo(good);
        assertThat(running.imageId()).isEqualTo(docker.images().inspect(good).orElseThrow().id());
        assertThat(running.isUp()).isTrue();
        assertThat(running.health()).as("the image has no HEALTHCHECK, like Odoo's").isNull();
        assertThat(running.labels()).containsEntry("dev.odoorelease.it-run", runId)
                .containsEntry("dev.odoorelease.standin.series", "17.0");
        assertThat(running.startedAt()).isNotNull();
        assertThat(docker.containers().inspect(id.substring(0, 12))).as("by id too").hasValueSatisfying(
                s -> assertThat(s.name()).isEqualTo(name));
        awaitLog(name, "Registry loaded in");
        assertThat(docker.containers().logs(name, 3).strip().split("\n")).hasSizeLessThanOrEqualTo(3);
        assertThat(progress).anyMatch(l -> l.startsWith("Container " + name + " (" + id.substring(0, 12) + ") started in"));

        long stopStart = System.nanoTime();
        docker.containers().stop(name, Duration.ofSeconds(10));
        ContainerState stopped = docker.containers().inspect(name).orElseThrow();
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.hasExited()).isTrue();
        assertThat(stopped.exitCode()).as("Odoo exits 0 on SIGTERM").isZero();
        assertThat(stopped.finishedAt()).isAfterOrEqualTo(stopped.startedAt());
        assertThat(Duration.ofNanos(System.nanoTime() - stopStart)).isLessThan(Duration.ofSeconds(8));
        assertThat(docker.containers().listByLabel("dev.odoorelease.it-run", runId))
                .as("stopped containers are listed too")
                .singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo(name))
                .satisfies(s -> assertThat(s.status()).isEqualTo("exited"));

        docker.containers().start(name);
        ContainerState restarted = docker.containers().inspect(name).orElseThrow();
        assertThat(restarted.running()).isTrue();
        assertThat(restarted.startedAt()).isAfter(running.startedAt());
        assertThat(restarted.restartCount()).as("a manual start is no restart by policy").isZero();
        assertThat(docker.containers().logs(name, -1)).contains("Initiating shutdown");
        assertThat(docker.containers().logs(name, restarted.startedAt(), -1))
                .as("logs since the new start hold none of the first run's lines")
                .doesNotContain("Initiating shutdown");

        docker.containers().rename(name, renamed);
        assertThat(docker.containers().exists(name)).isFalse();
        assertThat(docker.containers().exists(renamed)).isTrue();
        assertThat(docker.containers().listByLabel("dev.odoorelease.it-run", runId)).extracting(ContainerState::name)
                .containsExactly(renamed);

        OdooReleaseException running2 = catchThrowableOfType(OdooReleaseException.class,
                () -> docker.containers().remove(renamed, false));
        assertThat(running2.errorCode()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(running2.getMessage()).startsWith("Unable to remove container " + renamed + ": ")
                .endsWith("Stop it first or remove it with force.");

        String anonymousVolume = DockerEngine.check(Duration.ofSeconds(30), "inspect", "--format",
                "{{range .Mounts}}{{if eq .Type \"volume\"}}{{.Name}}{{end}}{{end}}", renamed);
        assertThat(anonymousVolume).as("the image's VOLUME /mnt/extra-addons").isNotEmpty();
        assertThat(docker.containers().remove(renamed, true, true)).isTrue();
        assertThat(DockerEngine.docker(Duration.ofSeconds(30), "volume", "inspect", anonymousVolume).exitCode())
                .as("removed with its anonymous volume")
                .isNotZero();
        assertThat(docker.containers().exists(renamed)).isFalse();
        assertThat(docker.containers().remove(renamed, true)).as("already gone").isFalse();
        assertThat(docker.containers().listByLabel("dev.odoorelease.it-run", runId)).isEmpty();
        assertThat(catchThrowableOfType(OdooReleaseException.class, () -> docker.containers().stop(renamed, Duration.ofSeconds(1)))
                .errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(catchThrowableOfType(OdooReleaseException.class, () -> docker.containers().rename(renamed, name)).errorCode())
                .isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void crashAtStartExitsWith1() {
        String crashing = StandInImage.series("17.0").variant(Variant.CRASH_AT_START).build();

        RunResult r = docker.containers().runToCompletion(
                StandIns.server(crashing, PG.server(), dataDir, StandIns.freePort(), "-d", "prod").build(),
                Duration.ofMinutes(2));

        assertThat(r.exitCode()).as("logs:\n%s", r.logs()).isEqualTo(1);
        assertThat(r.containerName()).startsWith("odoo-release-run-");
        assertThat(r.logs()).contains("CRITICAL", "Failed to start the server");
        assertThat(docker.containers().exists(r.containerName())).isFalse();
    }

    @Test
    void failingUpgradeExitsWith255() {
        String failing = StandInImage.series("17.0").variant(Variant.FAILING_UPGRADE).build();
        RunResult created = docker.containers().runToCompletion(StandIns.job(good, PG.server(), dataDir, "-d", "upgrade", "-i",
                "base", "--stop-after-init").name(name("init-upgrade")).build(), Duration.ofMinutes(3));
        assertThat(created.exitCode()).as(created.logs()).isZero();

        RunResult r = docker.containers().runToCompletion(StandIns.job(failing, PG.server(), dataDir, "-d", "upgrade", "-u", "all",
                "--stop-after-init", "--no-http").name(name("upgrade")).build(), Duration.ofMinutes(3));

        assertThat(r.exitCode()).as("registry failed to load; logs:\n%s", r.logs()).isEqualTo(255);
        assertThat(r.ok()).isFalse();
        assertThat(r.logs()).contains("Failed to initialize database");
        assertThat(r.tail(5).split("\n")).hasSizeLessThanOrEqualTo(5);
        assertThat(docker.containers().exists(r.containerName())).isFalse();
    }

    @Test
    void environmentValuesStayOffCommandLinesAndOutOfOurMessagesAndLogs() throws Exception {
        String secret = "tok-" + HexFormat.of().formatHex(random(8));
        String name = name("env");
        List<String> envFileSeen = new ArrayList<>();
        DockerCli docker = this.docker.withExecutor(call -> {
            calls.add(call);
            int i = call.argv().indexOf("--env-file");
            if (i > 0) {
                Path f = Path.of(call.argv().get(i + 1));
                try {
                    envFileSeen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return DockerRunner.PROCESS_RUNNER.execute(call);
        });
        ContainerSpec spec = ContainerSpec.builder(BASE_IMAGE)
                .name(name)
                .env("APP_TOKEN", secret)
                .label(StandIns.LABEL, "odoo-release-engine")
                .command("sh", "-c", "echo \"using $APP_TOKEN\"; echo \"$APP_TOKEN\" >&2; exec sleep 60")
                .build();

        docker.containers().run(spec);

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (docker.containers().logs(name, -1).split("\n").length < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(docker.containers().logs(name, -1).split("\n"))
                .as("stdout and stderr lines written within the same instant may come in either order")
                .containsExactlyInAnyOrder("using ****", "****");
        assertThat(envFileSeen).containsExactly("rw-------");
        Path envFile = Path.of(calls.get(0).argv().get(calls.get(0).argv().indexOf("--env-file") + 1));
        assertThat(envFile).as("deleted after the call").doesNotExist();
        assertThat(DockerEngine.check(Duration.ofSeconds(30), "inspect", "--format", "{{json .Args}}", name))
                .as("docker inspect's Args (the container's command line)")
                .doesNotContain(secret);
        assertThat(DockerEngine.check(Duration.ofSeconds(30), "inspect", "--format", "{{json .Config.Env}}", name))
                .as("Docker itself keeps the environment in the container's configuration (documented)")
                .contains("APP_TOKEN=" + secret);

        OdooReleaseException conflict = catchThrowableOfType(OdooReleaseException.class, () -> docker.containers().run(spec));
        assertThat(conflict.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(conflict.getMessage()).contains(name).doesNotContain(secret);

        docker.containers().stop(name, Duration.ofSeconds(1));
        assertThat(calls).as("no docker command line holds the value")
                .allSatisfy(c -> assertThat(String.join(" ", c.argv())).doesNotContain(secret));
        assertThat(calls).allSatisfy(c -> assertThat(c.env().values()).doesNotContain(secret));
        assertThat(progress).isNotEmpty().noneMatch(l -> l.contains(secret));
        docker.containers().remove(name, true, true);
    }

    @Test
    void oneOffContainerThatRunsTooLongIsKilledAndRemoved() {
        String name = name("hang");
        long start = System.nanoTime();

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class, () -> docker.containers().runToCompletion(
                ContainerSpec.builder(BASE_IMAGE).name(name).command("sh", "-c", "echo about to hang; exec sleep 120")
                        .label(StandIns.LABEL, "odoo-release-engine").build(),
                Duration.ofSeconds(3)));

        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(e.getMessage())
                .startsWith("Unable to finish container " + name + " (image " + BASE_IMAGE + ") within 3 s: it was"
                        + " killed and removed. Its last log lines:\nabout to hang\n")
                .endsWith("Raise the timeout or check in the logs why it hangs.");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(docker.containers().exists(name)).isFalse();
    }

    @Test
    void interruptKillsAndRemovesTheOneOffContainer() throws Exception {
        String name = name("interrupt");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                docker.containers().runToCompletion(ContainerSpec.builder(BASE_IMAGE).name(name).command("sleep", "120")
                        .label(StandIns.LABEL, "odoo-release-engine").build(), Duration.ofMinutes(5));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        worker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!docker.containers().inspect(name).map(ContainerState::running).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(500); // into docker wait

        worker.interrupt();
        worker.join(30_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(OdooReleaseException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INTERRUPTED))
                .hasMessage("Interrupted while container " + name + " ran: it was killed and removed.");
        assertThat(docker.containers().exists(name)).isFalse();
    }

    /** Off by default (see docs/docker.md); switched on it gives tini as PID 1, also for a non-root user. */
    @Test
    void initCanBeSwitchedOnForANonRootUser() throws Exception {
        String name = name("init");
        docker.containers().run(ContainerSpec.builder(BASE_IMAGE).name(name).init(true).user("101")
                .label(StandIns.LABEL, "odoo-release-engine")
                .command("sh", "-c", "tr '\\0' ' ' < /proc/1/cmdline; echo; exec sleep 60").build());
        awaitLog(name, "sleep");
        assertThat(docker.containers().logs(name, -1)).startsWith("/sbin/docker-init -- sh -c");
        long start = System.nanoTime();

        docker.containers().stop(name, Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("tini passes SIGTERM on: no wait for the grace period")
                .isLessThan(Duration.ofSeconds(5));
        docker.containers().remove(name, false);
    }

    @Test
    void missingImageIsNotFoundAndNamesTheImage() {
        String name = name("missing");
        String image = "odoo-release/standin:does-not-exist";

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class,
                () -> docker.containers().run(ContainerSpec.builder(image).name(name).build()));

        assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.getMessage()).startsWith("Unable to run container " + name + " (image " + image + "): image "
                + image + " is not present on the Docker engine").contains("Pull it first");
        assertThat(docker.containers().exists(name)).isFalse();
        assertThat(docker.images().inspect(image)).isEmpty();
    }

    @Test
    void unreachableEngineIsAPrerequisiteReportedQuickly() {
        int closed = StandIns.freePort();
        long start = System.nanoTime();

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class, () -> docker
                .withEndpoint(DockerEndpoint.of("tcp://127.0.0.1:" + closed)).containers().inspect("odoo"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PREREQUISITE);
        assertThat(e.getMessage()).startsWith("Unable to inspect container odoo: the Docker engine at tcp://127.0.0.1:"
                + closed + " does not answer (").contains("Start dockerd");
    }

    @Test
    void authenticatedPullKeepsThePasswordOffTheCommandLineAndRemovesItsConfig() {
        String password = "pw-" + HexFormat.of().formatHex(random(8));
        String image = "127.0.0.1:" + StandIns.freePort() + "/odoo:17.0";

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class,
                () -> recording().images().pull(image, RegistryAuth.of("deploy", password)));

        assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(e.getMessage()).startsWith("Unable to pull image " + image + ": ").contains("connection refused")
                .doesNotContain(password);
        DockerRunner.Call call = calls.get(0);
        assertThat(String.join(" ", call.argv())).doesNotContain(password);
        assertThat(Path.of(call.env().get("DOCKER_CONFIG"))).as("temporary config deleted").doesNotExist();
        assertThat(progress).noneMatch(l -> l.contains(password));
    }

    @Test
    void imageInspectReadsIdTagsAndLabels() {
        ImageInfo info = docker.images().inspect(good).orElseThrow();

        assertThat(info.id()).startsWith("sha256:");
        assertThat(info.repoTags()).contains(good);
        assertThat(info.created()).isNotNull();
        assertThat(info.labels()).containsEntry("dev.odoorelease.standin.series", "17.0")
                .containsEntry("dev.odoorelease.standin.variant", "good");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private void awaitLog(String container, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String logs = "";
        while (System.nanoTime() < deadline) {
            logs = docker.containers().logs(container, -1);
            if (logs.contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(container + " did not log '" + text + "' within 60 s; logs:\n" + logs);
    }
}
