package dev.odoorelease.engine;

import dev.odoorelease.engine.result.Snapshot;
import java.util.List;

/** An environment's snapshots, newest first ({@link OdooRelease#listSnapshots()}). */
public final class ListSnapshots {
    private final OdooRelease release;
    private String environment;
    private boolean includeDeleted;

    ListSnapshots(OdooRelease release) {
        this.release = release;
    }

    public ListSnapshots environment(String name) {
        this.environment = name;
        return this;
    }

    /** Also the deleted and consumed snapshots. */
    public ListSnapshots includeDeleted(boolean all) {
        this.includeDeleted = all;
        return this;
    }

    public List<Snapshot> call() {
        return release.maintenance(environment).list(includeDeleted);
    }
}
