package dev.odoorelease.engine.result;

/** Life of a snapshot. Only {@code VERIFIED} snapshots are ever restored or cloned from. */
public enum SnapshotStatus {
    /** Being written; a leftover of a killed operation when no operation holds the lock. */
    CREATING,
    /** Complete and checked; usable. */
    VERIFIED,
    /** Its verification failed or its creation broke; never used. */
    FAILED,
    /** A template snapshot that a restore consumed (renamed into place). */
    RESTORED,
    /** Deleted by a user or retention; the row stays as history. */
    DELETED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SnapshotStatus parse(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
