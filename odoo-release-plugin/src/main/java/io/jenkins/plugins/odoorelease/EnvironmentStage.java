package io.jenkins.plugins.odoorelease;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;

/**
 * One environment of a {@link ReleasePipeline} as the stored build actions tell it: what runs there since the last
 * successful deploy or rollback (image, commit, build, time), the last operation whatever its outcome, the last
 * rollback (automatic after a failed deploy, or by hand) and its cause, and, for a staging environment, its last
 * copy of production and how old that copy's data is.
 */
public final class EnvironmentStage {
    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final OdooEnvironmentDefinition definition;
    private final OdooDeploymentAction deployed;
    private final OdooDeploymentAction lastOperation;
    private final OdooDeploymentAction lastRollback;
    private final OdooDeploymentAction lastCopy;

    /** {@code actions}: this environment's, newest first. */
    EnvironmentStage(OdooEnvironmentDefinition definition, List<OdooDeploymentAction> actions) {
        this.definition = definition;
        OdooDeploymentAction deployed = null;
        OdooDeploymentAction last = null;
        OdooDeploymentAction rollback = null;
        OdooDeploymentAction copy = null;
        for (OdooDeploymentAction a : actions) {
            if (a.getOperation() == OdooDeploymentAction.Operation.SNAPSHOT) {
                continue;
            }
            if (last == null) {
                last = a;
            }
            if (deployed == null && a.isInPlace()) {
                deployed = a;
            }
            if (rollback == null && isRollback(a)) {
                rollback = a;
            }
            if (copy == null
                    && a.getOperation() == OdooDeploymentAction.Operation.STAGE_CLONE
                    && a.get("status") != null
                    && !"failed".equals(a.get("status"))) {
                copy = a;
            }
        }
        this.deployed = deployed;
        this.lastOperation = last;
        this.lastRollback = rollback;
        this.lastCopy = copy;
    }

    /** A deploy that was rolled back (or whose rollback failed), or a rollback by hand that ran. */
    private static boolean isRollback(OdooDeploymentAction a) {
        String outcome = a.get("outcome");
        return switch (a.getOperation()) {
            case DEPLOY -> "rolled_back".equals(outcome) || "rollback_failed".equals(outcome);
            case ROLLBACK -> outcome != null && !"planned".equals(outcome);
            default -> false;
        };
    }

    public OdooEnvironmentDefinition getDefinition() {
        return definition;
    }

    /** The latest successful deploy or rollback: what runs there, as far as these builds know; null if none. */
    @CheckForNull
    public OdooDeploymentAction getDeployed() {
        return deployed;
    }

    /** The latest deploy, rollback or clone, whatever its outcome; null if none. */
    @CheckForNull
    public OdooDeploymentAction getLastOperation() {
        return lastOperation;
    }

    /** The latest rollback: a deploy rolled back automatically (or whose rollback failed), or a rollback by hand. */
    @CheckForNull
    public OdooDeploymentAction getLastRollback() {
        return lastRollback;
    }

    /** Why the last rollback happened: the failed deploy's cause (a manual rollback that succeeded has none). */
    @CheckForNull
    public String getLastRollbackCause() {
        return lastRollback == null ? null : lastRollback.get("cause");
    }

    /** The latest successful stage clone into this environment; null if none. */
    @CheckForNull
    public OdooDeploymentAction getLastCopy() {
        return lastCopy;
    }

    /**
     * When the data of the last copy was production's: the time of the source snapshot it was made from (snapshot ids
     * start with their UTC time), or when a live copy started.
     */
    @CheckForNull
    public Date getDataAsOf() {
        if (lastCopy == null) {
            return null;
        }
        Date snapshotTime = timeOf(lastCopy.get("sourceSnapshotId"));
        if (snapshotTime != null) {
            return snapshotTime;
        }
        long duration = lastCopy.getResult().get("duration") instanceof Number n ? n.longValue() : 0L;
        return new Date(lastCopy.getTimestamp() - duration);
    }

    /** The UTC time an engine snapshot id starts with ({@code 20261122-013012-4fa2}), or null for another text. */
    @CheckForNull
    static Date timeOf(@CheckForNull String snapshotId) {
        if (snapshotId == null || !snapshotId.matches("\\d{8}-\\d{6}(-.*)?")) {
            return null;
        }
        try {
            return Date.from(LocalDateTime.parse(snapshotId.substring(0, 15), SNAPSHOT_TIME)
                    .toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return null; // digits that are no date (month 13): no time to show
        }
    }

    /** How old the last copy's data is, e.g. "3 hr 12 min"; null without a copy. */
    @CheckForNull
    public String getDataAge() {
        Date asOf = getDataAsOf();
        return asOf == null ? null : Util.getTimeSpanString(Math.max(0, System.currentTimeMillis() - asOf.getTime()));
    }

    /** Since when what runs there runs, e.g. "2 days 4 hr"; null if unknown. */
    @CheckForNull
    public String getDeployedAge() {
        return deployed == null
                ? null
                : Util.getTimeSpanString(Math.max(0, System.currentTimeMillis() - deployed.getTimestamp()));
    }

    /** When what runs there was put in place; null if unknown. */
    @CheckForNull
    public Date getDeployedAt() {
        return deployed == null ? null : new Date(deployed.getTimestamp());
    }

    /** When the last rollback ran; null if none. */
    @CheckForNull
    public Date getLastRollbackAt() {
        return lastRollback == null ? null : new Date(lastRollback.getTimestamp());
    }

    /** Whether this is a staging environment (it is refreshed with copies of production). */
    public boolean isStaging() {
        return "staging".equals(definition.getKind());
    }
}
