package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.time.Instant;

/**
 * The state of the checked container when a check failed, for the report and the message: what Docker says about it
 * and its last log lines (redacted by the {@code DockerCli} that read them).
 *
 * @param name         container name
 * @param found        whether the container existed at all
 * @param status       Docker's status ({@code running}, {@code exited}, {@code restarting}, …), empty if not found
 * @param exitCode     exit code of its last run
 * @param oomKilled    whether the kernel killed it for lack of memory
 * @param restartCount restarts by its restart policy
 * @param error        Docker's error for its last start, or empty
 * @param startedAt    start of its current or last run, or {@code null}
 * @param finishedAt   end of its last run, or {@code null}
 * @param logTail      its last {@link OdooHealthCheck#LOG_TAIL_LINES} log lines (stdout and stderr interleaved), or
 *                     empty
 */
public record ContainerDiagnostics(
        String name,
        boolean found,
        String status,
        int exitCode,
        boolean oomKilled,
        int restartCount,
        String error,
        Instant startedAt,
        Instant finishedAt,
        String logTail)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@code "container odoo-new: exited with code 1 (OOMKilled false, 0 restarts)"}. */
    public String summary() {
        if (!found) {
            return "container " + name + ": no such container";
        }
        String s = "container " + name + ": " + status + ("exited".equals(status) || "dead".equals(status)
                ? " with code " + exitCode : "") + " (OOMKilled " + oomKilled + ", " + restartCount
                + (restartCount == 1 ? " restart" : " restarts");
        return s + (error == null || error.isEmpty() ? "" : ", error: " + error) + ")";
    }
}
