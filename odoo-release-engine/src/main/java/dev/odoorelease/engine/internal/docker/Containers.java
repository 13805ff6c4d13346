package dev.odoorelease.engine.internal.docker;

import static dev.odoorelease.engine.internal.docker.DockerRunner.positive;
import static dev.odoorelease.engine.internal.docker.DockerRunner.requireName;
import static dev.odoorelease.engine.internal.docker.DockerRunner.seconds;
import static dev.odoorelease.engine.internal.docker.DockerRunner.since;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.internal.process.ProcessResult;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The containers of one Docker engine ({@link DockerCli#containers()}): run one (in the background, or a one-off to its
 * end), stop, start, remove, rename, inspect, list by label, read logs.
 */
public final class Containers {
    /** How many of its last log lines a {@link RunResult} keeps. */
    public static final int RUN_LOG_LINES = 2000;

    /** {@code docker inspect} template: only what {@link ContainerState} reads — never {@code Config.Env}. */
    static final String CONTAINER_FORMAT = "{\"Id\":{{json .Id}},\"Name\":{{json .Name}},\"Image\":{{json .Image}},"
            + "\"RestartCount\":{{json .RestartCount}},\"State\":{{json .State}},"
            + "\"Config\":{\"Image\":{{json .Config.Image}},\"Labels\":{{json .Config.Labels}}}}";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DockerRunner docker;
    private final ContainerLauncher launcher;

    Containers(DockerRunner docker) {
        this.docker = docker;
        this.launcher = new ContainerLauncher(docker);
    }

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
        docker.progress.info("Starting container " + spec.describe());
        String id = launcher.start(spec, true);
        docker.progress.info("Container " + label(spec, id) + " started in " + seconds(since(start)));
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
        return runToCompletion(spec, timeout, false);
    }

    /**
     * Runs a one-off container to its end as {@link #runToCompletion} does, and returns in {@link RunResult#logs()} its
     * standard output exactly as written: not redacted, not cut to the last lines, without its stderr. For a container
     * that prints data the caller parses (an image's configuration file), never for display: redaction would mask a
     * value that merely equals a secret inside the data itself (a database password {@code odoo} turned
     * {@code data_dir = /var/lib/odoo} into {@code /var/lib/****}).
     */
    public RunResult runForOutput(ContainerSpec spec, Duration timeout) {
        return runToCompletion(spec, timeout, true);
    }

    private RunResult runToCompletion(ContainerSpec spec, Duration timeout, boolean rawOutput) {
        Objects.requireNonNull(spec, "spec");
        positive(timeout, "timeout");
        ContainerSpec named = spec.name() != null ? spec : spec.withName("odoo-release-run-" + randomHex(6));
        long start = System.nanoTime();
        docker.progress.info("Running container " + named.describe() + " to completion (up to " + seconds(timeout) + ")");
        String id = launcher.start(named, false);
        String name = named.name();
        boolean finished = false;
        try {
            ProcessResult waited;
            try {
                waited = docker.execute(List.of("wait", id), timeout, docker.redactor(), Map.of(), true);
            } catch (OdooReleaseException e) {
                if (e.errorCode() != ErrorCode.PROCESS_FAILED) {
                    throw new OdooReleaseException(e.errorCode(), "Interrupted while container " + name
                            + " ran: it was killed and removed.", e);
                }
                String tail = quietlyLogs(id, 30);
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to finish container "
                        + named.describe() + " within " + seconds(timeout) + ": it was killed and removed."
                        + (tail == null || tail.isBlank() ? "" : " Its last log lines:\n" + tail.strip() + "\n")
                        + " Raise the timeout or check in the logs why it hangs.", e);
            }
            if (!waited.ok()) {
                throw docker.failure("wait for", "container " + name, waited, null);
            }
            int exit = DockerOutput.parseExitCode(waited.stdout(), name);
            String logs = rawOutput ? rawStdout(id) : logs(id, RUN_LOG_LINES);
            finished = true;
            Duration took = since(start);
            docker.progress.info("Container " + name + " exited with " + exit + " after " + seconds(took));
            return new RunResult(name, exit, logs, took);
        } finally {
            DockerRunner.withoutInterrupt(() -> {
                ProcessResult rm = docker.tryExecute(List.of("rm", "-f", "-v", id), docker.timeout, docker.redactor());
                if (rm != null && !rm.ok() && !DockerFailures.isNoSuchContainer(rm)) {
                    docker.progress.warn("Unable to remove container " + name + " after its run: "
                            + DockerFailures.message(rm) + ". Remove it with docker rm -f -v " + name + ".");
                }
            });
            if (!finished && Thread.currentThread().isInterrupted()) {
                docker.progress.warn("Container " + name + " was killed and removed because the operation was interrupted");
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
        docker.progress.info("Stopping container " + nameOrId + " (grace period " + secs + " s)");
        ProcessResult r = docker.execute(List.of("stop", "-t", Long.toString(secs), nameOrId),
                docker.timeout.plus(Duration.ofSeconds(secs)), docker.redactor());
        if (!r.ok()) {
            throw docker.failure("stop", "container " + nameOrId, r, null);
        }
        docker.progress.info("Container " + nameOrId + " stopped in " + seconds(since(start)));
    }

    /**
     * {@code docker start}: starts a stopped container again (its process may exit right after; use
     * {@link #inspect} or a health check to know).
     */
    public void start(String nameOrId) {
        requireName(nameOrId);
        docker.progress.info("Starting container " + nameOrId);
        ProcessResult r = docker.execute(List.of("start", nameOrId), docker.timeout, docker.redactor());
        if (!r.ok()) {
            throw docker.failure("start", "container " + nameOrId, r, null);
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
        ProcessResult r = docker.execute(args, docker.timeout, docker.redactor());
        if (DockerFailures.isNoSuchContainer(r)) {
            return false; // docker rm -f says so on stderr but exits 0
        }
        if (r.ok()) {
            docker.progress.info("Removed container " + nameOrId);
            return true;
        }
        throw docker.failure("remove", "container " + nameOrId, r, null);
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
        ProcessResult r = docker.execute(List.of("rename", from, to), docker.timeout, docker.redactor());
        if (!r.ok()) {
            throw docker.failure("rename", "container " + from + " to " + to, r, null);
        }
        docker.progress.info("Renamed container " + from + " to " + to);
    }

    /** {@code docker inspect --type container}; empty when there is no such container. */
    public Optional<ContainerState> inspect(String nameOrId) {
        requireName(nameOrId);
        ProcessResult r = docker.executeRaw(List.of("inspect", "--type", "container", "--format", CONTAINER_FORMAT, nameOrId));
        if (!r.ok()) {
            if (DockerFailures.isNoSuchContainer(r)) {
                return Optional.empty();
            }
            throw docker.failure("inspect", "container " + nameOrId, r, null);
        }
        List<JsonNode> found = DockerOutput.parse(r.stdout(), "inspect", "container " + nameOrId);
        return found.isEmpty() ? Optional.empty() : Optional.of(ContainerState.fromJson(found.get(0)));
    }

    /** Whether a container with this name (or id) exists, running or not. */
    public boolean exists(String name) {
        return inspect(name).isPresent();
    }

    /** All containers, running or not, with this label ({@code value} {@code null}: with any value). */
    public List<ContainerState> listByLabel(String key, String value) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("label key missing");
        }
        String filter = "label=" + key + (value == null ? "" : "=" + value);
        ProcessResult ids = docker.executeRaw(List.of("ps", "-a", "-q", "--no-trunc", "--filter", filter));
        if (!ids.ok()) {
            throw docker.failure("list", "containers with " + filter, ids, null);
        }
        List<String> args = new ArrayList<>(List.of("inspect", "--type", "container", "--format", CONTAINER_FORMAT));
        int options = args.size();
        ids.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).forEach(args::add);
        if (args.size() == options) {
            return List.of();
        }
        ProcessResult r = docker.executeRaw(args);
        // a container removed between the two calls makes inspect exit 1 but still print the others
        if (!r.ok() && !DockerFailures.isNoSuchContainer(r)) {
            throw docker.failure("inspect", "containers with " + filter, r, null);
        }
        List<ContainerState> out = new ArrayList<>();
        DockerOutput.parse(r.stdout(), "inspect", "containers with " + filter)
                .forEach(c -> out.add(ContainerState.fromJson(c)));
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
        ProcessResult r = docker.execute(args, docker.timeout, Redactor.patternsOnly());
        if (!r.ok()) {
            throw docker.failure("read the logs of", "container " + nameOrId, r, null);
        }
        return docker.redactor().redact(LogLines.merge(r.stdout(), r.stderr()));
    }

    /** A container's whole standard output, as written (data for the caller, never displayed). */
    private String rawStdout(String id) {
        ProcessResult r = docker.execute(List.of("logs", id), docker.timeout, docker.redactor(), Map.of(), true);
        if (!r.ok()) {
            throw docker.failure("read the output of", "container " + id, r, null);
        }
        return r.stdout();
    }

    /** The last log lines for a message, or null when they cannot be read (with the interrupt flag kept). */
    private String quietlyLogs(String id, int lines) {
        boolean interrupted = Thread.interrupted();
        try {
            return logs(id, lines);
        } catch (RuntimeException e) {
            return null;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String label(ContainerSpec spec, String id) {
        String shortId = id.length() > 12 ? id.substring(0, 12) : id;
        return spec.name() == null ? shortId : spec.name() + " (" + shortId + ")";
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
