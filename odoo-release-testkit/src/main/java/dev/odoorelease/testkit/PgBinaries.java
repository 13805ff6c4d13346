package dev.odoorelease.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the PostgreSQL server binaries ({@code initdb}, {@code pg_ctl}) of the newest installed
 * major version under {@code /usr/lib/postgresql/<major>/bin} (Debian's layout), or in the folder
 * named by the {@code PG_BINDIR} environment variable.
 */
public final class PgBinaries {
    private PgBinaries() {
    }

    public static Path binDir() {
        return find().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/<version>/bin "
                        + "nor in $PG_BINDIR. Install them with `apt-get install postgresql` or run scripts/setup-machine."));
    }

    public static Optional<Path> find() {
        String env = System.getenv("PG_BINDIR");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            return Files.isExecutable(p.resolve("initdb")) ? Optional.of(p) : Optional.empty();
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions
                    .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .sorted(Comparator.comparingDouble((Path v) -> Double.parseDouble(v.getFileName().toString())).reversed())
                    .map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .findFirst();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The major version of the binaries, e.g. 15. */
    public static int majorVersion() {
        return (int) Double.parseDouble(binDir().getParent().getFileName().toString());
    }
}
