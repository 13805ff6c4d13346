package dev.odoorelease.engine.deploy;

/** How a deploy ended. */
public enum DeployOutcome {
    /** A dry run: the plan, nothing changed. */
    PLANNED,
    /** The new version runs and passed its health check. */
    DEPLOYED,
    /** Something failed; database, filestore and container were put back and the old version is healthy. */
    ROLLED_BACK,
    /** Something failed and the rollback failed too: manual recovery needed (see the result's commands). */
    ROLLBACK_FAILED;

    /** Lower-case name, as journals, history and JSON output write it ({@code rolled_back}). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
