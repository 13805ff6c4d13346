package dev.odoorelease.engine.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.ErrorCode;
import org.junit.jupiter.api.Test;

/** A program that ran out of disk space is a full disk (exit 14, free space), whichever program it was. */
class ProgramFailuresTest {
    @Test
    void theSignsOfAFullDiskMakeAnIoErrorThatSaysToFreeSpace() {
        for (String output : new String[] {"pg_dump: error: could not write to output file: No space left on device",
                "ERROR:  could not extend file \"base/16384/16385\": wrote only 4096 of 8192 bytes at block 3",
                "docker: Error response from daemon: mkdir /var/lib/docker/vfs/dir/abc: no space left on device."}) {
            var e = ProgramFailures.of("Unable to read the schema of database prod: " + output, output);
            assertThat(e.errorCode()).as(output).isEqualTo(ErrorCode.IO);
            assertThat(e.getMessage()).startsWith("Unable to read the schema of database prod: ").contains("The disk is full: free space");
        }
    }

    @Test
    void anyOtherFailureStaysAFailedProgramWithItsMessageUnchanged() {
        var e = ProgramFailures.of("Unable to dump prod (pg_dump exited with 1): permission denied for table x.",
                "pg_dump: error: permission denied for table x");
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PROCESS_FAILED);
        assertThat(e.getMessage()).isEqualTo("Unable to dump prod (pg_dump exited with 1): permission denied for table x.");
        assertThat(ProgramFailures.diskFull(null)).isFalse();
    }
}
