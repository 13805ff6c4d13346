package dev.odoorelease.engine.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotStatus;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations that stopped half-way (a killed process leaves exactly these states behind) and the
 * next operation that finds them; and a disk that fills up during a snapshot.
 */
class InterruptedOperationsIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("interrupted");

    @TempDir
    Path dataDir;

    /** Starts a restore's journal and performs its first step, as a process killed right after it would leave it. */
    private SwapJournal.Plan interruptedRestore(Environment env, Snapshot snap, boolean alsoSwapFilestore) {
        try (OperationContext ctx = OperationContext.open(env, "restore", Duration.ofSeconds(30), ProgressListener.NONE)) {
            SwapJournal.Plan plan = new SwapJournal.Plan(env.db().database(), snap.databaseName(),
                    "ors_replaced_" + OperationIds.forDatabase(ctx.operationId()), env.filestore(),
                    Path.of(snap.location()).resolve("filestore"),
                    env.workDir().resolve("replaced").resolve(ctx.operationId()).resolve("filestore"), false, snap.id(), true);
            SwapJournal.begin(ctx, "restore", plan);
            // journaled as SwapJournal.swap journals them: each step is written before it is done
            ctx.store().journal().step(ctx.operationId(), "swapping");
            Folders.move(plan.liveFs(), plan.replacedFs());
            ctx.store().journal().step(ctx.operationId(), "filestore-live-moved");
            if (alsoSwapFilestore) {
                Folders.move(plan.incomingFs(), plan.liveFs());
                ctx.store().journal().step(ctx.operationId(), "filestore-swapped");
            }
            return plan; // the "process" dies here: lock released, journal open
        }
    }

    @Test
    void aRestoreKilledBetweenItsFilestoreAndDatabaseSwapsIsUndoneByTheNextOperation() throws Exception {
        Environment env = MiniOdoo.create(PG.server(), "undo_db", dataDir, 6, EnvironmentKind.PRODUCTION, SnapshotKind.TEMPLATE);
        Snapshot snap = new SnapshotCommand(env).call().snapshot();
        Files.writeString(env.filestore().resolve("live-marker"), "the live filestore");

        SwapJournal.Plan plan = interruptedRestore(env, snap, true);
        assertThat(env.filestore().resolve("live-marker")).as("half-done: the snapshot's filestore is in place").doesNotExist();

        List<Snapshot> listed = new SnapshotMaintenance(env).list(false); // read-only: does not recover
        assertThat(listed).isNotEmpty();
        new SnapshotCommand(env).kind(SnapshotKind.DUMP).call(); // any operation on the environment recovers first

        assertThat(env.filestore().resolve("live-marker")).as("live filestore put back").exists();
        assertThat(Path.of(snap.location()).resolve("filestore")).as("snapshot filestore back in the snapshot").isDirectory();
        assertThat(plan.replacedFs()).doesNotExist();
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.journal().open(env.name())).isEmpty();
            assertThat(store.snapshots().find(snap.id()).orElseThrow().status()).as("snapshot still usable").isEqualTo(SnapshotStatus.VERIFIED);
        }
        assertThat(MiniOdoo.count(PG.server(), "undo_db", "SELECT count(*) FROM ir_attachment")).isEqualTo(6);
    }

    @Test
    void aRestoreKilledAfterItsDatabaseSwapIsCompletedByTheNextOperation() throws Exception {
        Environment env = MiniOdoo.create(PG.server(), "complete_db", dataDir, 6, EnvironmentKind.PRODUCTION, SnapshotKind.TEMPLATE);
        Snapshot snap = new SnapshotCommand(env).call().snapshot();
        PG.server().superExecute("complete_db", "DELETE FROM res_partner");
        SwapJournal.Plan plan = interruptedRestore(env, snap, true);
        try (var admin = dev.odoorelease.engine.internal.db.DatabaseAdmin.on(env.db())) {
            admin.swap(plan.liveDb(), plan.incomingDb(), plan.replacedDb()); // done, but not journaled: killed right after
        }

        new SnapshotMaintenance(env).applyRetention();

        assertThat(MiniOdoo.count(PG.server(), "complete_db", "SELECT count(*) FROM res_partner")).as("restored data").isEqualTo(500);
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.journal().open(env.name())).isEmpty();
            assertThat(store.snapshots().find(snap.id()).orElseThrow().status()).isEqualTo(SnapshotStatus.RESTORED);
        }
    }

    @Test
    void aFullDiskFailsTheSnapshotClearlyAndLeavesNothingBehind() throws Exception {
        Path store = dataDir.resolve("small-store");
        Files.createDirectories(store);
        assumeTrue(Processes.run(List.of("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", store.toString()), Duration.ofSeconds(10))
                .exitCode() == 0, "needs root to mount a small tmpfs");
        try {
            Environment env = MiniOdoo.create(PG.server(), "full_db", dataDir.resolve("data"), 4, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP)
                    .toBuilder().snapshotStore(store).build();
            Files.write(env.filestore().resolve("big-scan.pdf"), new byte[3 * 1024 * 1024]);

            assertThatThrownBy(() -> new SnapshotCommand(env).call())
                    .isInstanceOf(OdooReleaseException.class)
                    .hasMessageContaining("disk is full")
                    .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.IO));
            // the environment's store folder goes too once nothing is left in it
            if (Files.exists(store.resolve(env.name()))) {
                try (var left = Files.list(store.resolve(env.name()))) {
                    assertThat(left.count()).as("partial snapshot removed").isZero();
                }
            }
            try (StateStore s = StateStore.open(env)) {
                assertThat(s.snapshots().list(env.name(), false)).extracting(Snapshot::status).containsExactly(SnapshotStatus.FAILED);
            }
        } finally {
            Processes.run(List.of("umount", store.toString()), Duration.ofSeconds(10));
        }
    }
}
