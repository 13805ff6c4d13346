package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.DriftResult;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.result.JournalEntry;
import dev.odoorelease.engine.result.ModulePlan;
import dev.odoorelease.engine.result.PinnedPlan;
import dev.odoorelease.engine.result.ProbeResult;
import dev.odoorelease.engine.result.RefreshResult;
import dev.odoorelease.engine.result.RehearsalResult;
import dev.odoorelease.engine.result.RollbackResult;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.result.VerificationCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

    static Map<String, Object> deploy(DeployResult r) {
        ModulePlan plan = r.plan();
        Map<String, Object> planMap = null;
        if (plan != null) {
            planMap = new LinkedHashMap<>();
            planMap.put("modules", list(plan.modules()));
            planMap.put("updateArg", plan.updateArg());
            planMap.put("reasons", map(plan.reasons()));
            planMap.put("notes", list(plan.notes()));
            planMap.put("warnings", list(plan.warnings()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", r.outcome().id());
        m.put("succeeded", r.succeeded());
        m.put("environment", r.environment());
        m.put("operationId", r.operationId());
        m.put("previousImage", r.previousImage());
        m.put("image", r.image());
        m.put("previousCommit", r.previousCommit());
        m.put("commit", r.commit());
        m.put("plan", planMap);
        m.put("snapshotId", r.snapshotId());
        m.put("cause", r.cause());
        m.put("rollbackFailures", list(r.rollbackFailures()));
        m.put("manualRecovery", list(r.manualRecovery()));
        m.put("phaseMillis", map(r.phaseMillis()));
        m.put("downtimeMillis", r.downtimeMillis());
        m.put("healthSummary", r.healthSummary());
        m.put("keptDatabase", r.keptDatabase());
        m.put("pinnedPlan", pinnedPlan(r.pinnedPlan()));
        m.put("approvedBy", r.approvedBy());
        return m;
    }

    /** A pinned plan's facts, its id, and the lines an approver reads ({@code lines}); the CLI's JSON has the same keys. */
    static Map<String, Object> pinnedPlan(PinnedPlan p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("environment", p.environment());
        m.put("createdAt", time(p.createdAt()));
        m.put("expiresAt", time(p.expiresAt()));
        m.put("image", p.image());
        m.put("imageId", p.imageId());
        m.put("imageDigest", p.imageDigest());
        m.put("commit", p.commit());
        m.put("update", p.update());
        m.put("modules", p.modules());
        m.put("moduleReasons", map(p.moduleReasons()));
        m.put("installedModules", p.installedModules());
        m.put("snapshot", p.snapshot());
        m.put("expectedDowntimeMillis", p.expectedDowntimeMillis());
        m.put("expectedDowntime", p.expectedDowntime());
        m.put("runningImage", p.runningImage());
        m.put("runningCommit", p.runningCommit());
        m.put("lastOperation", p.lastOperation());
        m.put("database", p.database());
        m.put("promotion", p.promotion());
        m.put("lineage", p.lineage());
        m.put("forceUnproven", p.forceUnproven());
        m.put("forceNonLinear", p.forceNonLinear());
        m.put("rehearsal", p.rehearsal());
        m.put("forceFailedRehearsal", p.forceFailedRehearsal());
        m.put("refusals", list(p.refusals()));
        m.put("lines", list(p.lines()));
        return m;
    }

    /** A rehearsal; the CLI's JSON has the same keys. */
    static Map<String, Object> rehearsal(RehearsalResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", r.outcome().id());
        m.put("passed", r.passed());
        m.put("environment", r.environment());
        m.put("operationId", r.operationId());
        m.put("image", r.image());
        m.put("imageId", r.imageId());
        m.put("imageDigest", r.imageDigest());
        m.put("snapshotId", r.snapshotId());
        m.put("freshSnapshot", r.freshSnapshot());
        m.put("copyDatabase", r.copyDatabase());
        m.put("modules", r.modules());
        m.put("updateMillis", r.updateMillis());
        m.put("updateExitCode", r.updateExitCode());
        m.put("updateWarnings", list(r.updateWarnings()));
        m.put("updateErrors", list(r.updateErrors()));
        m.put(
                "schemaChanges",
                list(r.schemaChanges().stream()
                        .map(RehearsalResult.SchemaChange::describe)
                        .toList()));
        m.put("neutralizationChecked", r.neutralizationChecked());
        m.put("healthPassed", r.healthPassed());
        m.put("health", r.health());
        m.put("failure", r.failure());
        m.put("phaseMillis", map(r.phaseMillis()));
        m.put("leftovers", list(r.leftovers()));
        m.put("undo", r.undo());
        return m;
    }

    static Map<String, Object> rollback(RollbackResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", r.outcome().id());
        m.put("succeeded", r.succeeded());
        m.put("environment", r.environment());
        m.put("operationId", r.operationId());
        m.put("snapshotId", r.snapshotId());
        m.put("safetySnapshotId", r.safetySnapshotId());
        m.put("image", r.image());
        m.put("previousImage", r.previousImage());
        m.put("targetImage", r.targetImage());
        m.put("targetCommit", r.targetCommit());
        m.put("plan", list(r.plan()));
        m.put("healthSummary", r.healthSummary());
        m.put("durationMillis", r.duration() == null ? 0L : r.duration().toMillis());
        m.put("phaseMillis", map(r.phaseMillis()));
        m.put("downtimeMillis", r.downtimeMillis());
        m.put("cause", r.cause());
        m.put("failures", list(r.failures()));
        m.put("manualRecovery", list(r.manualRecovery()));
        m.put("keptDatabase", r.keptDatabase());
        m.put("undo", r.undo());
        return m;
    }

    static Map<String, Object> status(EnvironmentStatus s) {
        List<Object> snapshots = new ArrayList<>();
        s.snapshots().forEach(x -> snapshots.add(statusSnapshot(x)));
        List<Object> history = new ArrayList<>();
        s.recentHistory().forEach(h -> history.add(history(h)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("environment", s.environment());
        m.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        m.put("neverDeployed", s.neverDeployed());
        m.put("deployed", s.deployed().map(Results::deployed).orElse(null));
        m.put("containerState", s.containerState());
        m.put("runningImage", s.runningImage());
        m.put("snapshots", snapshots);
        m.put("usableSnapshots", s.snapshots().stream().filter(Snapshot::usable).count());
        m.put("recentHistory", history);
        m.put("interrupted", s.interrupted().map(Results::journal).orElse(null));
        m.put("containerOperation", s.containerOperation());
        m.put("databaseError", s.databaseError());
        m.put("lastRefreshedAt", time(s.lastRefreshedAt()));
        m.put("ageWarning", s.ageWarning());
        return m;
    }

    private static Map<String, Object> statusSnapshot(Snapshot s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("kind", s.kind().id());
        m.put("status", s.status().id());
        m.put("label", s.label());
        m.put("createdAt", time(s.createdAt()));
        m.put("sizeBytes", s.sizeBytes());
        m.put("pinnedBy", s.pinnedBy());
        if (s.manifest() != null) {
            m.put("image", s.manifest().image());
            m.put("commit", s.manifest().commit());
            m.put("odooSeries", s.manifest().odooSeries());
        }
        return m;
    }

    private static Map<String, Object> deployed(DeployedVersion d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", d.image());
        m.put("commit", d.commit());
        m.put("deployedAt", time(d.deployedAt()));
        m.put("snapshotId", d.snapshotId());
        m.put("build", d.build());
        m.put("modules", map(d.modules()));
        return m;
    }

    private static Map<String, Object> history(HistoryEntry h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", h.operation());
        m.put("operationId", h.operationId());
        m.put("startedAt", time(h.startedAt()));
        m.put("finishedAt", time(h.finishedAt()));
        m.put("result", h.result());
        m.put("details", h.details());
        return m;
    }

    private static Map<String, Object> journal(JournalEntry j) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", j.operation());
        m.put("operationId", j.operationId());
        m.put("step", j.step());
        m.put("data", map(j.data()));
        return m;
    }

    private static List<Object> list(List<?> xs) {
        return xs == null ? new ArrayList<>() : new ArrayList<>(xs);
    }

    private static Map<String, Object> map(Map<String, ?> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
