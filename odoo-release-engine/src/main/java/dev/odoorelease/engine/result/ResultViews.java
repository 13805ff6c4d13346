package dev.odoorelease.engine.result;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain views of the typed results of a deploy, a pinned plan, a rehearsal, a rollback and a status, for the edges: what
 * the CLI's {@code --json} prints and what the Jenkins steps return. Only {@link String}, numbers, {@link Boolean},
 * {@code null}, lists and maps, times as ISO-8601 strings, keys in a fixed order (docs/cli.md, docs/steps.md). One
 * place, so that the CLI and the steps cannot drift apart (each had its own copy); the engine itself never uses them.
 */
public final class ResultViews {
    private ResultViews() {
    }

    public static Map<String, Object> deploy(DeployResult r) {
        ModulePlan plan = r.plan();
        Map<String, Object> planMap = plan == null ? null : of("modules", list(plan.modules()),
                "updateArg", plan.updateArg(), "reasons", map(plan.reasons()), "notes", list(plan.notes()),
                "warnings", list(plan.warnings()));
        return of("outcome", r.outcome().id(), "succeeded", r.succeeded(), "environment", r.environment(),
                "operationId", r.operationId(), "previousImage", r.previousImage(), "image", r.image(),
                "previousCommit", r.previousCommit(), "commit", r.commit(), "plan", planMap, "snapshotId", r.snapshotId(),
                "cause", r.cause(), "rollbackFailures", list(r.rollbackFailures()), "manualRecovery", list(r.manualRecovery()),
                "phaseMillis", map(r.phaseMillis()), "downtimeMillis", r.downtimeMillis(), "healthSummary", r.healthSummary(),
                "keptDatabase", r.keptDatabase(), "pinnedPlan", pinnedPlan(r.pinnedPlan()), "approvedBy", r.approvedBy());
    }

    /** A pinned plan's facts, with its id and the lines an approver reads ({@code lines}). */
    public static Map<String, Object> pinnedPlan(PinnedPlan p) {
        if (p == null) {
            return null;
        }
        return of("id", p.id(), "environment", p.environment(), "createdAt", time(p.createdAt()), "expiresAt", time(p.expiresAt()),
                "image", p.image(), "imageId", p.imageId(), "imageDigest", p.imageDigest(), "commit", p.commit(), "update", p.update(),
                "modules", p.modules(), "moduleReasons", map(p.moduleReasons()), "installedModules", p.installedModules(),
                "snapshot", p.snapshot(), "expectedDowntimeMillis", p.expectedDowntimeMillis(), "expectedDowntime", p.expectedDowntime(),
                "runningImage", p.runningImage(), "runningCommit", p.runningCommit(), "lastOperation", p.lastOperation(),
                "database", p.database(), "promotion", p.promotion(), "lineage", p.lineage(), "forceUnproven", p.forceUnproven(),
                "forceNonLinear", p.forceNonLinear(), "rehearsal", p.rehearsal(), "forceFailedRehearsal", p.forceFailedRehearsal(),
                "refusals", list(p.refusals()), "lines", list(p.lines()));
    }

    /** A rehearsal: outcome, update duration, warnings, errors, schema changes, health check. */
    public static Map<String, Object> rehearsal(RehearsalResult r) {
        return of("outcome", r.outcome().id(), "passed", r.passed(), "environment", r.environment(), "operationId", r.operationId(),
                "image", r.image(), "imageId", r.imageId(), "imageDigest", r.imageDigest(), "snapshotId", r.snapshotId(),
                "freshSnapshot", r.freshSnapshot(), "copyDatabase", r.copyDatabase(), "modules", r.modules(),
                "updateMillis", r.updateMillis(), "updateExitCode", r.updateExitCode(), "updateWarnings", list(r.updateWarnings()),
                "updateErrors", list(r.updateErrors()),
                "schemaChanges", list(r.schemaChanges().stream().map(RehearsalResult.SchemaChange::describe).toList()),
                "neutralization", r.neutralization(), "neutralizationChecked", r.neutralizationChecked(), "healthPassed", r.healthPassed(), "health", r.health(),
                "failure", r.failure(), "phaseMillis", map(r.phaseMillis()), "leftovers", list(r.leftovers()), "undo", r.undo());
    }

    public static Map<String, Object> rollback(RollbackResult r) {
        return of("outcome", r.outcome().id(), "succeeded", r.succeeded(), "environment", r.environment(),
                "operationId", r.operationId(), "snapshotId", r.snapshotId(), "safetySnapshotId", r.safetySnapshotId(),
                "image", r.image(), "previousImage", r.previousImage(), "targetImage", r.targetImage(),
                "targetCommit", r.targetCommit(), "plan", list(r.plan()), "healthSummary", r.healthSummary(),
                "durationMillis", r.duration() == null ? 0L : r.duration().toMillis(), "phaseMillis", map(r.phaseMillis()),
                "downtimeMillis", r.downtimeMillis(), "cause", r.cause(), "failures", list(r.failures()),
                "manualRecovery", list(r.manualRecovery()), "keptDatabase", r.keptDatabase(), "undo", r.undo());
    }

    public static Map<String, Object> status(EnvironmentStatus s) {
        List<Object> snaps = new ArrayList<>();
        s.snapshots().forEach(x -> snaps.add(snapshot(x)));
        List<Object> history = new ArrayList<>();
        s.recentHistory().forEach(h -> history.add(history(h)));
        return of("environment", s.environment(), "kind", s.kind().name().toLowerCase(Locale.ROOT),
                "neverDeployed", s.neverDeployed(), "deployed", s.deployed().map(ResultViews::deployed).orElse(null),
                "containerState", s.containerState(), "runningImage", s.runningImage(), "snapshots", snaps,
                "usableSnapshots", s.snapshots().stream().filter(Snapshot::usable).count(), "recentHistory", history,
                "interrupted", s.interrupted().map(ResultViews::journal).orElse(null),
                "containerOperation", s.containerOperation(), "databaseError", s.databaseError(),
                "lastRefreshedAt", time(s.lastRefreshedAt()), "ageWarning", s.ageWarning());
    }

    private static Map<String, Object> snapshot(Snapshot s) {
        Map<String, Object> m = of("id", s.id(), "kind", s.kind().id(), "status", s.status().id(), "label", s.label(),
                "createdAt", time(s.createdAt()), "sizeBytes", s.sizeBytes(), "pinnedBy", s.pinnedBy());
        if (s.manifest() != null) {
            m.put("image", s.manifest().image());
            m.put("commit", s.manifest().commit());
            m.put("odooSeries", s.manifest().odooSeries());
        }
        return m;
    }

    private static Map<String, Object> deployed(DeployedVersion d) {
        return of("image", d.image(), "commit", d.commit(), "deployedAt", time(d.deployedAt()), "snapshotId", d.snapshotId(),
                "build", d.build(), "modules", map(d.modules()));
    }

    private static Map<String, Object> history(HistoryEntry h) {
        return of("operation", h.operation(), "operationId", h.operationId(), "startedAt", time(h.startedAt()),
                "finishedAt", time(h.finishedAt()), "result", h.result(), "details", h.details());
    }

    private static Map<String, Object> journal(JournalEntry j) {
        return of("operation", j.operation(), "operationId", j.operationId(), "step", j.step(), "data", map(j.data()));
    }

    /** A map of the given key/value pairs, in that order. */
    private static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
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
