package dev.odoorelease.engine;

import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.result.SnapshotResult;

/**
 * Takes a snapshot of an environment's database and filestore, one point in time, verified against the source
 * ({@link OdooRelease#snapshot()}).
 */
public final class TakeSnapshot {
    private final OdooRelease release;
    private String environment;
    private SnapshotKind kind;
    private String label;
    private boolean drainSessions;

    TakeSnapshot(OdooRelease release) {
        this.release = release;
    }

    public TakeSnapshot environment(String name) {
        this.environment = name;
        return this;
    }

    /** Template or dump; {@code null} (the default): the environment's own kind. */
    public TakeSnapshot kind(SnapshotKind k) {
        this.kind = k;
        return this;
    }

    /** A note kept with the snapshot. */
    public TakeSnapshot label(String l) {
        this.label = l;
        return this;
    }

    /** A template snapshot terminates the sessions on the database (a template copy needs none) instead of refusing. */
    public TakeSnapshot drainSessions(boolean d) {
        this.drainSessions = d;
        return this;
    }

    public SnapshotResult call() {
        SnapshotCommand cmd = new SnapshotCommand(release.environment(environment).environment()).label(label)
                .drainSessions(drainSessions).lockTimeout(release.lockTimeout()).progress(release.progress());
        if (kind != null) {
            cmd.kind(kind);
        }
        return cmd.call();
    }
}
