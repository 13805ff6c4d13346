package dev.odoorelease.engine.internal.process;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one external program (pg_dump, pg_restore, docker, ...) to completion: with a timeout, its
 * environment (never secrets on the command line), stdin closed, output captured and redacted, and
 * the whole process tree killed when the timeout passes or the calling thread is interrupted (an
 * aborted Jenkins build). Build one per call: {@code ProcessRunner.of("pg_dump", ...).env(...).run()}.
 */
public final class ProcessRunner {
    private static final int MAX_CAPTURE = 1 << 20;

    private final List<String> command;
    private final Map<String, String> env = new TreeMap<>();
    private File directory;
    private Duration timeout = Duration.ofHours(6);
    private Redactor redactor = Redactor.patternsOnly();
    private Consumer<String> stderrLines;
    private Consumer<String> stdoutLines;
    private OutputStream stdoutSink;

    private ProcessRunner(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.command = List.copyOf(command);
    }

    public static ProcessRunner of(String... command) {
        return new ProcessRunner(List.of(command));
    }

    public static ProcessRunner of(List<String> command) {
        return new ProcessRunner(command);
    }

    public ProcessRunner env(String key, String value) {
        env.put(key, value);
        return this;
    }

    public ProcessRunner env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    public ProcessRunner directory(File dir) {
        this.directory = dir;
        return this;
    }

    public ProcessRunner timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** Secrets that must never appear in captured output, exceptions or logs. */
    public ProcessRunner redactor(Redactor r) {
        this.redactor = r;
        return this;
    }

    /** Receives each stderr line as it comes (already redacted), e.g. for progress. */
    public ProcessRunner onStderrLine(Consumer<String> c) {
        this.stderrLines = c;
        return this;
    }

    /** Receives each stdout line as it comes (already redacted). */
    public ProcessRunner onStdoutLine(Consumer<String> c) {
        this.stdoutLines = c;
        return this;
    }

    /** Streams stdout raw to a sink instead of capturing it (for piping large output). */
    public ProcessRunner stdoutTo(OutputStream sink) {
        this.stdoutSink = sink;
        return this;
    }

    public List<String> command() {
        return command;
    }

    /** Runs and returns how it ended, whatever the exit code. */
    public ProcessResult run() {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        if (directory != null) {
            pb.directory(directory);
        }
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.PREREQUISITE, "Unable to run " + command.get(0) + ": "
                    + e.getMessage() + ". Install it or put it on the PATH of this machine (agent).", e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to write
        }
        Capture out = new Capture(p.getInputStream(), stdoutLines, stdoutSink);
        Capture err = new Capture(p.getErrorStream(), stderrLines, null);
        out.start();
        err.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to finish " + describe() + " within "
                        + timeout.toSeconds() + " s: it was killed. Last output: " + redactor.redact(err.text()).strip()
                        + ". Raise the timeout or check why it hangs.");
            }
            out.join(10_000);
            err.join(10_000);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted while running " + describe()
                    + ": the process was killed.", e);
        }
        return new ProcessResult(p.exitValue(), redactor.redact(out.text()), redactor.redact(err.text()));
    }

    /** Runs and throws {@link ErrorCode#PROCESS_FAILED} with the program's stderr on a non-zero exit. */
    public ProcessResult check(String whatFor) {
        ProcessResult r = run();
        if (!r.ok()) {
            throw ProgramFailures.of("Unable to " + whatFor + " (" + describe() + " exited with " + r.exitCode() + "): "
                    + r.tail(15), r.stderr());
        }
        return r;
    }

    /** The program name and its first arguments, redacted, for messages. */
    public String describe() {
        List<String> shown = new ArrayList<>();
        shown.add(new File(command.get(0)).getName());
        for (int i = 1; i < command.size() && i < 6; i++) {
            shown.add(command.get(i));
        }
        return redactor.redact(String.join(" ", shown)) + (command.size() > 6 ? " …" : "");
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private final class Capture extends Thread {
        private final InputStream in;
        private final Consumer<String> lines;
        private final OutputStream sink;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final StringBuilder line = new StringBuilder();

        Capture(InputStream in, Consumer<String> lines, OutputStream sink) {
            super("process-capture");
            setDaemon(true);
            this.in = in;
            this.lines = lines;
            this.sink = sink;
        }

        @Override
        public void run() {
            byte[] b = new byte[65536];
            try (in) {
                int n;
                while ((n = in.read(b)) > 0) {
                    if (sink != null) {
                        sink.write(b, 0, n);
                        continue;
                    }
                    synchronized (buf) {
                        if (buf.size() < MAX_CAPTURE) {
                            buf.write(b, 0, Math.min(n, MAX_CAPTURE - buf.size()));
                        }
                    }
                    if (lines != null) {
                        feed(new String(b, 0, n, StandardCharsets.UTF_8));
                    }
                }
                if (lines != null && line.length() > 0) {
                    lines.accept(redactor.redact(line.toString()));
                }
            } catch (IOException ignored) {
                // the process went away
            }
        }

        private void feed(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\n') {
                    lines.accept(redactor.redact(line.toString()));
                    line.setLength(0);
                } else if (c != '\r') {
                    line.append(c);
                }
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
