package dev.odoorelease.engine.internal.snapshot;

import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether a dump snapshot's files are still those it was verified with: the SHA-256 of every file of its
 * {@code pg_dump} folder against its manifest, and its filestore copy's file count and size. Used by
 * {@code snapshots verify} and, before anything changes, by every restore of a dump.
 */
final class DumpIntegrity {
    private DumpIntegrity() {
    }

    /** What differs from the manifest, one item per problem; empty when the dump is intact. */
    static List<String> problems(Snapshot s) {
        List<String> problems = new ArrayList<>();
        SnapshotManifest m = s.manifest();
        Path folder = Path.of(s.location());
        if (!Files.isDirectory(folder.resolve("db"))) {
            problems.add("dump folder " + folder.resolve("db") + " is missing");
            return problems;
        }
        if (m == null || m.dumpChecksums() == null || m.dumpChecksums().isEmpty()) {
            problems.add("no checksums are recorded for it");
            return problems;
        }
        Map<String, String> now = Checksums.ofFolder(folder.resolve("db"));
        if (!now.equals(m.dumpChecksums())) {
            List<String> differing = new ArrayList<>();
            TreeSet<String> names = new TreeSet<>(m.dumpChecksums().keySet());
            names.addAll(now.keySet());
            for (String f : names) {
                String expected = m.dumpChecksums().get(f);
                String actual = now.get(f);
                if (expected == null) {
                    differing.add(f + " (not in the dump when it was taken)");
                } else if (actual == null) {
                    differing.add(f + " (missing)");
                } else if (!expected.equals(actual)) {
                    differing.add(f + " (SHA-256 " + actual.substring(0, 12) + "…, recorded " + expected.substring(0, 12) + "…)");
                }
            }
            problems.add("dump files changed or missing: " + differing);
        }
        FilestoreStats stats = FilestoreStats.of(folder.resolve("filestore"));
        if (stats.files() != m.filestoreFiles() || stats.bytes() != m.filestoreBytes()) {
            problems.add("filestore has " + stats.files() + " files / " + stats.bytes() + " bytes, manifest says "
                    + m.filestoreFiles() + " / " + m.filestoreBytes());
        }
        return problems;
    }
}
