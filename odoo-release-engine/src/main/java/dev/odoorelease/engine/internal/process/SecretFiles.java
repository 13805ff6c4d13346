package dev.odoorelease.engine.internal.process;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the short-lived files that carry secrets ({@code .pgpass} for pg_dump/pg_restore, {@code --env-file}s for
 * docker, temporary {@code DOCKER_CONFIG}s) are created: a private folder of this process,
 * {@code <java.io.tmpdir>/odoo-release-secrets-<user>/<pid>-<start time>/} (both levels 0700). Each file is deleted
 * when its call ends; the process's folder is deleted at a normal exit; and because a {@code kill -9} skips both, the
 * first use in every new process deletes the folders of processes that no longer run. So no secret file outlives the
 * next run of the tool.
 */
public final class SecretFiles {
    private static final Object LOCK = new Object();
    private static volatile Path mine;

    private SecretFiles() {
    }

    /** The shared parent of every process's folder (0700). */
    public static Path root() {
        return Path.of(System.getProperty("java.io.tmpdir"), "odoo-release-secrets-" + System.getProperty("user.name"));
    }

    /** This process's private folder; created (and the leftovers of dead processes removed) on first use. */
    public static Path folder() {
        Path m = mine;
        if (m != null && Files.isDirectory(m, LinkOption.NOFOLLOW_LINKS)) {
            return m;
        }
        synchronized (LOCK) {
            if (mine != null && Files.isDirectory(mine, LinkOption.NOFOLLOW_LINKS)) {
                return mine;
            }
            try {
                Path root = root();
                try {
                    Files.createDirectory(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException exists) {
                    if (Files.isSymbolicLink(root) || !Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)
                            || !Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
                        throw new IOException(root + " exists but is not a folder of this user");
                    }
                    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
                }
                removeLeftovers(root);
                ProcessHandle self = ProcessHandle.current();
                Path dir = root.resolve(self.pid() + "-" + startMillis(self).orElse(0L));
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "odoo-release-secret-files"));
                mine = dir;
                return dir;
            } catch (IOException | RuntimeException e) {
                throw new OdooReleaseException(ErrorCode.IO, "Unable to create the private folder for temporary secret files"
                        + " under " + root() + ": " + e.getMessage() + ". Check the temporary folder (java.io.tmpdir) is"
                        + " writable and that nobody else owns that folder.", e);
            }
        }
    }

    /** A new empty file (0600) in this process's folder. */
    public static Path createFile(String prefix, String suffix) throws IOException {
        return Files.createTempFile(folder(), prefix, suffix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    /** A new empty folder (0700) in this process's folder. */
    public static Path createFolder(String prefix) throws IOException {
        return Files.createTempDirectory(folder(), prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * Deletes the folders of processes that no longer run, without creating this process's own: every operation does it
     * when it starts, so a killed process's secrets do not wait for the next one that needs a secret file.
     */
    public static void removeLeftovers() {
        Path root = root();
        try {
            if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(root)
                    && Files.getOwner(root, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))) {
                removeLeftovers(root);
            }
        } catch (IOException | RuntimeException e) {
            // not this operation's business to fail for: the next one tries again
        }
    }

    /** Deletes the folders of processes that no longer run (killed before they could clean up). */
    static void removeLeftovers(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.toList()) {
                if (!alive(d.getFileName().toString())) {
                    deleteTree(d);
                }
            }
        }
    }

    /** Whether the process a folder is named after ({@code <pid>-<start millis>}) still runs. */
    private static boolean alive(String name) {
        int dash = name.indexOf('-');
        if (dash <= 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(0, dash));
            long start = Long.parseLong(name.substring(dash + 1));
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            // a pid reused by another process is not the owner: compare start times too
            return p.isPresent() && p.get().isAlive() && startMillis(p.get()).orElse(0L) == start;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<Long> startMillis(ProcessHandle p) {
        return p.info().startInstant().map(java.time.Instant::toEpochMilli);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // 0700 folder; the next run tries again
        }
    }
}
