package dev.odoorelease.engine.internal.docker;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Interleaves what {@code docker logs --timestamps} wrote to its stdout (the container's stdout) and its stderr (the
 * container's stderr) back into one log, in the order of Docker's timestamps, and drops the timestamps. Two pipes
 * read separately lose that order; the timestamps keep it.
 */
final class LogLines {
    private record Line(Instant at, String text) {}

    private LogLines() {
    }

    static String merge(String stdout, String stderr) {
        List<Line> out = parse(stdout);
        List<Line> err = parse(stderr);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < out.size() || j < err.size()) {
            Line next;
            if (j >= err.size() || (i < out.size() && !out.get(i).at().isAfter(err.get(j).at()))) {
                next = out.get(i++);
            } else {
                next = err.get(j++);
            }
            sb.append(next.text()).append('\n');
        }
        return sb.toString();
    }

    /** Lines without a leading timestamp (a line broken by the container's own output) keep the previous one's. */
    private static List<Line> parse(String text) {
        List<Line> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        Instant last = Instant.MIN;
        for (String raw : text.split("\n")) {
            String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            int space = line.indexOf(' ');
            String head = space > 0 ? line.substring(0, space) : line;
            Instant at = null;
            if (head.length() >= 20 && head.charAt(4) == '-' && head.charAt(10) == 'T') {
                try {
                    at = Instant.parse(head);
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
            if (at == null) {
                if (line.isEmpty() && lines.isEmpty()) {
                    continue;
                }
                lines.add(new Line(last, line));
            } else {
                last = at;
                lines.add(new Line(at, space > 0 ? line.substring(space + 1) : ""));
            }
        }
        return lines;
    }
}
