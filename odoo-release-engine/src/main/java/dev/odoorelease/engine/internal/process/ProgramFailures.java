package dev.odoorelease.engine.internal.process;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.util.Locale;

/**
 * The error of an external program that failed (pg_dump, pg_restore, psql, docker). A program that ran out of disk
 * space says so in its output ("No space left on device"; PostgreSQL's "could not extend file"): that is a full disk
 * ({@link ErrorCode#IO}, exit 14, "free space"), not a failed program, whichever program met it.
 */
public final class ProgramFailures {
    private ProgramFailures() {
    }

    /**
     * @param message the whole message for a failed program ("Unable to X (facts): output. What to do.")
     * @param output  what the program printed (its error output), read for the signs of a full disk
     */
    public static OdooReleaseException of(String message, String output) {
        if (diskFull(output)) {
            return new OdooReleaseException(ErrorCode.IO, message + (message.endsWith(".") ? " " : ". ")
                    + "The disk is full: free space where it writes (the data dir, the snapshot store or the database"
                    + " server's disk), then retry.");
        }
        return new OdooReleaseException(ErrorCode.PROCESS_FAILED, message);
    }

    /** Whether a program's output says it ran out of disk space. */
    public static boolean diskFull(String output) {
        if (output == null) {
            return false;
        }
        String lower = output.toLowerCase(Locale.ROOT);
        return lower.contains("no space left on device") || lower.contains("could not extend file")
                || lower.contains("disk quota exceeded");
    }
}
