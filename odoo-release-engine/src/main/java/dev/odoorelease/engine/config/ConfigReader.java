package dev.odoorelease.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict, typed readers of one configuration file's YAML tree: each value is read as the shape it must
 * have (a single value, a list, a mapping, a number, a duration, a port...) or refused with a
 * {@link ErrorCode#CONFIGURATION} error that names the file, where the value is and what to write instead.
 * Relative paths resolve against the file's folder.
 */
final class ConfigReader {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Path file;
    private final Path base;

    ConfigReader(Path file) {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.base = parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    void keys(JsonNode n, Set<String> allowed, String at) {
        if (!n.isObject()) {
            throw error((at.isEmpty() ? "the top level" : at) + " is not a mapping", "See docs/configuration.md for its settings");
        }
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equals("password")) {
                throw error((at.isEmpty() ? "" : at + ".") + "password holds a literal secret",
                        "Never write a password into the file: use passwordEnv (an environment variable's name) or passwordFile");
            }
            if (!allowed.contains(k)) {
                throw error("unknown setting '" + (at.isEmpty() ? "" : at + ".") + k + "'",
                        "Known settings there: " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    JsonNode object(JsonNode n, String key, String at) {
        JsonNode v = n.path(key);
        if (!v.isObject()) {
            throw error(at + " has no '" + key + "' section", "Add it (see docs/configuration.md)");
        }
        return v;
    }

    String required(JsonNode n, String key, String at) {
        String v = text(n, key, at, null);
        if (v == null) {
            throw error(at + " has no '" + key + "'", "Add it (see docs/configuration.md)");
        }
        return v;
    }

    /**
     * A single value. A list or a mapping where one value is expected ({@code branch: [main]}) is refused: read as
     * text it would be empty, and the setting silently lost.
     */
    String text(JsonNode n, String key, String at, String dflt) {
        JsonNode v = n.path(key);
        if (v.isContainerNode()) {
            throw error((at.isEmpty() ? "" : at + ".") + key + " is " + shape(v) + ", not a single value",
                    "Write one value there" + (key.equals("branch") ? " (several branches go under 'branches:')" : ""));
        }
        return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? dflt : v.asText().strip();
    }

    static String shape(JsonNode v) {
        return v.isArray() ? "a list" : v.isObject() ? "a mapping" : "'" + v.asText() + "'";
    }

    boolean bool(JsonNode n, String key, String at, boolean dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw error(at + "." + key + " is " + shape(v) + ", not true or false", "Write true or false");
        }
        return v.booleanValue();
    }

    int port(JsonNode n, String key, String at, int dflt) {
        int p = integer(n, key, at, dflt);
        if (p < 1 || p > 65535) {
            throw error(at + "." + key + " " + p + " is not a TCP port", "Give a port from 1 to 65535");
        }
        return p;
    }

    int httpStatus(JsonNode n, String at) {
        int s = integer(n, "status", at, 200);
        if (s < 100 || s > 599) {
            throw error(at + ".status " + s + " is not an HTTP status", "Give a status from 100 to 599, e.g. 200");
        }
        return s;
    }

    int integer(JsonNode n, String key, String at, int dflt) {
        JsonNode v = n.path(key);
        if (v.isMissingNode()) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw error(at + "." + key + " " + (v.isContainerNode() ? "is " + shape(v) + ", which" : "'" + v.asText() + "'")
                    + " is not a number", "Give a whole number");
        }
        return v.asInt();
    }

    List<String> strings(JsonNode n, String at) {
        List<String> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (n.isValueNode()) {
            out.add(n.asText());
            return out;
        }
        if (!n.isArray()) {
            throw error(at + " is not a list", "Write it as a YAML list");
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode x = n.get(i);
            if (!x.isValueNode() || x.isNull()) {
                throw error(at + "[" + i + "] is " + (x.isNull() ? "empty" : shape(x)) + ", not a single value", "Write one value per list item");
            }
            out.add(x.asText());
        }
        return out;
    }

    Map<String, String> map(JsonNode n, String at) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode()) {
            return out;
        }
        if (!n.isObject()) {
            throw error(at + " is not a mapping", "Write it as NAME: value lines");
        }
        n.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode()) {
                throw error(at + "." + e.getKey() + " is " + shape(e.getValue()) + ", not a single value", "Write NAME: value");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** The longest duration a setting may have: far beyond any sensible wait, far below an overflow. */
    static final Duration MAX_DURATION = Duration.ofDays(7);

    Duration duration(JsonNode n, String at, boolean zeroAllowed) {
        Matcher m = DURATION.matcher(n.isContainerNode() ? "" : n.asText().strip());
        if (!m.matches()) {
            throw error(at + " " + (n.isContainerNode() ? shape(n) : "'" + n.asText() + "'") + " is not a duration",
                    "Write e.g. 90s, 5m, 1h or 500ms");
        }
        Duration d;
        try {
            long v = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            d = switch (unit) {
                case "ms" -> Duration.ofMillis(v);
                case "m" -> Duration.ofMinutes(v);
                case "h" -> Duration.ofHours(v);
                default -> Duration.ofSeconds(v);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            d = null;
        }
        if (d == null || d.compareTo(MAX_DURATION) > 0) {
            throw error(at + " '" + n.asText() + "' is too long", "Give at most 7 days (168h)");
        }
        if (d.isZero() && !zeroAllowed) {
            throw error(at + " is zero", "Give a duration of more than zero, e.g. 90s");
        }
        return d;
    }

    /** A path relative to the configuration file's folder. */
    String path(String p) {
        return base.resolve(p).normalize().toString();
    }

    OdooReleaseException error(String what, String todo) {
        return new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read the configuration " + file + ": " + what + ". " + todo + ".");
    }
}
