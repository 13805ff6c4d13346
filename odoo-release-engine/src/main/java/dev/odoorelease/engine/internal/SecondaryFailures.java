package dev.odoorelease.engine.internal;

/**
 * The clean-up and bookkeeping after an operation failed (marking a snapshot failed, abandoning a journal, finishing the
 * history entry) must never hide why it failed: each step runs, and a step's own failure is attached to the original
 * error as a suppressed exception instead of replacing it. The caller then throws the original.
 *
 * <pre>{@code
 * } catch (RuntimeException e) {
 *     throw SecondaryFailures.after(e, () -> journal.abandon(...), () -> history.finish(id, "failed", ...));
 * }</pre>
 */
public final class SecondaryFailures {
    private SecondaryFailures() {
    }

    /** Runs every step; returns {@code primary} with the steps' failures added to it as suppressed. */
    public static <E extends Throwable> E after(E primary, Runnable... steps) {
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException secondary) {
                primary.addSuppressed(secondary);
            }
        }
        return primary;
    }
}
