package dev.odoorelease.engine.internal.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.config.DockerEndpoint;
import dev.odoorelease.engine.config.RegistryAuth;

/**
 * {@link DockerCli} without an engine: the argv and environment it hands to ProcessRunner, the temporary files that
 * carry secrets, and how Docker's messages become errors. The same behaviour against the real engine is in
 * {@code DockerCliIT}.
 */
class DockerCliTest {
    private static final String SECRET = "s3cr3t-Env-Value-42";
    private static final String REGISTRY_PASSWORD = "Reg1stry-Pa55word!";

    private final List<DockerRunner.Call> calls = new CopyOnWriteArrayList<>();

    /** A client whose calls are answered by {@code answer} instead of a docker process. */
    private DockerCli fake(Function<DockerRunner.Call, ProcessResult> answer) {
        return DockerCli.local().withExecutor(call -> {
            calls.add(call);
            return answer.apply(call);
        });
    }

    private static ProcessResult ok(String stdout) {
        return new ProcessResult(0, stdout, "");
    }

    private static ProcessResult fail(String stderr) {
        return new ProcessResult(1, "", stderr);
    }

    private static String argAfter(List<String> argv, String option) {
        int i = argv.indexOf(option);
        assertThat(i).as("%s in %s", option, argv).isGreaterThanOrEqualTo(0);
        return argv.get(i + 1);
    }

    @Test
    void runPassesEnvironmentThroughA0600EnvFileThatIsGoneAfterTheCall() {
        List<String> seenFile = new ArrayList<>();
        DockerCli docker = fake(call -> {
            Path envFile = Path.of(argAfter(call.argv(), "--env-file"));
            try {
                seenFile.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)));
                seenFile.add(Files.readString(envFile));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return ok("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        });
        ContainerSpec spec = ContainerSpec.builder("odoo:17.0")
                .name("odoo-new")
                .env("PASSWORD", SECRET)
                .env("USER", "odoo")
                .port("127.0.0.1:8069:8069")
                .volume("/srv/odoo:/var/lib/odoo")
                .network("host")
                .label("dev.odoorelease.environment", "prod")
                .restartPolicy("unless-stopped")
                .user("101")
                .stopTimeout(Duration.ofMillis(1500))
                .command("--", "-d", "prod")
                .build();

        String id = docker.containers().run(spec);

        assertThat(id).startsWith("0123456789ab");
        List<String> argv = calls.get(0).argv();
        assertThat(argv).as("no value of the environment on the command line").noneMatch(a -> a.contains(SECRET));
        assertThat(argv).doesNotContain("-e", "--env", "--init");
        assertThat(argv.subList(0, 5)).containsExactly("docker", "run", "-d", "--pull", "never");
        assertThat(argv.subList(argv.indexOf("odoo:17.0"), argv.size())).containsExactly("odoo:17.0", "--", "-d", "prod");
        assertThat(argAfter(argv, "--name")).isEqualTo("odoo-new");
        assertThat(argAfter(argv, "-p")).isEqualTo("127.0.0.1:8069:8069");
        assertThat(argAfter(argv, "-v")).isEqualTo("/srv/odoo:/var/lib/odoo");
        assertThat(argAfter(argv, "--network")).isEqualTo("host");
        assertThat(argAfter(argv, "--label")).isEqualTo("dev.odoorelease.environment=prod");
        assertThat(argAfter(argv, "--restart")).isEqualTo("unless-stopped");
        assertThat(argAfter(argv, "--user")).isEqualTo("101");
        assertThat(argAfter(argv, "--stop-timeout")).as("rounded up to whole seconds").isEqualTo("2");
        assertThat(seenFile).containsExactly("rw-------", "PASSWORD=" + SECRET + "\nUSER=odoo\n");
        assertThat(Path.of(argAfter(argv, "--env-file"))).as("deleted after the call").doesNotExist();
        assertThat(Path.of(argAfter(argv, "--cidfile"))).doesNotExist();
    }

    @Test
    void initIsOffByDefaultAndOnWhenAsked() {
        ContainerSpec spec = ContainerSpec.builder("odoo:17.0").build();
        assertThat(spec.init()).isFalse();
        assertThat(ContainerLauncher.runArgs(spec, true, null, null)).doesNotContain("--init");
        assertThat(ContainerLauncher.runArgs(spec.toBuilder().init(true).build(), true, null, null)).contains("--init");
    }

    @Test
    void secretsInDockersAnswerAreMaskedButPublicWordsAreNot() {
        DockerCli docker = fake(call -> new ProcessResult(125, "",
                "docker: Error response from daemon: failed to create task: env " + SECRET + " rejected for odoo-new.\n"
                        + "\nRun 'docker run --help' for more information\n"));
        ContainerSpec spec = ContainerSpec.builder("odoo:17.0").name("odoo-new").env("PASSWORD", SECRET)
                .env("USER", "odoo").build();

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class, () -> docker.containers().run(spec));

        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(e.getMessage())
                .startsWith("Unable to run container odoo-new (image odoo:17.0): Error response from daemon: failed to"
                        + " create task: env **** rejected for odoo-new.")
                .as("'odoo' is a value too, but also a word of the container's name: not masked")
                .contains("odoo-new")
                .doesNotContain(SECRET, "Run 'docker run --help'")
                .endsWith("Check the settings of the container (ports, volumes, network, user) and the engine's"
                        + " messages above.");
        assertThat(spec.toString()).contains("PASSWORD=****").doesNotContain(SECRET);
    }

