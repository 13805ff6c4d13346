package dev.odoorelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The stand-in image's tag hashes every file that goes into the image, the program's Python package included. */
class StandInImageTest {
    private static final Map<String, String> ARGS = Map.of("ODOO_SERIES", "17.0");

    @Test
    void theBuildContextHoldsEveryStandInFileAndThePackagesModules() throws Exception {
        Map<String, byte[]> files = StandInImage.contextFiles();
        List<String> onDisk = standInFilesOnTheClasspath();
        assertThat(onDisk).as("the package's modules are resources").contains("standin/odoo_standin/__init__.py",
                "standin/odoo_standin/cli.py", "standin/odoo_standin/server.py", "standin/odoo_standin/auth.py");
        assertThat(files.keySet()).containsAll(onDisk).contains("standin/Dockerfile", "standin/odoo", "schema/odoo17.sql");
        assertThat(files.keySet()).noneMatch(name -> name.contains("__pycache__") || name.endsWith(".pyc"));
        String dockerfile = new String(files.get("standin/Dockerfile"), StandardCharsets.UTF_8);
        assertThat(dockerfile).as("the image gets the package").contains("COPY standin/odoo_standin/ /usr/lib/python3/dist-packages/odoo_standin/");
    }

    @Test
    void changingAnyFileOfTheImageChangesTheTag() {
        Map<String, byte[]> files = new TreeMap<>(StandInImage.contextFiles());
        String original = StandInImage.hash(files, ARGS);
        assertThat(StandInImage.hash(new TreeMap<>(files), ARGS)).as("the hash is stable").isEqualTo(original);
        for (String name : files.keySet()) {
            Map<String, byte[]> changed = new TreeMap<>(files);
            byte[] bytes = files.get(name);
            byte[] edited = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            edited[bytes.length] = '\n';
            changed.put(name, edited);
            assertThat(StandInImage.hash(changed, ARGS)).as("a change in %s", name).isNotEqualTo(original);
        }
    }

    private static List<String> standInFilesOnTheClasspath() throws URISyntaxException, IOException {
        Path root = Path.of(StandInImage.class.getClassLoader().getResource("dev/odoorelease/testkit/standin").toURI());
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("__pycache__"))
                    .map(p -> "standin/" + root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    /** Older builds of the same name go (the disk filled with them); other names, and the new build, stay. */
    @Test
    void staleVersionsAreTheSameNameWithAnotherHashOnly() {
        String r = StandInImage.REPOSITORY + ":";
        List<String> images = List.of(r + "17.0-good-0123456789ab", r + "17.0-good-aaaaaaaaaaaa", r + "17.0-good-v1-0123456789ab",
                r + "17.0-good-v1-bbbbbbbbbbbb", r + "16.0-good-0123456789ab", r + "17.0-good-latest", "other/repo:17.0-good-0123456789ab");

        assertThat(StandInImage.staleVersions(images, "17.0-good-", r + "17.0-good-aaaaaaaaaaaa"))
                .containsExactly(r + "17.0-good-0123456789ab");
        assertThat(StandInImage.staleVersions(images, "17.0-good-v1-", r + "17.0-good-v1-bbbbbbbbbbbb"))
                .containsExactly(r + "17.0-good-v1-0123456789ab");
    }

    /**
     * A build another live process uses is never removed as an older version (a concurrent run with another stand-in
     * lost its image between building it and running it: "No such image"); a dead process's record does not hold it.
     */
    @Test
    void aBuildALiveProcessUsesIsKeptAndADeadOnesRecordIsDropped() throws Exception {
        String hash = String.format("%012x", System.nanoTime() & 0xffffffffffffL);
        assertThat(StandInImage.inUse(hash)).as("nobody uses a build before its lease").isFalse();
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.createDirectories(StandInImage.LEASES);
            Path lease = StandInImage.LEASES.resolve(hash + "." + other.pid());
            Files.write(lease, new byte[0]);
            assertThat(StandInImage.inUse(hash)).as("another live process uses it").isTrue();
            other.destroyForcibly().waitFor();
            assertThat(StandInImage.inUse(hash)).as("its process is gone").isFalse();
            assertThat(lease).as("the dead process's record is deleted").doesNotExist();
            StandInImage.lease(hash);
            assertThat(StandInImage.inUse(hash)).as("this process uses it").isTrue();
        } finally {
            other.destroyForcibly();
            Files.deleteIfExists(StandInImage.LEASES.resolve(hash + "." + ProcessHandle.current().pid()));
        }
    }
}
