package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.DriftResult;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.ProbeResult;
import dev.odoorelease.engine.result.RefreshResult;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.result.VerificationCheck;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The engine's typed results as what a step returns: maps of JDK types (documented in docs/steps.md), made on the
 * agent. Deploys, rollbacks and statuses have the keys of the CLI's {@code --json} output.
 * Plain {@link LinkedHashMap}s and {@link ArrayList}s: they cross the remoting channel, are kept in the Pipeline's
 * program state and are read by sandboxed scripts.
 */
final class Results {
    private Results() {}

    /**
     * A deep copy with only strings, numbers, booleans, and lists and maps of them (anything else as its text):
     * what may cross the channel, be kept in program state and in {@code build.xml}.
     */
    static Map<String, Object> plain(Map<?, ?> in) {
        return plain(in, UnaryOperator.identity());
    }

    /** {@link #plain(Map)}, with every text passed through {@code text} (the build's redactor). */
    static Map<String, Object> plain(Map<?, ?> in, UnaryOperator<String> text) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(String.valueOf(k), plainValue(v, text)));
        return out;
    }

    private static Object plainValue(Object v, UnaryOperator<String> text) {
        if (v instanceof Map<?, ?> m) {
            return plain(m, text);
        }
        if (v instanceof Collection<?> c) {
            List<Object> copy = new ArrayList<>();
            c.forEach(x -> copy.add(plainValue(x, text)));
            return copy;
        }
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        return text.apply(String.valueOf(v));
    }

    /** A list value as strings; empty when absent. */
    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    /**
     * A text as one sentence: stripped, ending with exactly one terminal mark (a period is added when it has none).
     * Causes and failures from the engine usually end with one; a message that puts them in the middle must not add
     * another ("database.. Failed").
     */
    static String sentence(Object text) {
        String t = text == null ? "" : String.valueOf(text).strip();
        if (t.isEmpty()) {
            return "-.";
        }
        char last = t.charAt(t.length() - 1);
        return last == '.' || last == '!' || last == '?' ? t : t + ".";
    }

    /** A list value as numbered sentences, "(1) first. (2) second.", for a message; "-." when empty. */
    static String numberedSentences(Object list) {
        List<String> items = strings(list);
        if (items.isEmpty()) {
            return "-.";
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            out.add("(" + (i + 1) + ") " + sentence(items.get(i)));
        }
        return String.join(" ", out);
    }

    static Map<String, Object> snapshot(SnapshotResult r) {
        Snapshot s = r.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("environment", s.environment());
        m.put("kind", s.kind().id());
        m.put("label", s.label());
        m.put("size", s.sizeBytes());
        m.put("duration", r.duration().toMillis());
        return m;
    }

    static Map<String, Object> health(HealthReport report) {
        List<Map<String, Object>> probes = new ArrayList<>();
        for (ProbeResult p : report.probes()) {
            Map<String, Object> probe = new LinkedHashMap<>();
            probe.put("probe", p.probe());
            probe.put("passed", p.passed());
            probe.put("expected", p.expected());
            probe.put("actual", p.actual());
            probes.add(probe);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("healthy", report.healthy());
        m.put("url", report.url());
        m.put("database", report.database());
        m.put("attempts", report.attempts());
        m.put("elapsedMillis", report.elapsed().toMillis());
        m.put("summary", report.summary());
        m.put("probes", probes);
        return m;
    }

    /**
     * A refresh: the stage clone's map, plus the image staging serves again, its health, the refresh's phases and the
     * records kept from the previous staging ({@code kind key: action}).
     */
    static Map<String, Object> refresh(RefreshResult r) {
        Map<String, Object> m = stageClone(r.stageClone());
        m.put("image", r.image());
        m.put("previousImage", r.previousImage());
        m.put("health", r.health());
        m.put("refreshPhaseMillis", new LinkedHashMap<>(r.phaseMillis()));
        List<String> kept = new ArrayList<>();
        if (r.stageClone().report().carriedOver() != null) {
            r.stageClone().report().carriedOver().forEach(c -> kept.add(c.kind() + " " + c.key() + ": " + c.action()));
        }
        m.put("carriedOver", kept);
        return m;
    }

    /** A drift report's counts, age and drifted differences, and where the report is on the agent. */
    static Map<String, Object> drift(DriftResult result) {
        DriftReport report = result.report();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", result.id());
        r.put("source", report.source());
        r.put("target", report.target());
        r.put("summary", report.summary());
        r.put("driftCount", report.drift().size());
        r.put("deliberateCount", report.deliberate().size());
        r.put("refreshedAt", report.age().refreshedAt());
        r.put("copiedFrom", report.age().copiedFrom());
        r.put("sourcePointInTime", report.age().sourcePointInTime());
        r.put("ageHours", report.age().ageHours());
        r.put("maxAge", report.age().maxAge());
        r.put("tooOld", report.age().tooOld());
        List<Object> drift = new ArrayList<>();
        for (DriftReport.Difference d : report.drift()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("category", d.category());
            m.put("kind", d.kind());
            m.put("key", d.key());
            m.put("field", d.field());
            m.put("source", d.sourceValue());
            m.put("target", d.targetValue());
            m.put("explanation", d.explanation());
            drift.add(m);
        }
        r.put("drift", drift);
        r.put("reportJson", result.reportJson());
        r.put("reportMarkdown", result.reportMarkdown());
        return r;
    }

    static Map<String, Object> stageClone(StageCloneResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operationId", r.copy().operationId());
        m.put("source", r.copy().sourceEnvironment());
        m.put("target", r.copy().targetEnvironment());
        m.put("status", r.report().status());
        m.put("sourceSnapshotId", r.copy().sourceSnapshotId());
        m.put("copiedFrom", r.report().copiedFrom());
        m.put("method", r.copy().method());
        m.put("filestoreFiles", r.copy().filestoreFiles());
        m.put("duration", r.copy().duration().toMillis());
        m.put(
                "phaseMillis",
                r.report().phaseMillis() == null
                        ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(r.report().phaseMillis()));
        List<String> checks = new ArrayList<>();
        if (r.report().verification() != null) {
            r.report().verification().stream().map(VerificationCheck::describe).forEach(checks::add);
        }
        m.put("verification", checks);
        m.put("undo", r.undo());
        m.put("reportJson", r.reportJson());
        m.put("reportMarkdown", r.reportMarkdown());
        return m;
    }
}
