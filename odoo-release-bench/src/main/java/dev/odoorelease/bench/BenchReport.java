package dev.odoorelease.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Rows of "ours vs baseline" timings, printed as a table and written into a Markdown section. */
final class BenchReport {
    record Row(String operation, List<Double> ours, List<Double> baseline, String baselineName, String target) {
        double oursMedian() {
            return median(ours);
        }

        double baselineMedian() {
            return baseline.isEmpty() ? Double.NaN : median(baseline);
        }

        String ratio() {
            return baseline.isEmpty() ? "—" : String.format(Locale.ROOT, "%.2f", oursMedian() / baselineMedian());
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String operation, List<Double> ours, List<Double> baseline, String baselineName, String target) {
        rows.add(new Row(operation, List.copyOf(ours), List.copyOf(baseline), baselineName, target));
    }

    void note(String n) {
        notes.add(n);
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    String markdown(String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append(" (").append(LocalDate.now()).append(")\n\n");
        for (String n : notes) {
            sb.append("- ").append(n).append('\n');
        }
        sb.append("\n| operation | ours (s) | baseline | baseline (s) | ours / baseline | target |\n|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.2f %s | %s | %s | %s | %s |%n", r.operation(), r.oursMedian(), runs(r.ours()),
                    r.baselineName(), r.baseline().isEmpty() ? "—" : String.format(Locale.ROOT, "%.2f %s", r.baselineMedian(), runs(r.baseline())),
                    r.ratio(), r.target()));
        }
        sb.append("\nMedians; every run in brackets. Ours and the baseline ran alternately in the same run on the same data.\n");
        return sb.toString();
    }

    private static String runs(List<Double> xs) {
        if (xs.size() < 2) {
            return "";
        }
        List<String> s = new ArrayList<>();
        for (double x : xs) {
            s.add(String.format(Locale.ROOT, "%.2f", x));
        }
        return "[" + String.join(", ", s) + "]";
    }

    /** Replaces the section between the markers of {@code key} in the doc (appends it when missing). */
    static void writeSection(Path doc, String key, String content) throws IOException {
        String start = "<!-- " + key + ":start -->";
        String end = "<!-- " + key + ":end -->";
        String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n";
        String block = start + "\n" + content + end;
        int a = text.indexOf(start);
        int b = text.indexOf(end);
        if (a >= 0 && b > a) {
            text = text.substring(0, a) + block + text.substring(b + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Files.writeString(doc, text);
    }
}
