package dev.odoorelease.engine.internal.docker;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.internal.process.ProcessRunner;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import dev.odoorelease.engine.config.DockerEndpoint;

/**
 * The shared command runner of {@link Containers} and {@link Images}: one {@code docker} invocation with the client's
 * settings (program, engine, timeouts, where progress goes) and the secrets it masks. Builds the argv (the engine's
 * global options first) and the environment, runs it through an {@link Executor}, and turns a docker program that
 * could not start or did not finish into a clear error; a non-zero exit is returned, for the caller to judge
 * ({@link DockerFailures}).
 */
final class DockerRunner {
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

    final String executable;
    final DockerEndpoint endpoint;
    final Duration timeout;
    final Duration pullTimeout;
    final ProgressListener progress;
    private final Set<String> secrets;
    private final Executor executor;

    DockerRunner(String executable, DockerEndpoint endpoint, Duration timeout, Duration pullTimeout,
            ProgressListener progress, Set<String> secrets, Executor executor) {
        this.executable = executable;
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.pullTimeout = pullTimeout;
        this.progress = progress;
        this.secrets = secrets;
        this.executor = executor;
    }

    DockerRunner withEndpoint(DockerEndpoint e) {
        return new DockerRunner(executable, e, timeout, pullTimeout, progress, secrets, executor);
    }

    DockerRunner withTimeout(Duration t) {
        return new DockerRunner(executable, endpoint, t, pullTimeout, progress, secrets, executor);
    }

    DockerRunner withPullTimeout(Duration t) {
        return new DockerRunner(executable, endpoint, timeout, t, progress, secrets, executor);
    }

    DockerRunner withProgress(ProgressListener p) {
        return new DockerRunner(executable, endpoint, timeout, pullTimeout, p, secrets, executor);
    }

    DockerRunner withExecutor(Executor e) {
        return new DockerRunner(executable, endpoint, timeout, pullTimeout, progress, secrets, e);
    }

    /** Masks these values too, in this runner and every copy sharing its secrets. */
    void addSecrets(Collection<String> values) {
        for (String v : values) {
            if (v != null && !v.isEmpty()) {
                secrets.add(v);
            }
        }
    }

    /** Remembers the spec's secret env values ({@link SecretValues}) and returns a redactor for its call. */
    Redactor learn(ContainerSpec spec) {
        Set<String> publicWords = SecretValues.publicWords(spec);
        spec.env().forEach((k, v) -> {
            if (SecretValues.isSecret(k, v, publicWords)) {
                secrets.add(v);
            }
        });
        return redactor();
    }

    Redactor redactor() {
        return Redactor.of(List.copyOf(secrets));
    }

    Redactor redactor(Collection<String> extra) {
        List<String> all = new ArrayList<>(secrets);
        all.addAll(extra);
        return Redactor.of(all);
    }

    ProcessResult execute(List<String> args, Duration callTimeout, Redactor redactor) {
        return execute(args, callTimeout, redactor, Map.of(), false);
    }

    /** Runs with the default timeout and redaction, stdout kept raw for parsing. */
    ProcessResult executeRaw(List<String> args) {
        return execute(args, timeout, redactor(), Map.of(), true);
    }

    /**
     * Runs docker with these arguments. Returns whatever the exit code; throws only when docker could not be
     * started ({@link ErrorCode#PREREQUISITE}), was killed at the timeout ({@link ErrorCode#PROCESS_FAILED}) or the
     * thread was interrupted ({@link ErrorCode#INTERRUPTED}).
     */
    ProcessResult execute(List<String> args, Duration callTimeout, Redactor redactor, Map<String, String> env,
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
    ProcessResult tryExecute(List<String> args, Duration callTimeout, Redactor redactor) {
        try {
            return execute(args, callTimeout, redactor);
        } catch (OdooReleaseException e) {
            return null;
        }
    }

    /** The exception for a docker call that exited non-zero ({@link DockerFailures}). */
    OdooReleaseException failure(String verb, String object, ProcessResult r, String image) {
        return failure(verb, object, r, image, redactor());
    }

    /** As above; {@code redactor} masks what this call knew on top (ProcessRunner has masked its output already). */
    OdooReleaseException failure(String verb, String object, ProcessResult r, String image, Redactor redactor) {
        return DockerFailures.of(endpoint, verb, object, r, image, redactor);
    }

    /** Runs clean-up with the interrupt flag cleared (else ProcessRunner gives up at once), then restores it. */
    static void withoutInterrupt(Runnable r) {
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

    static void requireName(String nameOrId) {
        if (nameOrId == null || nameOrId.isBlank() || nameOrId.startsWith("-")) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to address a container by '" + nameOrId
                    + "'. Give its name or id.");
        }
    }

    static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    static String seconds(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
