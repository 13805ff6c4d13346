package dev.odoorelease.engine.internal.drift;

import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.DriftReport.Difference;
import dev.odoorelease.engine.result.DriftReport.Volume;
import java.util.List;

/** Renders a {@link DriftReport} for people: a summary, the drift, the deliberate differences, volumes and age. */
public final class DriftMarkdown {
    private DriftMarkdown() {
    }

    public static String render(DriftReport r) {
        StringBuilder b = new StringBuilder();
        b.append("# Drift of ").append(r.target()).append(" from ").append(r.source()).append("\n\n");
        b.append(r.summary()).append(".\n\n");
        b.append("| | |\n|---|---|\n");
        row(b, "generated", r.generatedAt());
        DriftReport.Age a = r.age();
        row(b, "last refreshed", a.refreshedAt() == null ? "unknown (no stage clone report)" : a.refreshedAt());
        row(b, "refresh operation", a.refreshOperation());
        row(b, "copied from", a.copiedFrom());
        row(b, r.source() + "'s point in time", a.sourcePointInTime());
        row(b, "age", a.ageHours() == null ? null : a.ageHours() / 24 + " days " + a.ageHours() % 24 + " hours");
        row(b, "maxAge", a.maxAge() == null ? "not set" : a.maxAge() + (a.tooOld() ? " — **exceeded: refresh " + r.target() + "**" : " (within)"));
        row(b, "stage clone report", a.report());
        row(b, "changes since the refresh known", a.baseline() ? "yes (the clone recorded its copy)" : "no");
        row(b, "took", r.elapsedMs() + " ms");
        b.append("\n## Deployed\n\n| environment | image | image id | commit | deployed at |\n|---|---|---|---|---|\n");
        for (DriftReport.Deployed d : r.deployed()) {
            b.append("| ").append(esc(d.environment())).append(" | ").append(esc(d.image())).append(" | ").append(esc(d.imageId()))
                    .append(" | ").append(esc(d.commit())).append(" | ").append(esc(d.deployedAt())).append(" |\n");
        }
        section(b, "Drift (" + r.drift().size() + ")", r.drift(), "Nothing drifted: every difference is one the last stage clone made.");
        section(b, "Deliberate differences (" + r.deliberate().size() + ")", r.deliberate(), "None.");
        b.append("\n## Data volume\n\n| table | ").append(esc(r.source())).append(" | ").append(esc(r.target())).append(" | ")
                .append(esc(r.target())).append(" at refresh | change of ").append(esc(r.target())).append(" | change of ")
                .append(esc(r.source())).append(" |\n|---|---|---|---|---|---|\n");
        for (Volume v : r.volumes()) {
            b.append("| ").append(esc(v.what())).append(" | ").append(num(v.source())).append(" | ").append(num(v.target())).append(" | ")
                    .append(num(v.targetAtRefresh())).append(" | ").append(signed(v.targetChange())).append(" | ").append(signed(v.sourceChange()))
                    .append(" |\n");
        }
        b.append("\n## Facts compared\n\n");
        r.compared().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> b.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        return b.toString();
    }

    private static void section(StringBuilder b, String title, List<Difference> items, String none) {
        b.append("\n## ").append(title).append("\n\n");
        if (items.isEmpty()) {
            b.append(none).append('\n');
            return;
        }
        String category = null;
        for (Difference d : items) {
            if (!d.category().equals(category)) {
                category = d.category();
                b.append("\n### ").append(category).append("\n\n| what | field | source | target | at refresh | why |\n|---|---|---|---|---|---|\n");
            }
            b.append("| ").append(esc(DriftKinds.noun(d.kind()) + " `" + d.key() + "`")).append(" | ").append(esc(d.field())).append(" | ")
                    .append(cell(d.sourceValue())).append(" | ").append(cell(d.targetValue())).append(" | ").append(cell(d.atRefresh()))
                    .append(" | ").append(esc(d.explanation())).append(" |\n");
        }
    }

    private static void row(StringBuilder b, String k, String v) {
        b.append("| ").append(esc(k)).append(" | ").append(v == null ? "—" : esc(v)).append(" |\n");
    }

    private static String cell(String v) {
        if (v == null) {
            return "—";
        }
        String s = v.length() > 100 ? v.substring(0, 97) + "..." : v;
        return "`" + esc(s).replace("`", "'") + "`";
    }

    private static String num(Long v) {
        return v == null ? "—" : v.toString();
    }

    private static String signed(Long v) {
        return v == null ? "—" : v >= 0 ? "+" + v : v.toString();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ").replace("\r", " ");
    }
}
