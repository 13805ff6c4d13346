package dev.odoorelease.engine.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.HistoryEntry;

/** What operations leave in the history and on disk: no entry left open by a refusal, no empty snapshot folder. */
class OperationRecordsIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("records");

    @TempDir
    Path dir;

    @Test
    void aRefusedCloneOrRestoreLeavesNoOpenEntryInTheHistory() throws Exception {
        Environment prod = MiniOdoo.create(PG.server(), "rec_prod", dir.resolve("prod"), 3, EnvironmentKind.PRODUCTION, SnapshotKind.TEMPLATE);
        Environment stage = MiniOdoo.create(PG.server(), "rec_stage", dir.resolve("stage"), 3, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        String snap = new SnapshotCommand(stage).call().snapshot().id();
        try (Connection busy = PG.server().connect("rec_stage")) {
            busy.createStatement().execute("SELECT 1");
            assertThatThrownBy(() -> new CloneCommand(prod, stage).from(CloneCommand.Source.LIVE).drainTarget(false).call())
                    .as("a session on the target refuses the clone").isInstanceOf(OdooReleaseException.class);
            assertThatThrownBy(() -> new RestoreCommand(stage).snapshot(snap).call())
                    .as("and the restore").isInstanceOf(OdooReleaseException.class);
        }
        try (StateStore s = StateStore.open(stage)) {
            assertThat(s.history().recent(stage.name(), 50)).as("history of %s", stage.name())
                    .noneMatch(h -> h.finishedAt() == null).extracting(HistoryEntry::operation).doesNotContain("clone", "restore");
        }
    }

    @Test
    void noEmptySnapshotFolderStaysBehind() throws Exception {
        Environment tpl = MiniOdoo.create(PG.server(), "rec_tpl", dir.resolve("tpl"), 3, EnvironmentKind.STAGING, SnapshotKind.TEMPLATE);
        var t = new SnapshotCommand(tpl).call().snapshot();
        Path tplFolder = Path.of(t.location());
        assertThat(tplFolder.resolve("filestore")).isDirectory();
        new RestoreCommand(tpl).snapshot(t.id()).call();
        assertThat(tplFolder).as("the template snapshot's folder, whose filestore the restore took").doesNotExist();

        Environment dump = MiniOdoo.create(PG.server(), "rec_dump", dir.resolve("dump"), 3, EnvironmentKind.STAGING, SnapshotKind.DUMP);
        var d = new SnapshotCommand(dump).call().snapshot();
        Path dumpFolder = Path.of(d.location());
        assertThat(dumpFolder).isDirectory();
        new SnapshotMaintenance(dump).delete(d.id());
        assertThat(dumpFolder).doesNotExist();
        assertThat(dumpFolder.getParent()).as("the environment's folder in the store, left empty").doesNotExist();
    }
}
