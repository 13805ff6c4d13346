package dev.odoorelease.engine;

/**
 * Re-checks a snapshot against its manifest; one that fails is marked failed and never used again
 * ({@link OdooRelease#verifySnapshot()}).
 */
public final class VerifySnapshot {
    private final OdooRelease release;
    private String environment;
    private String snapshot;

    VerifySnapshot(OdooRelease release) {
        this.release = release;
    }

    public VerifySnapshot environment(String name) {
        this.environment = name;
        return this;
    }

    /** The snapshot's id ({@code 20261122-013012-4fa2}). */
    public VerifySnapshot snapshot(String id) {
        this.snapshot = id;
        return this;
    }

    public SnapshotVerification call() {
        var maintenance = release.maintenance(environment); // an unknown environment fails first
        String id = OdooRelease.requireId(snapshot, "verify snapshot");
        return new SnapshotVerification(environment, id, maintenance.verify(id));
    }
}