    @Test
    void valuesLearnedFromARunAreMaskedInLaterLogs() {
        DockerCli docker = fake(call -> call.argv().get(1).equals("run")
                ? ok("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                : new ProcessResult(0, "2026-11-22T10:00:00.000000001Z connecting with " + SECRET + "\n", ""));
        docker.containers().run(ContainerSpec.builder("odoo:17.0").env("PGPASSWORD", SECRET).build());

        assertThat(docker.timeout(Duration.ofSeconds(5)).containers().logs("x", 10))
                .as("copies share what was learned")
                .isEqualTo("connecting with ****\n");
    }

    @Test
    void registryCredentialsGoThroughATemporaryDockerConfigOnly() {
        List<String> seen = new ArrayList<>();
        DockerCli docker = fake(call -> {
            Path dir = Path.of(call.env().get("DOCKER_CONFIG"));
            try {
                seen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
                seen.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("config.json"))));
                seen.add(Files.readString(dir.resolve("config.json")));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return fail("Error response from daemon: Head \"https://registry.example.com/v2/odoo/manifests/17\":"
                    + " unauthorized: bad credentials for deploy:" + REGISTRY_PASSWORD);
        });

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class, () ->
                docker.images().pull("registry.example.com/odoo:17", RegistryAuth.of("deploy", REGISTRY_PASSWORD)));

        DockerRunner.Call call = calls.get(0);
        assertThat(call.argv()).containsExactly("docker", "pull", "--quiet", "registry.example.com/odoo:17");
        assertThat(String.join(" ", call.argv())).doesNotContain(REGISTRY_PASSWORD, "login");
        String encoded = Base64.getEncoder()
                .encodeToString(("deploy:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(seen).containsExactly("rwx------", "rw-------",
                "{\"auths\":{\"registry.example.com\":{\"auth\":\"" + encoded + "\"}}}");
        assertThat(Path.of(call.env().get("DOCKER_CONFIG"))).as("deleted after the pull").doesNotExist();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(e.getMessage()).contains("the registry refused access").doesNotContain(REGISTRY_PASSWORD, encoded);
        assertThat(RegistryAuth.of("deploy", REGISTRY_PASSWORD).toString()).doesNotContain(REGISTRY_PASSWORD);
    }

    @Test
    void temporaryDockerConfigIsDeletedWhenThePullIsKilled() {
        List<Path> dirs = new ArrayList<>();
        DockerCli docker = fake(call -> {
            dirs.add(Path.of(call.env().get("DOCKER_CONFIG")));
            throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to finish docker pull within 1 s: it was"
                    + " killed.");
        });

