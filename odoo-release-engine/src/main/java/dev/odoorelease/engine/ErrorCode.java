package dev.odoorelease.engine;

/**
 * The category of an {@link OdooReleaseException}. Each category has a stable process exit code,
 * used by the CLI and documented in {@code docs/cli.md}.
 */
public enum ErrorCode {
    /** Bad configuration or arguments: unknown environment, invalid name, missing setting. */
    CONFIGURATION(2),
    /** A required program or server is missing on this machine (pg_dump, docker, ...). */
    PREREQUISITE(3),
    /** A database server could not be reached or refused the credentials. */
    DB_CONNECTION(4),
    /** A SQL statement failed. */
    SQL(5),
    /** An external program (pg_dump, pg_restore, docker, ...) failed. */
    PROCESS_FAILED(6),
    /** A guard rail refused the operation: production target, same source and target, existing data. */
    PRECONDITION(7),
    /** Something that had to exist does not: database, filestore, snapshot. */
    NOT_FOUND(8),
    /** Verification of copied or scrubbed data failed. */
    VERIFICATION(9),
    /** The environment did not become healthy in time. */
    HEALTH(10),
    /** Another operation holds the environment's lock. */
    LOCKED(11),
    /** A deploy failed and was rolled back. */
    ROLLED_BACK(12),
    /** A rollback itself failed: manual recovery needed. */
    ROLLBACK_FAILED(13),
    /** Disk full or other I/O failure. */
    IO(14),
    /** The operation was interrupted (build aborted, Ctrl-C). */
    INTERRUPTED(15);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The CLI's exit status for this category. */
    public int exitCode() {
        return exitCode;
    }
}
