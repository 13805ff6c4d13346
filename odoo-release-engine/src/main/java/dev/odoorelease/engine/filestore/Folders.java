package dev.odoorelease.engine.filestore;

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
