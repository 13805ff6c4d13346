package dev.odoorelease.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.process.ProcessResult;
import dev.odoorelease.engine.process.ProcessRunner;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A typed wrapper over the {@code docker} command-line program: the few container and image operations a release
 * needs, each with a timeout, redacted output, errors that say what to do, and the docker process killed when the
 * calling thread is interrupted (an aborted build). Every call goes through {@link ProcessRunner}.
 *
 * <pre>{@code
 * DockerCli docker = DockerCli.local().timeout(Duration.ofMinutes(2)).progress(listener);
 * String id = docker.run(spec);                       // docker run -d --pull never …
 * RunResult upgrade = docker.runToCompletion(job, Duration.ofHours(1));
 * docker.stop("odoo-old", Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Instances are immutable apart from the secrets they know: {@link #withEndpoint}, {@link #timeout},
 * {@link #pullTimeout} and {@link #progress} return a copy, so one configured client can be shared and varied per call.
 * Copies share one set of secrets to mask (see below), to which {@link #redacting} adds.
 *
 * <p><b>Secrets.</b> Container environment values go through a 0600 {@code --env-file} that is deleted after the call
 * (never {@code -e K=V}), registry passwords through a temporary {@code DOCKER_CONFIG} (never {@code docker login -p}).
 * The values of a spec's environment are remembered and masked ({@link Redactor#MASK}) in everything this client and
 * its copies return or throw afterwards — including container logs — except values equal to a word of the spec's
 * public settings (name, image, command, ports, volumes, network, labels, user: e.g. {@code USER=odoo} with a
 * container {@code odoo-new}), and numbers, IPv4 addresses and booleans under names that do not say secret
 * ({@code PORT=5432}, {@code HOST=10.0.0.5}): masking those would garble messages and hide diagnostics without
 * protecting anything (see {@link #isSecret}). Docker itself keeps the environment in the container's configuration
 * ({@code docker inspect} shows it under {@code Config.Env}); {@link #inspect} asks Docker only for the fields it
 * reads, never for the environment.
 *
 * <p><b>Errors</b> are {@link OdooReleaseException}s: {@link ErrorCode#PREREQUISITE} when the docker program is
 * missing or no engine answers, {@link ErrorCode#NOT_FOUND} for a missing image or container,
 * {@link ErrorCode#PRECONDITION} for a container name in use, {@link ErrorCode#PROCESS_FAILED} otherwise (with
 * Docker's redacted stderr), {@link ErrorCode#INTERRUPTED} when the thread was interrupted.
 */
public final class DockerCli {
    /** Default longest time of one docker call. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    /** Default longest time of a {@link #pull}: images of many hundred MB take a while. */
    public static final Duration DEFAULT_PULL_TIMEOUT = Duration.ofMinutes(30);
    /** How many of its last log lines a {@link RunResult} keeps. */
    public static final int RUN_LOG_LINES = 2000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i)pass|pwd|secret|token|key|auth|cred|private|salt|cert|cookie|session|signature");
    private static final Pattern PLAIN_VALUE = Pattern.compile(
            "(?i)[0-9]+|[0-9]{1,3}(\\.[0-9]{1,3}){3}|true|false|yes|no|on|off");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * One invocation of the docker program: what {@link ProcessRunner} is given. {@code rawStdout}: stdout is
     * machine-readable (ids, JSON, an exit code) and returned unredacted, for parsing only — masking a value inside
     * it (a port number inside a process id) would corrupt it; it never reaches a message or a log.
     */
    record Call(List<String> argv, Map<String, String> env, Duration timeout, Redactor redactor, boolean rawStdout) {}

    /** Runs a {@link Call}; the seam tests use to see the exact argv and environment. */
    @FunctionalInterface
    interface Executor {
        ProcessResult execute(Call call);
    }

    /** The real executor: one {@link ProcessRunner} per call. */
    static final Executor PROCESS_RUNNER = call -> {
        ProcessRunner runner = ProcessRunner.of(call.argv())
                .env(call.env())
                .timeout(call.timeout())
                .redactor(call.redactor());
        if (!call.rawStdout()) {
            return runner.run();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ProcessResult r = runner.stdoutTo(out).run();
        return new ProcessResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
    };

    /** {@code docker inspect} template: only what {@link ContainerState} reads — never {@code Config.Env}. */
    static final String CONTAINER_FORMAT = "{\"Id\":{{json .Id}},\"Name\":{{json .Name}},\"Image\":{{json .Image}},"
            + "\"RestartCount\":{{json .RestartCount}},\"State\":{{json .State}},"
            + "\"Config\":{\"Image\":{{json .Config.Image}},\"Labels\":{{json .Config.Labels}}}}";
    /** {@code docker image inspect} template: only what {@link ImageInfo} reads. */
    static final String IMAGE_FORMAT = "{\"Id\":{{json .Id}},\"RepoTags\":{{json .RepoTags}},"
            + "\"Created\":{{json .Created}},\"Config\":{\"Labels\":{{json .Config.Labels}}}}";

    private final String executable;
    private final DockerEndpoint endpoint;
    private final Duration timeout;
    private final Duration pullTimeout;
    private final ProgressListener progress;
    private final Set<String> secrets;
    private final Executor executor;

    private DockerCli(String executable, DockerEndpoint endpoint, Duration timeout, Duration pullTimeout,
            ProgressListener progress, Set<String> secrets, Executor executor) {
        this.executable = executable;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.pullTimeout = pullTimeout;
        this.progress = progress;
        this.secrets = secrets;
        this.executor = executor;
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
        return new DockerCli(executable.strip(), null, DEFAULT_TIMEOUT, DEFAULT_PULL_TIMEOUT, ProgressListener.NONE,
                ConcurrentHashMap.newKeySet(), PROCESS_RUNNER);
    }

    public static DockerCli local(Path executable) {
        return local(executable.toString());
    }

    /** Talk to this engine instead of the one the environment points at; {@code null} = the environment's. */
    public DockerCli withEndpoint(DockerEndpoint e) {
        return new DockerCli(executable, e, timeout, pullTimeout, progress, secrets, executor);
    }

    /** Longest time of each call (default 2 min); {@link #stop} adds its grace period. */
    public DockerCli timeout(Duration t) {
        return new DockerCli(executable, endpoint, positive(t, "timeout"), pullTimeout, progress, secrets, executor);
    }

    /** Longest time of {@link #pull} (default 30 min). */
    public DockerCli pullTimeout(Duration t) {
        return new DockerCli(executable, endpoint, timeout, positive(t, "pull timeout"), progress, secrets, executor);
    }

    /** Where start/stop/pull lines go; {@code null} = nowhere. */
    public DockerCli progress(ProgressListener p) {
        return new DockerCli(executable, endpoint, timeout, pullTimeout, p == null ? ProgressListener.NONE : p,
                secrets, executor);
    }

    /** Also mask these values (e.g. a database password a container may log) in everything returned or thrown. */
    public DockerCli redacting(String... values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                secrets.add(v);
            }
        }
        return this;
    }

    /** For tests: runs calls through this executor (which may record and delegate to {@link #PROCESS_RUNNER}). */
    DockerCli withExecutor(Executor e) {
        return new DockerCli(executable, endpoint, timeout, pullTimeout, progress, secrets, e);
    }

    public Duration timeout() {
        return timeout;
    }

    /** The engine, or {@code null} when it is the one of the environment. */
    public DockerEndpoint endpoint() {
        return endpoint;
    }

    // ---------------------------------------------------------------------------------------------------------
    // containers

    /**
     * {@code docker run -d --pull never …}: creates and starts a container in the background.
     *
     * @return the container's full id
     * @throws OdooReleaseException {@link ErrorCode#NOT_FOUND} if the image is not on the engine (nothing is pulled
     *                              implicitly), {@link ErrorCode#PRECONDITION} if the name is taken, else
     *                              {@link ErrorCode#PROCESS_FAILED}; a container this call created but could not
     *                              start (or that was still starting at a timeout or interrupt) is removed again
     */
    public String run(ContainerSpec spec) {
        Objects.requireNonNull(spec, "spec");
        long start = System.nanoTime();
        progress.info("Starting container " + spec.describe());
        String id = start(spec, true);
        progress.info("Container " + label(spec, id) + " started in " + seconds(since(start)));
        return id;
    }

    /**
     * Runs a one-off container to its end ({@code odoo … --stop-after-init}): starts it detached, waits for it with
     * {@code docker wait}, reads its logs and removes it with its anonymous volumes (like {@code docker run --rm}) —
     * also when it times out or the thread is interrupted, in which case it is killed first. A restart policy of
     * the spec is ignored. Without a name it runs as {@code odoo-release-run-<random>}.
     *
     * @param timeout how long the container may run
     * @return exit code and logs; a non-zero exit is not an exception
     * @throws OdooReleaseException {@link ErrorCode#PROCESS_FAILED} when it did not end in time (with its last log
     *                              lines), {@link ErrorCode#INTERRUPTED}, or the errors of {@link #run}
     */
    public RunResult runToCompletion(ContainerSpec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        positive(timeout, "timeout");
        ContainerSpec named = spec.name() != null ? spec : spec.withName("odoo-release-run-" + randomHex(6));
        long start = System.nanoTime();
        progress.info("Running container " + named.describe() + " to completion (up to " + seconds(timeout) + ")");
        String id = start(named, false);
        String name = named.name();
        boolean finished = false;
        try {
            ProcessResult waited;
            try {
                waited = execute(List.of("wait", id), timeout, redactor(), Map.of(), true);
            } catch (OdooReleaseException e) {
                if (e.errorCode() != ErrorCode.PROCESS_FAILED) {
                    throw new OdooReleaseException(e.errorCode(), "Interrupted while container " + name
                            + " ran: it was killed and removed.", e);
                }
                String tail = quietly(() -> logs(id, 30));
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to finish container "
                        + named.describe() + " within " + seconds(timeout) + ": it was killed and removed."
                        + (tail == null || tail.isBlank() ? "" : " Its last log lines:\n" + tail.strip() + "\n")
                        + " Raise the timeout or check in the logs why it hangs.", e);
            }
            if (!waited.ok()) {
                throw failure("wait for", "container " + name, waited, null);
            }
            int exit = parseExitCode(waited.stdout(), name);
            String logs = logs(id, RUN_LOG_LINES);
            finished = true;
            Duration took = since(start);
            progress.info("Container " + name + " exited with " + exit + " after " + seconds(took));
            return new RunResult(name, exit, logs, took);
        } finally {
            withoutInterrupt(() -> {
                ProcessResult rm = tryExecute(List.of("rm", "-f", "-v", id), timeout(), redactor());
                if (rm != null && !rm.ok() && !isNoSuchContainer(rm)) {
                    progress.warn("Unable to remove container " + name + " after its run: " + message(rm)
                            + ". Remove it with docker rm -f -v " + name + ".");
                }
            });
            if (!finished && Thread.currentThread().isInterrupted()) {
                progress.warn("Container " + name + " was killed and removed because the operation was interrupted");
            }
        }
    }

    /**
     * {@code docker stop -t <grace>}: SIGTERM (or the image's stop signal), then SIGKILL after the grace period. A
     * container that is not running is left as it is.
     *
     * @throws OdooReleaseException {@link ErrorCode#NOT_FOUND} if there is no such container
     */
    public void stop(String nameOrId, Duration grace) {
        requireName(nameOrId);
        Objects.requireNonNull(grace, "grace");
        long secs = Math.max(0, (grace.toMillis() + 999) / 1000);
        long start = System.nanoTime();
        progress.info("Stopping container " + nameOrId + " (grace period " + secs + " s)");
        ProcessResult r = execute(List.of("stop", "-t", Long.toString(secs), nameOrId),
                timeout.plus(Duration.ofSeconds(secs)), redactor());
        if (!r.ok()) {
            throw failure("stop", "container " + nameOrId, r, null);
        }
        progress.info("Container " + nameOrId + " stopped in " + seconds(since(start)));
    }

    /**
     * {@code docker start}: starts a stopped container again (its process may exit right after; use
     * {@link #inspect} or a health check to know).
     */
    public void start(String nameOrId) {
        requireName(nameOrId);
        progress.info("Starting container " + nameOrId);
        ProcessResult r = execute(List.of("start", nameOrId), timeout, redactor());
        if (!r.ok()) {
            throw failure("start", "container " + nameOrId, r, null);
        }
    }

    /**
     * {@code docker rm [-f]}. Anonymous volumes are kept (they may hold an Odoo data_dir nobody bound to a host
     * folder); {@link #remove(String, boolean, boolean)} removes them too.
     *
     * @param force also when it runs (killed first)
     * @return {@code false} when there was no such container (nothing to do)
     * @throws OdooReleaseException {@link ErrorCode#PROCESS_FAILED} e.g. for a running container without force
     */
    public boolean remove(String nameOrId, boolean force) {
        return remove(nameOrId, force, false);
    }

    /** {@code docker rm [-f] [-v]}: as {@link #remove(String, boolean)}, optionally with its anonymous volumes. */
    public boolean remove(String nameOrId, boolean force, boolean anonymousVolumes) {
        requireName(nameOrId);
        List<String> args = new ArrayList<>(List.of("rm"));
        if (force) {
            args.add("-f");
        }
        if (anonymousVolumes) {
            args.add("-v");
        }
        args.add(nameOrId);
        ProcessResult r = execute(args, timeout, redactor());
        if (isNoSuchContainer(r)) {
            return false; // docker rm -f says so on stderr but exits 0
        }
        if (r.ok()) {
            progress.info("Removed container " + nameOrId);
            return true;
        }
        throw failure("remove", "container " + nameOrId, r, null);
    }

    /**
     * {@code docker rename}.
     *
     * @throws OdooReleaseException {@link ErrorCode#NOT_FOUND} if {@code from} does not exist,
     *                              {@link ErrorCode#PRECONDITION} if {@code to} is taken
     */
    public void rename(String from, String to) {
        requireName(from);
        requireName(to);
        ProcessResult r = execute(List.of("rename", from, to), timeout, redactor());
        if (!r.ok()) {
            throw failure("rename", "container " + from + " to " + to, r, null);
        }
        progress.info("Renamed container " + from + " to " + to);
    }

    /** {@code docker inspect --type container}; empty when there is no such container. */
    public Optional<ContainerState> inspect(String nameOrId) {
        requireName(nameOrId);
        ProcessResult r = execute(List.of("inspect", "--type", "container", "--format", CONTAINER_FORMAT, nameOrId),
                timeout, redactor(), Map.of(), true);
        if (!r.ok()) {
            if (isNoSuchContainer(r)) {
                return Optional.empty();
            }
            throw failure("inspect", "container " + nameOrId, r, null);
        }
        List<JsonNode> found = parse(r.stdout(), "inspect", "container " + nameOrId);
        return found.isEmpty() ? Optional.empty() : Optional.of(ContainerState.fromJson(found.get(0)));
    }

    /** Whether a container with this name (or id) exists, running or not. */
    public boolean containerExists(String name) {
        return inspect(name).isPresent();
    }

    /** All containers, running or not, with this label ({@code value} {@code null}: with any value). */
    public List<ContainerState> listByLabel(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("label key missing");
        }
        String filter = "label=" + key + (value == null ? "" : "=" + value);
        ProcessResult ids = execute(List.of("ps", "-a", "-q", "--no-trunc", "--filter", filter), timeout, redactor(),
                Map.of(), true);
        if (!ids.ok()) {
            throw failure("list", "containers with " + filter, ids, null);
        }
        List<String> args = new ArrayList<>(List.of("inspect", "--type", "container", "--format", CONTAINER_FORMAT));
        int options = args.size();
        ids.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(args::add);
        if (args.size() == options) {
            return List.of();
        }
        ProcessResult r = execute(args, timeout, redactor(), Map.of(), true);
        // a container removed between the two calls makes inspect exit 1 but still print the others
        if (!r.ok() && !isNoSuchContainer(r)) {
            throw failure("inspect", "containers with " + filter, r, null);
        }
        List<ContainerState> out = new ArrayList<>();
        parse(r.stdout(), "inspect", "containers with " + filter).forEach(c -> out.add(ContainerState.fromJson(c)));
        return out;
    }

    /**
     * The container's stdout and stderr interleaved in the order Docker recorded them (read with timestamps and
     * merged), redacted.
     *
     * @param tailLines how many of the last lines; negative = all
     */
    public String logs(String nameOrId, int tailLines) {
        return logs(nameOrId, null, tailLines);
    }

    /**
     * As {@link #logs(String, int)}, only lines Docker recorded at or after {@code since} ({@code null} = all). A
     * container's first lines can carry a time a little before its {@code StartedAt}: give some slack.
     */
    public String logs(String nameOrId, Instant since, int tailLines) {
        requireName(nameOrId);
        List<String> args = new ArrayList<>(List.of("logs", "--timestamps", "--tail",
                tailLines < 0 ? "all" : Integer.toString(tailLines)));
        if (since != null) {
            args.add("--since");
            args.add(since.toString());
        }
        args.add(nameOrId);
        // read with the patterns only, so no secret value is masked inside a timestamp; masked once merged
        ProcessResult r = execute(args, timeout, Redactor.patternsOnly());
        if (!r.ok()) {
            throw failure("read the logs of", "container " + nameOrId, r, null);
        }
        return redactor().redact(LogLines.merge(r.stdout(), r.stderr()));
    }

    // ---------------------------------------------------------------------------------------------------------
    // images

    /**
     * {@code docker pull}, with credentials when given: they are written to a temporary {@code DOCKER_CONFIG} folder
     * (0700, {@code config.json} 0600) that only this call uses and that is deleted afterwards, also on failure,
     * timeout or interrupt. The user's own Docker configuration is not used for that call, so a Docker context chosen
     * there does not apply: set the engine with {@link #withEndpoint} (or {@code DOCKER_HOST}) when it is not the
     * local one.
     */
    public void pull(String image, RegistryAuth authOrNull) {
        requireImage(image);
        long start = System.nanoTime();
        progress.info("Pulling image " + image);
        List<String> args = List.of("pull", "--quiet", image);
        ProcessResult r;
        Redactor redactor = redactor();
        if (authOrNull == null) {
            r = execute(args, pullTimeout, redactor);
        } else {
            String registry = authOrNull.registry() != null ? authOrNull.registry() : RegistryAuth.registryOf(image);
            try (TempDockerConfig config = TempDockerConfig.write(registry, authOrNull)) {
                redactor = redactor(List.of(authOrNull.password(), config.encoded(),
                        authOrNull.username() + ":" + authOrNull.password()));
                r = execute(args, pullTimeout, redactor, Map.of("DOCKER_CONFIG", config.dir().toString()));
            }
        }
        if (!r.ok()) {
            throw failure("pull", "image " + image, r, image, redactor);
        }
        progress.info("Pulled image " + image + " in " + seconds(since(start)));
    }

    /** {@code docker image inspect}; empty when the engine does not have that image. */
    public Optional<ImageInfo> imageInspect(String image) {
        requireImage(image);
        ProcessResult r = execute(List.of("image", "inspect", "--format", IMAGE_FORMAT, image), timeout, redactor(),
                Map.of(), true);
        if (!r.ok()) {
            if (message(r).toLowerCase(Locale.ROOT).contains("no such image")) {
                return Optional.empty();
            }
            throw failure("inspect", "image " + image, r, null);
        }
        List<JsonNode> found = parse(r.stdout(), "inspect", "image " + image);
        return found.isEmpty() ? Optional.empty() : Optional.of(ImageInfo.fromJson(found.get(0)));
    }

    /** Any docker command for this package's small classes ({@link ContainerEndpoints}, {@link ImageDigests}). */
    ProcessResult call(List<String> args, boolean pull) {
        return execute(args, pull ? pullTimeout : timeout, redactor(), Map.of(), true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // internals

    /** docker run -d; removes what it created when it fails. */
    private String start(ContainerSpec spec, boolean withRestartPolicy) {
        Redactor redactor = learn(spec);
        Path cidDir = tempDir();
        Path cidFile = cidDir.resolve("cid");
        try (EnvFile envFile = spec.env().isEmpty() ? null : EnvFile.write(spec.env())) {
            List<String> args = runArgs(spec, withRestartPolicy, envFile == null ? null : envFile.path(), cidFile);
            ProcessResult r;
            try {
                r = execute(args, timeout, redactor, Map.of(), true);
            } catch (OdooReleaseException e) {
                removeCreated(cidFile, spec);
                if (e.errorCode() == ErrorCode.PROCESS_FAILED) {
                    throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to run container "
                            + spec.describe() + ": docker did not finish within " + seconds(timeout)
                            + " and was killed; what it had created was removed. Check the engine's load (docker"
                            + " info) or raise the timeout.", e);
                }
                throw e;
            }
            if (!r.ok()) {
                removeCreated(cidFile, spec);
                throw failure("run", "container " + spec.describe(), r, spec.image(), redactor);
            }
            List<String> out = r.stdout().strip().lines().toList();
            String id = out.isEmpty() ? "" : out.get(out.size() - 1).strip();
            if (!id.matches("[0-9a-f]{12,64}")) {
                id = readCid(cidFile).orElseThrow(() -> new OdooReleaseException(ErrorCode.PROCESS_FAILED,
                        "Unable to run container " + spec.describe() + ": docker printed no container id ("
                                + r.stdout().strip() + "). Check the docker program's version."));
            }
            return id;
        } finally {
            deleteQuietly(cidFile);
            deleteQuietly(cidDir);
        }
    }

    /** The argv after "docker": {@code run -d --pull never …} */
    static List<String> runArgs(ContainerSpec spec, boolean withRestartPolicy, Path envFile, Path cidFile) {
        List<String> a = new ArrayList<>(List.of("run", "-d", "--pull", "never"));
        if (spec.name() != null) {
            a.addAll(List.of("--name", spec.name()));
        }
        if (cidFile != null) {
            a.addAll(List.of("--cidfile", cidFile.toString()));
        }
        if (envFile != null) {
            a.addAll(List.of("--env-file", envFile.toString()));
        }
        spec.ports().forEach(p -> a.addAll(List.of("-p", p)));
        spec.volumes().forEach(v -> a.addAll(List.of("-v", v)));
        if (spec.network() != null) {
            a.addAll(List.of("--network", spec.network()));
        }
        spec.labels().forEach((k, v) -> a.addAll(List.of("--label", k + "=" + v)));
        if (withRestartPolicy && spec.restartPolicy() != null) {
            a.addAll(List.of("--restart", spec.restartPolicy()));
        }
        if (spec.user() != null) {
            a.addAll(List.of("--user", spec.user()));
        }
        if (spec.init()) {
            a.add("--init");
        }
        if (spec.stopTimeout() != null) {
            a.addAll(List.of("--stop-timeout", Long.toString((spec.stopTimeout().toMillis() + 999) / 1000)));
        }
        a.addAll(spec.extraArgs());
        a.add(spec.image());
        a.addAll(spec.command());
        return a;
    }

    /** Removes the container a failed or killed {@code docker run} had created (known from its cidfile). */
    private void removeCreated(Path cidFile, ContainerSpec spec) {
        withoutInterrupt(() -> {
            Optional<String> cid = readCid(cidFile);
            if (cid.isEmpty()) {
                return;
            }
            ProcessResult rm = tryExecute(List.of("rm", "-f", "-v", cid.get()), timeout, redactor());
            if (rm == null || (!rm.ok() && !isNoSuchContainer(rm))) {
                progress.warn("Unable to remove the container " + spec.describe() + " that a failed docker run left"
                        + " behind" + (rm == null ? "" : ": " + message(rm)) + ". Remove it with docker rm -f "
                        + cid.get() + ".");
            }
        });
    }

    private static Optional<String> readCid(Path cidFile) {
        try {
            String id = Files.exists(cidFile) ? Files.readString(cidFile).strip() : "";
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Remembers the spec's secret env values and returns a redactor for its call. */
    private Redactor learn(ContainerSpec spec) {
        Set<String> publicWords = publicWords(spec);
        spec.env().forEach((k, v) -> {
            if (isSecret(k, v, publicWords)) {
                secrets.add(v);
            }
        });
        return redactor();
    }

    /**
     * Whether an environment value is masked: yes, unless it equals a word of the spec's public settings, or it is
     * a number, an IPv4 address or a boolean under a name that does not say secret ({@code PORT=5432},
     * {@code HOST=10.0.0.5}, {@code WORKERS=4}): masking those would hide diagnostics (and every such number in a log)
     * without protecting anything.
     */
    static boolean isSecret(String key, String value, Set<String> publicWords) {
        if (value.length() < 3 || publicWords.contains(value)) {
            return false;
        }
        if (SECRET_NAME.matcher(key).find()) {
            return true;
        }
        return !PLAIN_VALUE.matcher(value).matches();
    }

    /** Words of the spec's public settings: masking values equal to one would only garble messages. */
    static Set<String> publicWords(ContainerSpec spec) {
        List<String> texts = new ArrayList<>();
        if (spec.name() != null) {
            texts.add(spec.name());
        }
        texts.add(spec.image());
        texts.addAll(spec.command());
        texts.addAll(spec.ports());
        texts.addAll(spec.volumes());
        if (spec.network() != null) {
            texts.add(spec.network());
        }
        spec.labels().forEach((k, v) -> {
            texts.add(k);
            texts.add(v);
        });
        if (spec.user() != null) {
            texts.add(spec.user());
        }
        Set<String> words = new LinkedHashSet<>();
        for (String t : texts) {
            words.add(t);
            for (String w : t.split("[^A-Za-z0-9_]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
            for (String w : t.split("[\\s:/=@,]+")) {
                if (!w.isEmpty()) {
                    words.add(w);
                }
            }
        }
        return words;
    }

    private Redactor redactor() {
        return Redactor.of(List.copyOf(secrets));
    }

    private Redactor redactor(Collection<String> extra) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(extra);
        return Redactor.of(all);
    }

    private ProcessResult execute(List<String> args, Duration callTimeout, Redactor redactor) {
        return execute(args, callTimeout, redactor, Map.of(), false);
    }

    private ProcessResult execute(List<String> args, Duration callTimeout, Redactor redactor, Map<String, String> env) {
        return execute(args, callTimeout, redactor, env, false);
    }

    /**
     * Runs docker with these arguments. Returns whatever the exit code; throws only when docker could not be
     * started ({@link ErrorCode#PREREQUISITE}), was killed at the timeout ({@link ErrorCode#PROCESS_FAILED}) or the
     * thread was interrupted ({@link ErrorCode#INTERRUPTED}).
     */
    private ProcessResult execute(List<String> args, Duration callTimeout, Redactor redactor, Map<String, String> env,
            boolean rawStdout) {
        List<String> argv = new ArrayList<>();
        argv.add(executable);
        if (endpoint != null) {
            argv.addAll(endpoint.globalOptions());
        }
        argv.addAll(args);
        Map<String, String> allEnv = new LinkedHashMap<>();
        if (endpoint != null) {
            allEnv.putAll(endpoint.env());
        }
        allEnv.put("DOCKER_CLI_HINTS", "false");
        allEnv.putAll(env);
        try {
            return executor.execute(new Call(List.copyOf(argv), Map.copyOf(allEnv), callTimeout, redactor, rawStdout));
        } catch (OdooReleaseException e) {
            String what = "docker " + args.get(0);
            switch (e.errorCode()) {
                case PREREQUISITE -> throw new OdooReleaseException(ErrorCode.PREREQUISITE, "Unable to run the Docker"
                        + " CLI (" + executable + "): " + redactor.redact(String.valueOf(
                                e.getCause() != null ? e.getCause().getMessage() : e.getMessage()))
                        + ". Install the Docker command-line client on this machine (Debian/Ubuntu: apt-get install"
                        + " docker.io, or Docker's docker-ce-cli package) or give its path to DockerCli.local(path).", e);
                case PROCESS_FAILED -> throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to finish "
                        + what + " within " + seconds(callTimeout) + ": it was killed. Check that the Docker engine"
                        + " answers (docker info) or raise the timeout.", e);
                default -> throw e;
            }
        }
    }

    /** As {@link #execute} for clean-up: never throws, returns null when docker could not run at all. */
    private ProcessResult tryExecute(List<String> args, Duration callTimeout, Redactor redactor) {
        try {
            return execute(args, callTimeout, redactor);
        } catch (OdooReleaseException e) {
            return null;
        }
    }

    /** The exception for a docker call that exited non-zero, by what Docker's message says. */
    OdooReleaseException failure(String verb, String object, ProcessResult r, String image) {
        return failure(verb, object, r, image, redactor());
    }

    /** As above; {@code redactor} masks what this call knew on top (ProcessRunner has masked its output already). */
    OdooReleaseException failure(String verb, String object, ProcessResult r, String image, Redactor redactor) {
        String err = redactor.redact(message(r));
        String lower = err.toLowerCase(Locale.ROOT);
        String unable = "Unable to " + verb + " " + object + ": ";
        String engine = endpoint != null ? "the Docker engine at " + endpoint.host() : "the Docker engine";
        if (lower.contains("cannot connect to the docker daemon") || lower.contains("error during connect")
                || lower.contains("is the docker daemon running")) {
            return new OdooReleaseException(ErrorCode.PREREQUISITE, unable + engine + " does not answer (" + err
                    + "). Start dockerd (or the docker service) on that machine, or set DOCKER_HOST (the endpoint) to"
                    + " a running engine.");
        }
        if (lower.contains("permission denied") && lower.contains("docker daemon socket")) {
            return new OdooReleaseException(ErrorCode.PREREQUISITE, unable + "this user may not use " + engine + " ("
                    + err + "). Add the user to the docker group or point DOCKER_HOST at an engine it may use.");
        }
        if (lower.contains("unable to resolve docker endpoint") || lower.contains("failed to initialize")) {
            return new OdooReleaseException(ErrorCode.PREREQUISITE, unable + "the docker program cannot set up the"
                    + " connection to " + engine + " (" + err + "). Check DOCKER_HOST and the TLS certificate folder"
                    + " (DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem).");
        }
        if (image != null && (lower.contains("no such image") || lower.contains("manifest unknown")
                || (lower.contains("manifest for") && lower.contains("not found")) || lower.contains("not found: manifest"))) {
            String todo = verb.equals("pull") ? "Check the image name and tag." : "Pull it first (docker pull, or"
                    + " DockerCli.pull) or check the tag: images are never pulled implicitly here (--pull never).";
            return new OdooReleaseException(ErrorCode.NOT_FOUND, unable + "image " + image + " is not "
                    + (verb.equals("pull") ? "in the registry" : "present on " + engine) + " (" + err + "). " + todo);
        }
        if (image != null && verb.equals("pull") && (lower.contains("unauthorized") || lower.contains("access denied")
                || lower.contains("denied:") || lower.contains("authentication required"))) {
            return new OdooReleaseException(ErrorCode.PROCESS_FAILED, unable + "the registry refused access (" + err
                    + "). Check the registry credentials and that they may read " + image + ".");
        }
        if (lower.contains("no such container") || lower.contains("no such object")) {
            return new OdooReleaseException(ErrorCode.NOT_FOUND, unable + "there is no such container (" + err
                    + "). Check the name with docker ps -a.");
        }
        if (lower.contains("conflict") && lower.contains("already in use")) {
            return new OdooReleaseException(ErrorCode.PRECONDITION, unable + "the name is already used by another"
                    + " container (" + err + "). Remove or rename that container first.");
        }
        String todo = switch (verb) {
            case "run" -> "Check the settings of the container (ports, volumes, network, user) and the engine's"
                    + " messages above.";
            case "pull" -> "Check that the engine reaches the registry and the image name.";
            case "remove" -> "Stop it first or remove it with force.";
            default -> "Check the container with docker ps -a and docker logs.";
        };
        return new OdooReleaseException(ErrorCode.PROCESS_FAILED, unable + (err.isEmpty() ? "docker exited with "
                + r.exitCode() : err) + (err.endsWith(".") ? " " : ". ") + todo);
    }

    /** Docker's message, on one line: stderr (or stdout), without the CLI's "docker: " prefix and help hint. */
    static String message(ProcessResult r) {
        String text = r.stderr().isBlank() ? r.stdout() : r.stderr();
        List<String> lines = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("Run '") && l.endsWith("for more information")) {
                continue;
            }
            lines.add(l.startsWith("docker: ") ? l.substring(8) : l);
        }
        String joined = String.join(" ", lines);
        return joined.length() > 2000 ? joined.substring(0, 2000) + "…" : joined;
    }

    private static boolean isNoSuchContainer(ProcessResult r) {
        String m = message(r).toLowerCase(Locale.ROOT);
        return m.contains("no such container") || m.contains("no such object");
    }

    /** One JSON object per line (our {@code --format}), or Docker's own JSON array. */
    private static List<JsonNode> parse(String output, String verb, String object) {
        List<JsonNode> found = new ArrayList<>();
        String text = output.strip();
        List<String> documents = text.startsWith("[") ? List.of(text) : List.of(text.split("\n"));
        for (String line : documents) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                if (n != null && n.isArray()) {
                    n.forEach(found::add);
                } else if (n != null && n.isObject()) {
                    found.add(n);
                } else {
                    throw new IOException("not an object");
                }
            } catch (IOException e) {
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to " + verb + " " + object
                        + ": docker printed no JSON. Check the docker program's version (docker version).", e);
            }
        }
        return found;
    }

    private static int parseExitCode(String stdout, String name) {
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("").strip();
        try {
            return Integer.parseInt(last);
        } catch (NumberFormatException e) {
            throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to wait for container " + name
                    + ": docker wait printed no exit code (" + last + "). Check the docker program's version.");
        }
    }

    private String label(ContainerSpec spec, String id) {
        String shortId = id.length() > 12 ? id.substring(0, 12) : id;
        return spec.name() == null ? shortId : spec.name() + " (" + shortId + ")";
    }

    /** The last {@code n} lines of a text. */
    static String lastLines(String text, int n) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        int end = lines.length;
        if (end > 0 && lines[end - 1].isEmpty()) {
            end--;
        }
        int from = Math.max(0, end - n);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, end));
    }

    /** Runs clean-up with the interrupt flag cleared (else ProcessRunner gives up at once), then restores it. */
    private static void withoutInterrupt(Runnable r) {
        boolean interrupted = Thread.interrupted();
        try {
            r.run();
        } catch (RuntimeException ignored) {
            // clean-up must not hide the original outcome
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private interface Text {
        String get();
    }

    private static String quietly(Text t) {
        boolean interrupted = Thread.interrupted();
        try {
            return t.get();
        } catch (RuntimeException e) {
            return null;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("odoo-release-run-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to create a temporary folder for docker run: "
                    + e.getMessage() + ". Check the temporary folder (java.io.tmpdir) is writable.", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // temporary, empty or holding only a container id
        }
    }

    private static void requireName(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank() || nameOrId.startsWith("-")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to address a container by '" + nameOrId
                    + "'. Give its name or id.");
        }
    }

    private static void requireImage(String image) {
        if (image == null || image.isBlank() || image.startsWith("-")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use the image reference '" + image
                    + "'. Give e.g. odoo:17.0.");
        }
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
