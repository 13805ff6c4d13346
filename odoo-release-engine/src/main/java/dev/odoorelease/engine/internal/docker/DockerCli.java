package dev.odoorelease.engine.internal.docker;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.internal.process.ProcessRunner;
import dev.odoorelease.engine.progress.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import dev.odoorelease.engine.config.DockerEndpoint;

/**
 * A typed client of the {@code docker} command-line program: its settings (which program, which engine, timeouts,
 * where progress lines go, which secrets to mask) and, by concern, the few operations a release needs —
 * {@link #containers()} (run, stop, start, remove, rename, inspect, list, logs) and {@link #images()} (pull, inspect).
 * Each call has a timeout, redacted output, errors that say what to do, and the docker process killed when the
 * calling thread is interrupted (an aborted build). Every call goes through {@link ProcessRunner}
 * ({@link DockerRunner}).
 *
 * <pre>{@code
 * DockerCli docker = DockerCli.local().timeout(Duration.ofMinutes(2)).progress(listener);
 * String id = docker.containers().run(spec);                       // docker run -d --pull never …
 * RunResult upgrade = docker.containers().runToCompletion(job, Duration.ofHours(1));
 * docker.containers().stop("odoo-old", Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Instances are immutable apart from the secrets they know: {@link #withEndpoint}, {@link #timeout},
 * {@link #pullTimeout} and {@link #progress} return a copy, so one configured client can be shared and varied per call.
 * Copies share one set of secrets to mask (see below), to which {@link #redacting} adds.
 *
 * <p><b>Secrets.</b> Container environment values go through a 0600 {@code --env-file} that is deleted after the call
 * (never {@code -e K=V}), registry passwords through a temporary {@code DOCKER_CONFIG} (never {@code docker login -p}).
 * The values of a spec's environment are remembered and masked ({@link Redactor#MASK}) in everything this client and
 * its copies return or throw afterwards — including container logs — except values that are public or plain
 * ({@link SecretValues}). Docker itself keeps the environment in the container's configuration ({@code docker inspect}
 * shows it under {@code Config.Env}); {@link Containers#inspect} asks Docker only for the fields it reads, never for
 * the environment.
 *
 * <p><b>Errors</b> are {@link OdooReleaseException}s: {@link ErrorCode#PREREQUISITE} when the docker program is
 * missing or no engine answers, {@link ErrorCode#NOT_FOUND} for a missing image or container,
 * {@link ErrorCode#PRECONDITION} for a container name in use, {@link ErrorCode#PROCESS_FAILED} otherwise (with
 * Docker's redacted stderr), {@link ErrorCode#INTERRUPTED} when the thread was interrupted ({@link DockerFailures}).
 */
public final class DockerCli {
    /** Default longest time of one docker call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    /** Default longest time of a {@link Images#pull}: images of many hundred MB take a while. */
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(30);

    private final DockerRunner runner;

    private DockerCli(DockerRunner runner) {
        this.runner = runner;
    }

    /** The {@code docker} program found on the PATH, talking to the engine its environment points at. */
    public static DockerCli local() {
        return local("docker");
    }

    /** A given docker program (a name looked up on the PATH, or a path). */
    public static DockerCli local(String executable) {
        if (executable == null || executable.isBlank()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use the Docker CLI: no program given."
                    + " Give 'docker' or the path of the docker program.");
        }
        return new DockerCli(new DockerRunner(executable.strip(), null, DEFAULT_TIMEOUT, DEFAULT_PULL_TIMEOUT,
                ProgressListener.NONE, ConcurrentHashMap.newKeySet(), DockerRunner.PROCESS_RUNNER));
    }

    public static DockerCli local(Path executable) {
        return local(executable.toString());
    }

    /** The engine's containers. */
    public Containers containers() {
        return new Containers(runner);
    }

    /** The swarm side of the engine: services, overlay networks, secrets, configs (a manager node). */
    public SwarmServices swarm() {
        return new SwarmServices(this);
    }

    /** The engine's images. */
    public Images images() {
        return new Images(runner);
    }

    /** Talk to this engine instead of the one the environment points at; {@code null} = the environment's. */
    public DockerCli withEndpoint(DockerEndpoint e) {
        return new DockerCli(runner.withEndpoint(e));
    }

    /** Longest time of each call (default 2 min); {@link Containers#stop} adds its grace period. */
    public DockerCli timeout(Duration t) {
        return new DockerCli(runner.withTimeout(DockerRunner.positive(t, "timeout")));
    }

    /** Longest time of {@link Images#pull} (default 30 min). */
    public DockerCli pullTimeout(Duration t) {
        return new DockerCli(runner.withPullTimeout(DockerRunner.positive(t, "pull timeout")));
    }

    /** Where start/stop/pull lines go; {@code null} = nowhere. */
    public DockerCli progress(ProgressListener p) {
        return new DockerCli(runner.withProgress(p == null ? ProgressListener.NONE : p));
    }

    /** Also mask these values (e.g. a database password a container may log) in everything returned or thrown. */
    public DockerCli redacting(String... values) {
        runner.addSecrets(Arrays.asList(values));
        return this;
    }

    /** For tests: runs calls through this executor (which may record and delegate to {@link DockerRunner#PROCESS_RUNNER}). */
    DockerCli withExecutor(DockerRunner.Executor e) {
        return new DockerCli(runner.withExecutor(e));
    }

    public Duration timeout() {
        return runner.timeout;
    }

    /** The engine, or {@code null} when it is the one of the environment. */
    public DockerEndpoint endpoint() {
        return runner.endpoint;
    }

    /** Any docker command for this package's small classes ({@link ContainerEndpoints}, {@link ImageDigests}). */
    ProcessResult call(List<String> args, boolean pull) {
        return runner.execute(args, pull ? runner.pullTimeout : runner.timeout, runner.redactor(), Map.of(), true);
    }

    /** The exception for a docker call that exited non-zero ({@link DockerFailures}). */
    OdooReleaseException failure(String verb, String object, ProcessResult r, String image) {
        return runner.failure(verb, object, r, image);
    }
}
