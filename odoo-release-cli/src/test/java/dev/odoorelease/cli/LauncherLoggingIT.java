package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged CLI's runtime classpath (the jar and target/lib, as bin/odoo-release runs it) has an SLF4J provider:
 * JGit's loggers print nothing, in particular not SLF4J's "no provider" warning on every call.
 */
class LauncherLoggingIT {
    /** Gets a logger the way JGit's classes do when they load, then logs. */
    public static final class Probe {
        public static void main(String[] a) {
            org.slf4j.LoggerFactory.getLogger("org.eclipse.jgit.util.FS").warn("a JGit warning the CLI does not show");
            // and a real JGit class that logs while it loads
            org.eclipse.jgit.util.FS.detect();
            System.out.println("probe done");
        }
    }

    @Test
    void jgitLogsNothingAndSlf4jWarnsAboutNothing() throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("odoo-release-cli-.*\\.jar")
                    && !p.getFileName().toString().contains("sources") && !p.getFileName().toString().contains("tests"))
                    .findFirst().orElseThrow(() -> new AssertionError("the CLI jar is not built"));
        }
        // the jar's manifest Class-Path is target/lib: exactly the launcher's classpath, plus this probe
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar + ":" + Path.of("target", "test-classes"), Probe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).as("the probe ran").contains("probe done");
        assertThat(out.lines().toList()).as("nothing from SLF4J or JGit on the output")
                .noneMatch(l -> l.startsWith("SLF4J:")).noneMatch(l -> l.contains("JGit warning"));
        assertThat(List.of(jar.getParent().resolve("lib").toFile().list())).as("the launcher's lib folder")
                .anyMatch(n -> n.startsWith("slf4j-nop-"));
    }
}
