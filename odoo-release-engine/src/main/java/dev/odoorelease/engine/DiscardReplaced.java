package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.snapshot.DiscardReplacedCommand;
import dev.odoorelease.engine.internal.snapshot.OperationIds;

/**
 * Confirms a restore or clone: drops the database and folder it replaced and kept ({@link OdooRelease#discardReplaced()}).
 */
public final class DiscardReplaced {
    private final OdooRelease release;
    private String environment;
    private String operation;

    DiscardReplaced(OdooRelease release) {
        this.release = release;
    }

    public DiscardReplaced environment(String name) {
        this.environment = name;
        return this;
    }

    /**
     * The restore's or clone's operation id, or {@code <deploy or rollback id>-restore} for the data a rollback
     * replaced.
     */
    public DiscardReplaced operation(String id) {
        this.operation = id;
        return this;
    }

    public void call() {
        EnvironmentConfig e = release.environment(environment);
        if (!OperationIds.isValidOperation(operation)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to discard the data replaced by operation '" + operation
                    + "': not a valid operation id (they look like 20261122-013012-4fa2, or 20261122-013012-4fa2-restore for the "
                    + "restore of a rollback, as printed where the data was kept).");
        }
        new DiscardReplacedCommand(e.environment(), operation)
                .lockTimeout(release.lockTimeout()).progress(release.progress()).call();
    }
}
