package dev.odoorelease.engine;

/** Deletes a snapshot; refused for one a rollback or clone still needs ({@link OdooRelease#deleteSnapshot()}). */
public final class DeleteSnapshot {
    private final OdooRelease release;
    private String environment;
    private String snapshot;

    DeleteSnapshot(OdooRelease release) {
        this.release = release;
    }

    public DeleteSnapshot environment(String name) {
        this.environment = name;
        return this;
    }

    /** The snapshot's id ({@code 20261122-013012-4fa2}). */
    public DeleteSnapshot snapshot(String id) {
        this.snapshot = id;
        return this;
    }

    public void call() {
        release.maintenance(environment).delete(OdooRelease.requireId(snapshot, "delete snapshot"));
    }
}
