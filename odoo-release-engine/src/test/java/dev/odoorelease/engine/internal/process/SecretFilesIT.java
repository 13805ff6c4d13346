package dev.odoorelease.engine.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.db.PassFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A {@code .pgpass} written for pg_dump must not outlive its process: not even a {@code kill -9} of the tool, which
 * skips every clean-up, may leave the password on disk past the next run. Real child JVMs, real signals.
 */
class SecretFilesIT {
    static final String SECRET = "Pgpass-Secret-5c0ffee";

    @Test
    void aPasswordFileOfAKilledProcessIsGoneAfterTheNextRun() throws Exception {
        Process first = child("hold");
        String path;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            path = in.readLine();
            assertThat(path).as("the child printed its password file").isNotNull();
            Path file = Path.of(path);
            assertThat(Files.readString(file)).contains(SECRET);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            first.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Path.of(path)).as("kill -9 left the file behind (nothing could remove it)").exists();

        Process next = child("once");
        assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(next.exitValue()).as(new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(Path.of(path)).as("the next run removed the killed run's password file").doesNotExist();
        assertThat(Path.of(path).getParent()).as("and its private folder").doesNotExist();
    }

    private static Process child(String mode) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName(), mode).redirectErrorStream(true).start();
    }

    /** Writes a password file like a pg_dump call does; "hold" keeps it open until killed. */
    public static final class Child {
        public static void main(String[] a) throws Exception {
            try (PassFile p = PassFile.of(new DbTarget("127.0.0.1", 5432, "prod", "odoo", SECRET))) {
                System.out.println(p.env().get("PGPASSFILE"));
                System.out.flush();
                if (a[0].equals("hold")) {
                    Thread.sleep(600_000);
                }
            }
        }
    }
}
