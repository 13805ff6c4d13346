package dev.odoorelease.engine.internal.filestore;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Folder moves and deletes with the engine's error messages. */
public final class Folders {
    private Folders() {
    }

    /** Renames a folder atomically (same filesystem); fails rather than copying. */
    public static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new dev.odoorelease.engine.OdooReleaseException(dev.odoorelease.engine.ErrorCode.PRECONDITION,
                    "Unable to rename " + from + " to " + to + ": they are on different filesystems. Keep the snapshot "
                            + "folders inside the environment's data directory.", e);
        } catch (IOException e) {
            throw FilestoreCopier.ioError("rename " + from + " to " + to, e);
        }
    }

    /**
     * Deletes a folder only when it is empty (a snapshot's folder whose filestore a restore took, the per-environment
     * folder of the last deleted dump); a folder that is not empty, or gone, is left as it is.
     */
    public static void deleteIfEmpty(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException notEmpty) {
            // still in use
        } catch (IOException e) {
            throw FilestoreCopier.ioError("delete the empty folder " + dir, e);
        }
    }

    /** {@link #deleteTree} of a snapshot's folder, then of its parent when that is left empty. */
    public static void deleteSnapshotFolder(Path location) {
        deleteTree(location);
        deleteIfEmpty(location.toAbsolutePath().getParent());
    }

    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw FilestoreCopier.ioError("delete " + dir, e);
        }
    }
}
