package dev.odoorelease.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a timeout, capturing its output. Test support only. */
public final class Processes {
    private Processes() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public String combined() {
            return (stdout + "\n" + stderr).strip();
        }
    }

    /** Runs a command; a host program not declared in {@code scripts/host-requirements} is refused. */
    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        HostRequirements.require(command);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread to = pump(p.getInputStream(), out);
            Thread te = pump(p.getErrorStream(), err);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Command timed out after " + timeout.toSeconds() + " s: " + command
                        + "\n" + err.toString(StandardCharsets.UTF_8));
            }
            to.join(5000);
            te.join(5000);
            return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    public static Result run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    /** Runs and fails with the command's output when the exit code is not 0. */
    public static Result check(List<String> command, Map<String, String> env, Duration timeout) {
        Result r = run(command, env, timeout);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("Command failed with exit code " + r.exitCode() + ": "
                    + String.join(" ", command) + "\n" + r.combined());
        }
        return r;
    }

    public static Result check(List<String> command, Duration timeout) {
        return check(command, Map.of(), timeout);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // process went away
            }
        }, "process-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
