package dev.odoorelease.engine.result;

import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.result.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.odoorelease.engine.internal.deploy.DeployNames;

/**
 * What an environment looks like now ({@link StatusCommand}). Not serializable (its Optionals): map it to plain values before
 * it crosses a Jenkins channel.
 *
 * @param deployed       what odoo-release last put in place (deploy or rollback); empty: never deployed
 * @param containerState the container as Docker sees it, with its image: {@code running (odoo:17-abc)},
 *                       {@code exited with code 1 (odoo:17-abc)}, {@code missing}, or {@code unknown (…why…)} when no
 *                       container or Docker engine was given or Docker did not answer
 * @param runningImage   the image of the container when it runs, else {@code null}
 * @param snapshots      snapshots of the environment, newest first, deleted ones left out
 * @param recentHistory  the last operations on the environment, newest first
 * @param interrupted    a deploy or rollback that was interrupted and waits for {@link RecoverCommand}
 * @param containerOperation the operation that started the container, from its label {@code dev.odoorelease.operation}
 *                       (every deploy and rollback labels the container it starts); {@code null} when unknown
 * @param databaseError  why the environment's state could not be read from its database server (PostgreSQL down,
 *                       credentials refused), {@code null} when it was read: then {@code deployed}, {@code snapshots},
 *                       {@code recentHistory} and {@code interrupted} are unknown, not empty
 * @param lastRefreshedAt when a clone last replaced the environment's data (its history), or {@code null}
 * @param ageWarning     the warning of a staging environment whose last refresh is older than its {@code maxAge}, or
 *                       {@code null}
 */
public record EnvironmentStatus(String environment, EnvironmentKind kind, Optional<DeployedVersion> deployed,
                                String containerState, String runningImage, List<Snapshot> snapshots,
                                List<HistoryEntry> recentHistory, Optional<JournalEntry> interrupted,
                                String containerOperation, String databaseError, java.time.Instant lastRefreshedAt,
                                String ageWarning) {

    /** A status without refresh information. */
    public EnvironmentStatus(String environment, EnvironmentKind kind, Optional<DeployedVersion> deployed,
                             String containerState, String runningImage, List<Snapshot> snapshots,
                             List<HistoryEntry> recentHistory, Optional<JournalEntry> interrupted,
                             String containerOperation, String databaseError) {
        this(environment, kind, deployed, containerState, runningImage, snapshots, recentHistory, interrupted, containerOperation,
                databaseError, null, null);
    }

    /** A status read in full (its database server answered). */
    public EnvironmentStatus(String environment, EnvironmentKind kind, Optional<DeployedVersion> deployed,
                             String containerState, String runningImage, List<Snapshot> snapshots,
                             List<HistoryEntry> recentHistory, Optional<JournalEntry> interrupted) {
        this(environment, kind, deployed, containerState, runningImage, snapshots, recentHistory, interrupted, null, null, null, null);
    }

    public EnvironmentStatus {
        snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
        recentHistory = recentHistory == null ? List.of() : List.copyOf(recentHistory);
        deployed = deployed == null ? Optional.empty() : deployed;
        interrupted = interrupted == null ? Optional.empty() : interrupted;
    }

    /** Nothing recorded as deployed — and the record could be read (with a {@link #databaseError()} it is unknown). */
    public boolean neverDeployed() {
        return deployed.isEmpty() && databaseError == null;
    }

    /** A few lines for a terminal or a build log. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        String kindName = kind.name().toLowerCase(java.util.Locale.ROOT);
        if (databaseError != null) {
            out.add(environment + " (" + kindName + "): what is deployed is unknown: its database server could not be read");
            out.add("database: " + databaseError);
            out.add("container: " + containerState);
            if (containerOperation != null) {
                out.add("container started by operation " + containerOperation + " (its label " + DeployNames.LABEL_OP + ")");
            }
            out.add("snapshots, history and interrupted operations: unknown until the database server answers");
            return out;
        }
        out.add(environment + " (" + kindName + "): " + deployed
                .map(d -> "deployed " + d.image() + (d.commit() == null ? "" : " (commit " + d.commit() + ")") + " at " + d.deployedAt()
                        + (d.build() == null ? "" : " by " + d.build()))
                .orElse("never deployed"));
        out.add("container: " + containerState);
        if (containerOperation != null) {
            out.add("container started by operation " + containerOperation);
        }
        interrupted.ifPresent(j -> out.add("INTERRUPTED: " + j.operation() + " " + j.operationId() + " at step '" + j.step()
                + "': run `odoo-release recover " + environment + "`"));
        deployed.map(DeployedVersion::snapshotId).ifPresent(s -> out.add("rollback to previous: snapshot " + s));
        if (lastRefreshedAt != null) {
            out.add("data last refreshed (cloned) at " + lastRefreshedAt);
        }
        if (ageWarning != null) {
            out.add("WARNING: " + ageWarning);
        }
        out.add(snapshotSummary());
        for (HistoryEntry h : recentHistory) {
            out.add("  " + h.startedAt() + " " + h.operation() + " " + h.operationId() + ": " + (h.result() == null ? "(running or interrupted)"
                    : h.result()) + decision(h));
        }
        return out;
    }

    /** A deploy's plan, approver and overrides, as its history entry recorded them ("" when none). */
    private static String decision(HistoryEntry h) {
        Map<String, Object> d = h.detailsJson() == null ? null : h.details();
        if (d == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (d.get("planId") != null) {
            b.append(", plan ").append(d.get("planId"));
        }
        if (d.get("approvedBy") != null) {
            b.append(", approved by ").append(d.get("approvedBy"));
        }
        if (d.get("forceUnproven") != null) {
            b.append(", unproven image forced: ").append(d.get("forceUnproven"));
        }
        if (d.get("forceNonLinear") != null) {
            b.append(", non-linear commit forced: ").append(d.get("forceNonLinear"));
        }
        return b.toString();
    }

    /**
     * "snapshots: 3 usable, newest … (1 failed, 1 creating)": the total counts only the snapshots a rollback or restore
     * can use; failed, used-up and unfinished ones are named apart, never added to it.
     */
    public String snapshotSummary() {
        List<Snapshot> usable = snapshots.stream().filter(Snapshot::usable).toList();
        Map<String, Long> others = new java.util.TreeMap<>();
        snapshots.stream().filter(x -> !x.usable()).forEach(x -> others.merge(x.status().id(), 1L, Long::sum));
        StringBuilder b = new StringBuilder("snapshots: " + usable.size() + " usable");
        if (!usable.isEmpty()) {
            b.append(", newest ").append(usable.get(0).id());
        }
        if (!others.isEmpty()) {
            b.append(" (not usable: ");
            b.append(String.join(", ", others.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
            b.append(")");
        }
        return b.toString();
    }
}
