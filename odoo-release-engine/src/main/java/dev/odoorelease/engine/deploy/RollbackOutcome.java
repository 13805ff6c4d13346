package dev.odoorelease.engine.deploy;

/**
 * How a manual rollback ({@link RollbackCommand}) ended. Its own enum because a manual rollback has one outcome a
 * deploy has not: it failed, and what ran before it was put back ({@link #KEPT_CURRENT}). The names the two enums
 * share mean the same for the operator's data: {@code ROLLBACK_FAILED} always means "recover by hand".
 */
public enum RollbackOutcome {
    /** A dry run: what it would do, nothing changed. */
    PLANNED,
    /** The snapshot's data and image run and passed the health check. */
    ROLLED_BACK,
    /** The rollback failed (e.g. the snapshot's image was not healthy); the version that ran before it runs again, with its data. */
    KEPT_CURRENT,
    /** The rollback failed and putting the previous version back failed too: manual recovery needed (see the commands). */
    ROLLBACK_FAILED;

    /** Lower-case name, as journals, history and JSON output write it ({@code kept_current}). */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
