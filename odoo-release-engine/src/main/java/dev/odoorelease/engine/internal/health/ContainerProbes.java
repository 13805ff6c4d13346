package dev.odoorelease.engine.internal.health;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import dev.odoorelease.engine.result.ContainerDiagnostics;
import dev.odoorelease.engine.result.ProbeResult;

/**
 * The container probes of {@link OdooHealthCheck}: the container runs and does not restart, and its log shows that
 * Odoo loaded a registry since the container (re)started. One instance per check: it remembers the restart count it
 * first saw (a restart while being checked is a crash) and that the log line was seen for the current start (the log
 * is not read again until the container starts anew).
 */
final class ContainerProbes {
    /** Odoo's lines when a registry is loaded ({@code odoo/modules/loading.py}, {@code odoo/modules/registry.py}). */
    static final List<String> READY_LINES = List.of("Modules loaded.", "Registry loaded in");

    /** Log lines can carry a time a little before the container's StartedAt: read from this much earlier. */
    private static final Duration LOG_SLACK = Duration.ofSeconds(2);

    /** The container probe's result; {@code fatal}: waiting longer cannot help (exited, gone, crashed and restarted). */
    record Outcome(ProbeResult result, ContainerState state, boolean fatal) {}

    private final DockerCli docker;
    private final String name;
    private Integer firstRestartCount;
    private Instant readySeenForStart;

    ContainerProbes(DockerCli docker, String name) {
        this.docker = docker;
        this.name = name;
    }

    String name() {
        return name;
    }

    Outcome state() {
        String probe = "container " + name;
        String expected = "running, not restarting";
        Optional<ContainerState> found;
        try {
            found = docker.containers().inspect(name);
        } catch (OdooReleaseException e) {
            if (e.errorCode() != ErrorCode.PROCESS_FAILED) {
                throw e; // no docker, no engine, interrupted: not a health matter
            }
            return new Outcome(ProbeResult.fail(probe, expected, "no answer from docker (" + e.getMessage() + ")"),
                    null, false);
        }
        if (found.isEmpty()) {
            return new Outcome(ProbeResult.fail(probe, expected, "no such container"), null, true);
        }
        ContainerState s = found.get();
        if (firstRestartCount == null) {
            firstRestartCount = s.restartCount();
        }
        if (s.hasExited()) {
            return new Outcome(ProbeResult.fail(probe, expected, s.describe()), s, true);
        }
        if (s.restartCount() > firstRestartCount) {
            return new Outcome(ProbeResult.fail(probe, expected, s.describe() + ": it crashed and was restarted by"
                    + " its restart policy while being checked"), s, true);
        }
        if (s.isUp()) {
            return new Outcome(ProbeResult.pass(probe, expected, "running since " + s.startedAt()), s, false);
        }
        return new Outcome(ProbeResult.fail(probe, expected, s.describe()), s, false);
    }

    /** Odoo's "registry loaded" line in the log of the container's current run. */
    ProbeResult readyLine(ContainerState s) {
        String probe = "log of container " + name;
        String expected = "'" + READY_LINES.get(0) + "' or '" + READY_LINES.get(1) + "' since its start at "
                + s.startedAt();
        if (s.startedAt() != null && s.startedAt().equals(readySeenForStart)) {
            return ProbeResult.pass(probe, expected, "seen");
        }
        Instant since = s.startedAt() == null ? null : s.startedAt().minus(LOG_SLACK);
        if (since != null && s.finishedAt() != null && s.finishedAt().isBefore(s.startedAt())
                && s.finishedAt().isAfter(since)) {
            since = s.finishedAt().plusNanos(1); // not the previous run's lines
        }
        String logs;
        try {
            logs = docker.containers().logs(name, since, -1);
        } catch (OdooReleaseException e) {
            if (!DockerProbeErrors.isProbeFailure(e)) {
                throw e;
            }
            return ProbeResult.fail(probe, expected, "no logs (" + e.getMessage() + ")");
        }
        Optional<String> line = logs.lines().filter(l -> READY_LINES.stream().anyMatch(l::contains)).findFirst();
        if (line.isPresent()) {
            readySeenForStart = s.startedAt();
            String text = line.get().strip();
            return ProbeResult.pass(probe, expected, text.length() > 160 ? text.substring(0, 160) + "…" : text);
        }
        long count = logs.lines().count();
        return ProbeResult.fail(probe, expected, "no such line in " + count + (count == 1 ? " line" : " lines")
                + " since then");
    }

    /** Where the container stands now and its last lines; never throws (it is called while failing). */
    ContainerDiagnostics diagnostics(int tailLines) {
        boolean interrupted = Thread.interrupted();
        try {
            Optional<ContainerState> found = docker.containers().inspect(name);
            if (found.isEmpty()) {
                return new ContainerDiagnostics(name, false, "", 0, false, 0, "", null, null, "");
            }
            ContainerState s = found.get();
            String tail;
            try {
                tail = docker.containers().logs(name, tailLines);
            } catch (OdooReleaseException e) {
                tail = "(no logs: " + e.getMessage() + ")";
            }
            return new ContainerDiagnostics(name, true, s.status(), s.exitCode(), s.oomKilled(), s.restartCount(),
                    s.error(), s.startedAt(), s.finishedAt(), tail);
        } catch (OdooReleaseException e) {
            return new ContainerDiagnostics(name, false, "unknown (" + e.getMessage() + ")", 0, false, 0, "", null,
                    null, "");
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
