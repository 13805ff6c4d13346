package dev.odoorelease.engine.progress;

/**
 * Where an operation reports what it is doing, for people watching (the Jenkins build log, the
 * CLI's terminal). Developer diagnostics do not go here. Implementations must be thread-safe:
 * parallel workers report through the same listener.
 */
public interface ProgressListener {
    /** A listener that drops everything. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void info(String message) {
        }
    };

    /** A line for the operator: "Snapshotting database prod (4.2 GB) as template copy". */
    void info(String message);

    /** Something the operator should know although the operation goes on. */
    default void warn(String message) {
        info("WARNING: " + message);
    }

    /**
     * Progress of a long step, called at a modest rate (at most every few seconds).
     *
     * @param task  what is progressing ("copy filestore")
     * @param done  units done so far
     * @param total units in all, or -1 when unknown
     * @param unit  "files", "bytes", "rows", "tables"
     */
    default void progress(String task, long done, long total, String unit) {
        String amount = "bytes".equals(unit) ? Sizes.human(done) + (total >= 0 ? " of " + Sizes.human(total) : "")
                : done + (total >= 0 ? " of " + total : "") + " " + unit;
        info("  " + task + ": " + amount);
    }
}
