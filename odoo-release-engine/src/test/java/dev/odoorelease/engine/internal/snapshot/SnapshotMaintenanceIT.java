package dev.odoorelease.engine.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotStatus;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SnapshotMaintenanceIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("maintenance");

    @TempDir
    Path dataDir;

    @Test
    void verifyCatchesATamperedDumpAndTheSnapshotIsNeverUsedAgain() throws Exception {
        Environment env = MiniOdoo.create(PG.server(), "verify_db", dataDir, 5, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Snapshot s = new SnapshotCommand(env).call().snapshot();
        SnapshotMaintenance m = new SnapshotMaintenance(env);
        assertThat(m.verify(s.id())).as("an untouched snapshot verifies").isEmpty();

        Path toc = Path.of(s.location()).resolve("db").resolve("toc.dat");
        Files.write(toc, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        assertThat(m.verify(s.id())).singleElement().asString().contains("toc.dat");
        try (StateStore store = StateStore.open(env)) {
            assertThat(store.snapshots().find(s.id()).orElseThrow().status()).isEqualTo(SnapshotStatus.FAILED);
        }
        assertThatThrownBy(() -> new RestoreCommand(env).snapshot(s.id()).call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("only verified snapshots are restored");
    }

    @Test
    void templateSnapshotVerifiesAndStaysClosedToConnections() throws Exception {
        Environment env = MiniOdoo.create(PG.server(), "verify_tpl", dataDir, 5, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        Snapshot s = new SnapshotCommand(env).call().snapshot();
        assertThat(new SnapshotMaintenance(env).verify(s.id())).isEmpty();
        assertThat(MiniOdoo.count(PG.server(), "postgres", "SELECT count(*) FROM pg_database WHERE datname = '"
                + s.databaseName() + "' AND NOT datallowconn")).isEqualTo(1);
    }

    @Test
    void retentionKeepsTheNewestPerKindAndNeverAPinnedOne() throws Exception {
        Environment env = MiniOdoo.create(PG.server(), "ret_db", dataDir, 3, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE)
                .toBuilder().keepSnapshots(2).build();
        String s1 = new SnapshotCommand(env).call().snapshot().id();
        String s2 = new SnapshotCommand(env).call().snapshot().id();
        String s3 = new SnapshotCommand(env).call().snapshot().id();
        String s4 = new SnapshotCommand(env).call().snapshot().id();
        String d1 = new SnapshotCommand(env).kind(SnapshotKind.DUMP).call().snapshot().id();
        try (StateStore store = StateStore.open(env)) {
            store.snapshots().pin(s1, "some-running-deploy");
        }

        List<String> deleted = new SnapshotMaintenance(env).applyRetention();

        assertThat(deleted).containsExactly(s2);
        List<Snapshot> left = new SnapshotMaintenance(env).list(false);
        assertThat(left).extracting(Snapshot::id).containsExactlyInAnyOrder(s1, s3, s4, d1);
        assertThatThrownBy(() -> new SnapshotMaintenance(env).delete(s1))
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("depends on it");
        assertThat(MiniOdoo.count(PG.server(), "postgres", "SELECT count(*) FROM pg_database WHERE datname LIKE 'ors_snap_%"
                + OperationIds.forDatabase(s2) + "'")).as("deleted snapshot's database dropped").isZero();
    }

    @Test
    void unknownSnapshotIsAClearError() throws Exception {
        Environment env = MiniOdoo.create(PG.server(), "unknown_db", dataDir, 1, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        assertThatThrownBy(() -> new SnapshotMaintenance(env).delete("20990101-000000-abcd"))
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("Unable to find snapshot 20990101-000000-abcd")
                .hasMessageContaining("odoo-release snapshots list");
    }
}
