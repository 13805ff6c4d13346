package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The fault-injection suite's restores, discards and stage clones: killed at every step, PostgreSQL stopped between a
 * restore's and a clone's filestore and database swaps, and the disk filled as a stage clone begins.
 */
class CrashRecoveryStagingIT extends CrashRecoverySuite {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.RESTORE, Scenario.DISCARD_REPLACED, Scenario.STAGE_CLONE);
    }

    @Override
    List<String> pgStoppedPoints() {
        return List.of("restore:filestore-swapped", "clone:filestore-swapped");
    }

    /**
     * Disk full: staging's files live on a small filesystem of their own, filled to the last byte as a stage clone
     * begins. The clone fails with exit 14 (disk full) and says so; staging keeps its data and files, no temporary
     * folder or database is left, {@code recover} finds nothing to undo, and once space is freed the same clone
     * succeeds. (A restore from a dump snapshot kept on the same filesystem needs no space for its files: it links
     * them, and succeeds on a full disk.)
     */
    @TestFactory
    Stream<DynamicTest> diskFullMidOperationFailsCleanlyWithNothingLostAndNothingLeftBehind() {
        return Stream.of("clone:begin").map(p -> DynamicTest.dynamicTest(p + " with the disk full", () -> {
            assumeTrue(stagingOnTmpfs, "needs root to mount a small tmpfs for staging's files");
            long start = System.nanoTime();
            String[] operation = p.startsWith("restore:") ? new String[] {"restore", "staging", stagingSnapshotId()}
                    : new String[] {"stage-clone", "production", "staging", "--from", "live"};
            String before = dataChecksum("stage") + filestoreChecksum("staging", "stage");
            Path[] filler = new Path[1];

            CliRun broken = breakAt(p, Map.of(), () -> filler[0] = fill(dir.resolve("staging")), operation);
            Files.delete(filler[0]);

            assertThat(broken.exit()).as(broken.out() + broken.err()).isEqualTo(14);
            assertThat(broken.err()).containsIgnoringCase("no space left on device").contains("free space");
            assertThat(dataChecksum("stage") + filestoreChecksum("staging", "stage")).as("nothing lost").isEqualTo(before);
            recover("staging");
            assertThat(dataChecksum("stage") + filestoreChecksum("staging", "stage")).as("recover changed nothing").isEqualTo(before);
            discardKeptCopies();
            assertNothingLeftBehind();
            ok(operation);
            discardKeptCopies();
            assertNothingLeftBehind();
            System.out.println("crash suite: " + p + " with the disk full took " + seconds(start) + " s");
        }));
    }
}
