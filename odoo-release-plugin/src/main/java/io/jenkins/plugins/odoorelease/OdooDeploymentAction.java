package io.jenkins.plugins.odoorelease;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one Odoo operation of a build did, shown as a box on the build page: a deploy (environment, image, commit,
 * modules updated, snapshot, health, rollback and its cause, timings), a stage clone (source, status, link to the
 * differences report), a rollback or a snapshot. A build that runs several operations has one action per operation.
 * Made on the controller from the step's result map; holds plain values only (it is saved in {@code build.xml}), and
 * never a secret (the engine's results carry none, and are redacted).
 */
public final class OdooDeploymentAction extends BuildPageSummary {
    /** What kind of operation it records. */
    public enum Operation {
        DEPLOY,
        STAGE_CLONE,
        ROLLBACK,
        SNAPSHOT
    }

    private final Operation operation;
    private final String project;
    private final String environment;
    private final long timestamp;
    private final Map<String, Object> result;

    OdooDeploymentAction(Operation operation, String project, String environment, Map<String, Object> result) {
        this.operation = operation;
        this.project = project;
        this.environment = environment;
        this.timestamp = System.currentTimeMillis();
        this.result = Results.plain(result);
    }

    @Override
    public String getDisplayName() {
        return Messages.OdooDeploymentAction_DisplayName();
    }

    public Operation getOperation() {
        return operation;
    }

    public String getProject() {
        return project;
    }

    public String getEnvironment() {
        return environment;
    }

    public long getTimestamp() {
        return timestamp;
    }

    /** The step's result, as the Pipeline script received it (see docs/steps.md). */
    public Map<String, Object> getResult() {
        return Collections.unmodifiableMap(result);
    }

    /** A value of the result as text, or null. */
    @CheckForNull
    public String get(String key) {
        Object v = result.get(key);
        return v == null ? null : Util.fixEmpty(String.valueOf(v));
    }

    /** The id of the pinned plan a deploy planned or deployed ({@code pinnedPlan.id}), or null. */
    @CheckForNull
    public String getPlanId() {
        return result.get("pinnedPlan") instanceof Map<?, ?> plan && plan.get("id") != null
                ? String.valueOf(plan.get("id"))
                : null;
    }

    /** A list of the result (modules, rollback failures, manual recovery commands), never null. */
    public List<String> list(String key) {
        return Results.strings(result.get(key));
    }

    /** Phase timings as "stop 2.1 s, snapshot 14 s, …", or null. */
    @CheckForNull
    public String getTimings() {
        if (!(result.get("phaseMillis") instanceof Map<?, ?> phases) || phases.isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        phases.forEach(
                (k, v) -> parts.add(k + " " + (v instanceof Number n ? Util.getTimeSpanString(n.longValue()) : v)));
        return String.join(", ", parts);
    }

    /** How it ended: DEPLOYED, ROLLED_BACK, ROLLBACK_FAILED, PLANNED (KEPT_CURRENT for a rollback); a clone's status; a snapshot's kind. */
    @CheckForNull
    public String getOutcome() {
        return switch (operation) {
            case DEPLOY, ROLLBACK -> {
                String outcome = get("outcome");
                yield outcome == null ? null : outcome.toUpperCase(Locale.ROOT);
            }
            case STAGE_CLONE -> get("status");
            case SNAPSHOT -> get("kind");
        };
    }

    /**
     * Which version the health line ({@code healthSummary}) is about: after a rollback it is the version put back,
     * not the one that was deployed — read alone, "is healthy" under a rolled-back deploy would say the deploy was.
     */
    @CheckForNull
    public String getHealthLabel() {
        if (get("healthSummary") == null) {
            return null;
        }
        String o = get("outcome");
        String previous = orDash(get("previousImage"));
        if (operation == Operation.DEPLOY) {
            return "deployed".equals(o)
                    ? Messages.OdooDeploymentAction_HealthOfDeployed(orDash(get("image")))
                    : Messages.OdooDeploymentAction_HealthAfterRollback(previous);
        }
        if (operation == Operation.ROLLBACK) {
            return "rolled_back".equals(o)
                    ? Messages.OdooDeploymentAction_HealthOfRollbackTarget(orDash(get("targetImage")))
                    : Messages.OdooDeploymentAction_HealthAfterFailedRollback(previous);
        }
        return Messages.OdooDeploymentAction_Health();
    }

    private static String orDash(@CheckForNull String s) {
        return s == null ? "-" : s;
    }

    /** The cause's first line: what failed, in a sentence; null without a cause. */
    @CheckForNull
    public String getCauseHeadline() {
        String cause = get("cause");
        if (cause == null) {
            return null;
        }
        int nl = cause.indexOf('\n');
        return nl < 0 ? cause.strip() : cause.substring(0, nl).strip();
    }

    /** The rest of the cause (the container's last log lines, the probes), kept as lines; null when there is none. */
    @CheckForNull
    public String getCauseDetails() {
        String cause = get("cause");
        if (cause == null) {
            return null;
        }
        int nl = cause.indexOf('\n');
        if (nl < 0) {
            return null;
        }
        String rest = cause.substring(nl + 1).stripTrailing();
        return rest.isBlank() ? null : rest;
    }

    /** The modules a deploy updated (its plan's), or none. */
    public List<String> getModules() {
        return result.get("plan") instanceof Map<?, ?> plan ? Results.strings(plan.get("modules")) : List.of();
    }

    /** Whether the operation put the environment back or failed to (a rollback after a failure, or a failed one). */
    public boolean isRolledBack() {
        String o = get("outcome");
        return operation == Operation.DEPLOY && "rolled_back".equals(o)
                || "rollback_failed".equals(o)
                || "kept_current".equals(o);
    }

    /** Whether the environment runs {@link #get(String) image} since this operation: a deploy or rollback that succeeded. */
    public boolean isInPlace() {
        String o = get("outcome");
        return operation == Operation.DEPLOY && "deployed".equals(o)
                || operation == Operation.ROLLBACK && "rolled_back".equals(o);
    }
}