        assertThatThrownBy(() -> docker.images().pull("odoo:17.0", RegistryAuth.of("deploy", REGISTRY_PASSWORD)))
                .hasMessageStartingWith("Unable to finish docker pull within 1800 s");
        assertThat(dirs).singleElement().satisfies(d -> assertThat(d).doesNotExist());
    }

    @Test
    void registryOfAnImageReference() {
        assertThat(RegistryAuth.registryOf("odoo:17.0")).isEqualTo(RegistryAuth.DOCKER_HUB);
        assertThat(RegistryAuth.registryOf("acme/odoo:17.0")).isEqualTo(RegistryAuth.DOCKER_HUB);
        assertThat(RegistryAuth.registryOf("docker.io/acme/odoo")).isEqualTo(RegistryAuth.DOCKER_HUB);
        assertThat(RegistryAuth.registryOf("registry.example.com:5000/acme/odoo:17")).isEqualTo("registry.example.com:5000");
        assertThat(RegistryAuth.registryOf("localhost/odoo")).isEqualTo("localhost");
    }

    @Test
    void unreachableEngineIsAPrerequisite() {
        DockerCli docker = fake(call -> fail(
                "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"));

        assertThatThrownBy(() -> docker.containers().inspect("odoo"))
                .isInstanceOfSatisfying(OdooReleaseException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PREREQUISITE))
                .hasMessageStartingWith("Unable to inspect container odoo: the Docker engine does not answer (Cannot"
                        + " connect to the Docker daemon at unix:///var/run/docker.sock.")
                .hasMessageEndingWith("Start dockerd (or the docker service) on that machine, or set DOCKER_HOST (the"
                        + " endpoint) to a running engine.");
    }

    @Test
    void errorsAreClassifiedByDockersMessage() {
        ContainerSpec spec = ContainerSpec.builder("odoo:18.9").name("odoo-new").build();
        assertThat(catchThrowableOfType(OdooReleaseException.class, () ->
                fake(c -> new ProcessResult(125, "", "docker: Error response from daemon: No such image: odoo:18.9\n"))
                        .containers().run(spec)))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("Unable to run container odoo-new (image odoo:18.9): image odoo:18.9 is not present on the"
                        + " Docker engine (Error response from daemon: No such image: odoo:18.9). Pull it first (docker"
                        + " pull, or DockerCli.pull) or check the tag: images are never pulled implicitly here (--pull"
                        + " never).");
        assertThat(catchThrowableOfType(OdooReleaseException.class, () ->
                fake(c -> new ProcessResult(125, "", "docker: Error response from daemon: Conflict. The container name"
                        + " \"/odoo-new\" is already in use by container \"abc\".")).containers().run(spec)))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION))
                .hasMessageContaining("the name is already used by another container");
        assertThat(catchThrowableOfType(OdooReleaseException.class, () ->
                fake(c -> fail("Error response from daemon: No such container: odoo-old")).containers().stop("odoo-old",
                        Duration.ofSeconds(10))))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessage("Unable to stop container odoo-old: there is no such container (Error response from daemon:"
                        + " No such container: odoo-old). Check the name with docker ps -a.");
        assertThat(calls.get(calls.size() - 1).argv()).containsExactly("docker", "stop", "-t", "10", "odoo-old");
        assertThat(calls.get(calls.size() - 1).timeout()).isEqualTo(DockerCli.DEFAULT_TIMEOUT.plusSeconds(10));

        assertThat(fake(c -> fail("Error response from daemon: No such container: gone")).containers().remove("gone", true))
                .as("nothing to remove")
                .isFalse();
        assertThat(fake(c -> new ProcessResult(1, "[]\n", "Error response from daemon: No such container: gone"))
                .containers().inspect("gone")).isEmpty();
        assertThat(fake(c -> new ProcessResult(1, "[]\n", "Error response from daemon: no such image: x:1: No such"
                + " image: x:1")).images().inspect("x:1")).isEmpty();
    }

    @Test
    void endpointSettingsBecomeTheProgramsEnvironment() {
        DockerCli plain = fake(c -> ok("[]")).withEndpoint(DockerEndpoint.of("tcp://build-host:2375"));
        plain.containers().inspect("x");
        assertThat(calls.get(0).env())
                .containsEntry("DOCKER_HOST", "tcp://build-host:2375")
                .as("an inherited DOCKER_TLS_VERIFY=1 would switch TLS on: cleared")
                .containsEntry("DOCKER_TLS_VERIFY", "")
                .containsEntry("DOCKER_CERT_PATH", "")
                .containsEntry("DOCKER_CONTEXT", "");
        assertThat(calls.get(0).argv()).containsExactly("docker", "inspect", "--type", "container", "--format",
                Containers.CONTAINER_FORMAT, "x");
        assertThat(Containers.CONTAINER_FORMAT).as("never asks for the environment").doesNotContain("Env");

        fake(c -> ok("[]")).withEndpoint(DockerEndpoint.tls("tcp://build-host:2376", Path.of("/etc/docker-certs")))
                .containers().inspect("x");
        assertThat(calls.get(1).env())
                .containsEntry("DOCKER_TLS_VERIFY", "1")
                .containsEntry("DOCKER_CERT_PATH", "/etc/docker-certs");

        fake(c -> ok("[]")).withEndpoint(new DockerEndpoint("tcp://build-host:2376", "/certs", false)).containers().inspect("x");
        assertThat(calls.get(2).argv()).startsWith("docker", "--tls", "inspect");

        assertThatThrownBy(() -> DockerEndpoint.of("build-host:2375"))
                .hasMessageContaining("it must start with unix://, tcp:// or ssh://");
        assertThatThrownBy(() -> new DockerEndpoint("tcp://h:2376", null, true))
                .hasMessageContaining("without a certificate folder");
    }

    @Test
    void missingDockerProgramSaysWhatToInstall() {
        assertThatThrownBy(() -> DockerCli.local("/nonexistent/bin/docker").containers().inspect("x"))
                .isInstanceOfSatisfying(OdooReleaseException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PREREQUISITE))
                .hasMessageStartingWith("Unable to run the Docker CLI (/nonexistent/bin/docker): Cannot run program")
                .hasMessageContaining("apt-get install docker.io");
    }

    @Test
    void aCallThatHangsIsKilledAtItsTimeout(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        Path script = dir.resolve("docker");
        Files.writeString(script, "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 60\n");
        script.toFile().setExecutable(true);
        long start = System.nanoTime();

        assertThatThrownBy(() -> DockerCli.local(script).timeout(Duration.ofSeconds(1)).containers().inspect("x"))
                .isInstanceOfSatisfying(OdooReleaseException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.PROCESS_FAILED))
                .hasMessage("Unable to finish docker inspect within 1 s: it was killed. Check that the Docker engine"
                        + " answers (docker info) or raise the timeout.");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("the docker process is gone")
                .isFalse();
    }

    @Test
    void specRefusesWhatAnEnvFileCannotCarryAndEnvOnTheCommandLine() {
        assertThatThrownBy(() -> ContainerSpec.builder("odoo:17").env("KEY", "two\nlines").build())
                .isInstanceOfSatisfying(OdooReleaseException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("contains a line break")
                .hasMessageNotContaining("two");
        assertThatThrownBy(() -> ContainerSpec.builder("odoo:17").env("BAD KEY", "x").build())
                .hasMessageContaining("'BAD KEY' cannot be passed in an env-file");
        assertThatThrownBy(() -> ContainerSpec.builder("odoo:17").extraArgs("-e", "PASSWORD=" + SECRET).build())
                .hasMessageContaining("would put environment values on the command line");
        assertThatThrownBy(() -> ContainerSpec.builder("odoo:17").extraArgs("--env=PASSWORD=" + SECRET).build())
                .hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> ContainerSpec.builder("odoo:17").name("bad name").build())
                .hasMessageContaining("not a valid container name");
        assertThatThrownBy(() -> ContainerSpec.builder(" ").build()).hasMessageContaining("no image given");
        assertThat(ContainerSpec.builder("odoo:17").env("EMPTY", "").env("SPACES", " a b ").build().env())
                .containsEntry("EMPTY", "")
                .as("env-files keep values as they are")
                .containsEntry("SPACES", " a b ");
    }

    @Test
    void publicWordsAreTheSpecsVisibleSettings() {
        ContainerSpec spec = ContainerSpec.builder("registry.example.com/odoo:17.0").name("odoo-prod-new")
                .port("127.0.0.1:8069:8069").network("host").label("env", "prod").build();
        assertThat(SecretValues.publicWords(spec))
                .contains("odoo-prod-new", "odoo", "prod", "new", "registry.example.com", "17.0", "127.0.0.1",
                        "8069", "host", "env")
                .doesNotContain("example.com/odoo");
    }

    @Test
    void whichEnvironmentValuesAreMasked() {
        java.util.Set<String> publicWords = java.util.Set.of("odoo-new", "odoo", "new");
        assertThat(SecretValues.isSecret("PASSWORD", SECRET, publicWords)).isTrue();
        assertThat(SecretValues.isSecret("DB_PASSWORD", "12345678", publicWords)).as("a secret name wins").isTrue();
        assertThat(SecretValues.isSecret("ADMIN_PASSWD", "odoo", publicWords))
                .as("a word of the container's name is public anyway")
                .isFalse();
        assertThat(SecretValues.isSecret("PORT", "5432", publicWords)).isFalse();
        assertThat(SecretValues.isSecret("HOST", "10.0.0.5", publicWords)).isFalse();
        assertThat(SecretValues.isSecret("PROXY_MODE", "True", publicWords)).isFalse();
        assertThat(SecretValues.isSecret("HOST", "db.internal", publicWords))
                .as("anything else is masked: the tool cannot know")
                .isTrue();
        assertThat(SecretValues.isSecret("X", "ab", publicWords)).as("too short to mask").isFalse();
    }

    @Test
    void logStreamsAreInterleavedByTheirTimestamps() {
        String out = "2026-11-22T01:50:25.687065459Z out1\n2026-11-22T01:50:25.787679863Z out2\n";
        String err = "2026-11-22T01:50:25.687113751Z err1\n2026-11-22T01:50:25.787622497Z err2\n"
                + "  continued without a timestamp\n2026-11-22T01:50:26.000000000Z \n";

        assertThat(LogLines.merge(out, err))
                .isEqualTo("out1\nerr1\nerr2\n  continued without a timestamp\nout2\n\n");
        assertThat(LogLines.merge("", "")).isEmpty();
        assertThat(DockerOutput.lastLines("a\nb\nc\n", 2)).isEqualTo("b\nc");
    }

    @Test
    void containerStateReadsDockersInspectJson() throws Exception {
        String json = """
                [{"Id": "abc123", "Name": "/odoo-new", "Image": "sha256:feed",
                  "RestartCount": 2,
                  "State": {"Status": "exited", "Running": false, "Restarting": false, "OOMKilled": true,
                            "ExitCode": 137, "Error": "", "StartedAt": "2026-11-22T01:50:25.687625024Z",
                            "FinishedAt": "0001-01-01T00:00:00Z"},
                  "Config": {"Image": "odoo:17.0", "Env": ["PASSWORD=%s"], "Labels": {"a": "b"}}}]
                """.formatted(SECRET);
        ContainerState s = fake(c -> ok(json)).containers().inspect("odoo-new").orElseThrow();

        assertThat(s.name()).isEqualTo("odoo-new");
        assertThat(s.image()).isEqualTo("odoo:17.0");
        assertThat(s.imageId()).isEqualTo("sha256:feed");
        assertThat(s.hasExited()).isTrue();
        assertThat(s.finishedAt()).as("Docker's zero time means never").isNull();
        assertThat(s.startedAt()).hasToString("2026-11-22T01:50:25.687625024Z");
        assertThat(s.health()).isNull();
        assertThat(s.labels()).isEqualTo(Map.of("a", "b"));
        assertThat(s.describe()).isEqualTo("exited with code 137 (OOMKilled, 2 restarts)");
        assertThat(s.toString()).as("the environment is not read").doesNotContain(SECRET);
    }
}
