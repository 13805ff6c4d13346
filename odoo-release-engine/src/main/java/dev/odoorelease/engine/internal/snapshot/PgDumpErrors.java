package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.internal.process.ProcessResult;

/** Turns pg_dump / pg_restore failures into messages that say what to do. */
public final class PgDumpErrors {
    private PgDumpErrors() {
    }

    public static OdooReleaseException map(String whatFor, Environment env, ProcessResult r) {
        String err = r.tail(10);
        String lower = err.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("server version mismatch") || lower.contains("aborting because of server version mismatch")) {
            return new OdooReleaseException(ErrorCode.PREREQUISITE, "Unable to " + whatFor + ": " + err
                    + ". Install the PostgreSQL client programs of the server's version on this machine.");
        }
        if (lower.contains("no space left on device")) {
            return new OdooReleaseException(ErrorCode.IO, "Unable to " + whatFor + ": the disk is full (" + err
                    + "). Free space in " + env.snapshotStore() + " or the server, then retry.");
        }
        if (lower.contains("password authentication failed")) {
            return new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to " + whatFor + ": the server refused the "
                    + "credentials of role " + env.db().user() + ". Check the environment's database credentials.");
        }
        if (lower.contains("does not exist") && lower.contains("database")) {
            return new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to " + whatFor + ": " + err + ".");
        }
        return new OdooReleaseException(ErrorCode.PROCESS_FAILED, "Unable to " + whatFor + " (exit " + r.exitCode() + "): " + err);
    }
}
