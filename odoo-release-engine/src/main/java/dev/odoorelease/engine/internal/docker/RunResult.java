package dev.odoorelease.engine.internal.docker;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;

/**
 * How a one-off container of {@link Containers#runToCompletion} ended. The container is gone by the time this exists.
 *
 * @param containerName the name it ran under
 * @param exitCode      its main process's exit code (Odoo: 0, or 255 when the registry failed to load)
 * @param logs          its stdout and stderr interleaved in the order Docker recorded them (the last
 *                      {@link Containers#RUN_LOG_LINES} lines), redacted
 * @param duration      from {@code docker run} to the end of the container
 */
public record RunResult(String containerName, int exitCode, String logs, Duration duration) implements Serializable {
    private static final long serialVersionUID = 1L;

    public boolean ok() {
        return exitCode == 0;
    }

    /** The last {@code n} lines of the logs. */
    public String tail(int n) {
        return DockerOutput.lastLines(logs, n);
    }

    @Override
    public String toString() {
        return "RunResult[" + containerName + " exited with " + exitCode + " after " + duration.toMillis() + " ms, "
                + Arrays.stream(logs.split("\n")).filter(l -> !l.isEmpty()).count() + " log lines]";
    }
}
