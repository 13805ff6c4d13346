package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.result.HealthReport;

/**
 * What serves an environment's users, as a deploy's {@link Changeover} and its {@link Undo} see it: one container
 * ({@link ContainerServing}) or the instances of a swarm service behind a load balancer ({@link SwarmServing}). The undo of a
 * failed deploy is the same for both — the failed version gone, the data restored from the snapshot, the previous version
 * started and health-checked — and only these three steps differ.
 */
interface Serving {
    /**
     * Makes sure nothing of the failed operation {@code opId} serves or runs on the data any more (its new container removed,
     * or the service's instances scaled to zero); throws when that cannot be confirmed (the data is then fenced, not restored).
     */
    void removeNew(String opId);

    /** {@link #removeNew} in words, for a failure's message. */
    String removal(String operation, String opId);

    /** The commands that do {@link #removeNew} by hand when it failed. */
    java.util.List<String> removalByHand(String opId);

    /**
     * Starts the version that ran before operation {@code opId} ({@code oldImage}, or what the operation kept of it); returns what
     * was started in words, or null when nothing ran before (nothing is started).
     */
    String startPrevious(String opId, String oldImage);

    /** The Odoo-aware health check of what serves now. */
    HealthReport checkHealth();
}
