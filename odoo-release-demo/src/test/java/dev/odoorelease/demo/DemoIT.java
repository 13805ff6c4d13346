package dev.odoorelease.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's demo as the end-to-end test: the whole promotion through the real command line (built in the reactor
 * before this module), run twice in the same folder, since a second run must work without cleaning up by hand.
 */
class DemoIT {
    @Test
    void theWholeStoryRunsAndRunsAgainWithoutCleaningUp() {
        Path work = Path.of("target/demo-it").toAbsolutePath();
        Path cli = Path.of("../odoo-release-cli/bin/odoo-release").toAbsolutePath().normalize();
        for (Demo.Size size : new Demo.Size[] {Demo.Size.FULL, Demo.Size.SMALL}) {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);
            int exit = new Demo(work, cli, false, size, out).run();
            String text = captured.toString(StandardCharsets.UTF_8);
            assertThat(exit).as("demo (%s) exit; output:%n%s", size, text).isZero();
            assertThat(text).contains("[6] Status of every environment").contains("=== demo finished in")
                    .contains("ROLLED BACK: the deploy of").contains("(exit 12)")
                    .contains("PASS no original e-mail address left")
                    .doesNotContain("demo failed");
        }
    }

    /** Writes to two streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
