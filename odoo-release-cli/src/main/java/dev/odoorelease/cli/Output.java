package dev.odoorelease.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the operator sees. Results go to stdout: text lines, or with {@code --json} one JSON document
 * {@code {"command", "ok", "exitCode", "result" | "error"}}. Progress goes to stderr as
 * {@code [  12.3 s] message} lines, long steps at most once a second per task. Errors are one line on stderr,
 * {@code odoo-release: Unable to …}. Every configured secret is masked in all of it.
 */
final class Output {
    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule()
                    .addSerializer(Instant.class, new ToStringSerializer<>())
                    .addSerializer(Path.class, new ToStringSerializer<>())
                    .addSerializer(Duration.class, new JsonSerializer<Duration>() {
                        @Override
                        public void serialize(Duration d, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeNumber(d.toMillis());
                        }
                    }))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean quiet;
    private final long start = System.nanoTime();
    private final Map<String, Long> lastProgress = new ConcurrentHashMap<>();
    private volatile List<String> secrets = List.of();

    Output(PrintWriter out, PrintWriter err, boolean json, boolean quiet) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.quiet = quiet;
    }

    /**
     * The configuration's secret values, masked from here on. Only these values: the engine already redacts what it
     * reports, and masking by pattern here would garble ordinary lines ("payment_token: 50 rows").
     */
    void secrets(Collection<String> values) {
        this.secrets = values.stream().filter(v -> v != null && v.length() >= 3)
                .sorted((a, b) -> b.length() - a.length()).toList();
    }

    private String mask(String text) {
        String out = text;
        for (String s : secrets) {
            out = out.replace(s, Redactor.MASK);
        }
        return out;
    }

    /**
     * {@code text} safe for a terminal: control characters (ESC of colour and cursor sequences, carriage returns that
     * overwrite a line, BEL, C1 controls) and the bidirectional overrides that reorder what is shown are printed as
     * {@code \u001b}-style escapes. Data (a snapshot label, a build name, an error from a server) can hold them; printed raw
     * they would rewrite what the operator sees. Newlines are kept only where {@code keepNewlines} (a multi-line error);
     * in one result or progress line a newline would forge a line, so it is escaped too.
     */
    static String printable(String text, boolean keepNewlines) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = (Character.isISOControl(c) && c != '\t' && !(keepNewlines && c == '\n'))
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
            if (unsafe && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (unsafe) {
                    b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }

    boolean json() {
        return json;
    }

    /** Progress lines on stderr with the time since the command started; nothing with {@code --quiet}. */
    ProgressListener progress() {
        if (quiet) {
            return ProgressListener.NONE;
        }
        return new ProgressListener() {
            @Override
            public void info(String message) {
                line(message);
            }

            @Override
            public void progress(String task, long done, long total, String unit) {
                long now = System.nanoTime();
                Long last = lastProgress.get(task);
                boolean finished = total >= 0 && done >= total;
                if (!finished && last != null && now - last < PROGRESS_INTERVAL_NANOS) {
                    return;
                }
                lastProgress.put(task, now);
                String amount = "bytes".equals(unit) ? Sizes.human(done) + (total >= 0 ? " of " + Sizes.human(total) : "")
                        : done + (total >= 0 ? " of " + total : "") + " " + unit;
                String percent = total > 0 ? String.format(Locale.ROOT, " (%d%%)", Math.min(100, done * 100 / total)) : "";
                line("  " + task + ": " + amount + percent);
            }

            private void line(String message) {
                double s = (System.nanoTime() - start) / 1e9;
                synchronized (err) {
                    err.println(String.format(Locale.ROOT, "[%7.1f s] ", s) + printable(mask(message), false));
                    err.flush();
                }
            }
        };
    }

    /**
     * The result of a command: {@code human} lines on stdout, or with {@code --json} the envelope around {@code value}.
     * Returns {@code exitCode}.
     */
    int result(String command, int exitCode, Object value, List<String> human) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", command);
            doc.put("ok", exitCode == 0);
            doc.put("exitCode", exitCode);
            doc.put("result", value);
            printJson(doc);
        } else {
            for (String l : human) {
                out.println(printable(mask(l), false));
            }
            out.flush();
        }
        return exitCode;
    }

    /** An error the engine reported on purpose: one line on stderr (and the JSON envelope with --json). */
    int error(String command, OdooReleaseException e) {
        return error(command, e.errorCode().name(), e.errorCode().exitCode(), e.getMessage());
    }

    /** Any exception out of a command: an engine error by its category, anything else as a bug (exit 1). */
    int failure(String command, Exception ex, boolean debug) {
        if (debug) {
            ex.printStackTrace(err);
        }
        if (ex instanceof OdooReleaseException ore) {
            return error(command, ore);
        }
        if (ex instanceof UncheckedIOException io) {
            return error(command, ErrorCode.IO.name(), ErrorCode.IO.exitCode(), "Unable to " + command + ": "
                    + io.getCause().getMessage() + ". Check the disk and the paths in the configuration.");
        }
        String what = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
        return error(command, "UNEXPECTED", Main.UNEXPECTED, "Unable to " + command + " (unexpected error " + what
                + "). This is a bug in odoo-release: please report it with the output of --debug.");
    }

    private int error(String command, String category, int exitCode, String rawMessage) {
        String message = mask(rawMessage);
        synchronized (err) {
            err.println("odoo-release: " + printable(message, true));
            err.flush();
        }
        if (json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("category", category);
            error.put("message", message);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", command);
            doc.put("ok", false);
            doc.put("exitCode", exitCode);
            doc.put("error", error);
            printJson(doc);
        }
        return exitCode;
    }

    private void printJson(Object doc) {
        try {
            out.println(mask(JSON.writeValueAsString(doc)));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ToStringSerializer<T> extends JsonSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(value.toString());
        }
    }
}
