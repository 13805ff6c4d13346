package dev.odoorelease.engine.internal.filestore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Number of files and bytes in a filestore folder (its {@code checklist/} left out). */
public record FilestoreStats(long files, long bytes) {

    public static FilestoreStats of(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new FilestoreStats(0, 0);
        }
        long[] acc = new long[2];
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    return d.getFileName().toString().equals("checklist") && d.getParent().equals(dir)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    acc[0]++;
                    acc[1] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FilestoreStats(acc[0], acc[1]);
    }
}
