package dev.odoorelease.engine.internal.filestore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether two folders are one, or one lies inside the other, by what they are on disk rather than how their paths
 * are spelled: each path is resolved through every symbolic link (itself or a parent) to its real path, and each
 * existing folder is compared by its file identity (device and inode, {@link BasicFileAttributes#fileKey()}), which
 * also recognises a bind mount of a folder as that folder. A path that does not exist yet is compared through its
 * nearest existing parent.
 */
public final class PathOverlap {
    private PathOverlap() {
    }

    /**
     * How {@code a} and {@code b} overlap ("the same folder", "inside …"), or empty when neither is, nor is inside,
     * the other.
     */
    public static Optional<String> between(Path a, Path b) {
        Resolved ra = Resolved.of(a);
        Resolved rb = Resolved.of(b);
        if (ra.real().equals(rb.real()) || (ra.key() != null && ra.key().equals(rb.key()))) {
            return Optional.of(a + " and " + b + " are the same folder (" + ra.real() + ")");
        }
        if (ra.isInside(rb)) {
            return Optional.of(a + " lies inside " + b + " (" + ra.real() + " in " + rb.real() + ")");
        }
        if (rb.isInside(ra)) {
            return Optional.of(b + " lies inside " + a + " (" + rb.real() + " in " + ra.real() + ")");
        }
        return Optional.empty();
    }

    /**
     * A path resolved: its real path (the nearest existing parent's real path plus what does not exist yet), the file
     * key of the path when it exists, and the file keys of its existing parents, nearest first.
     */
    private record Resolved(Path real, Object key, List<Object> parentKeys) {
        static Resolved of(Path p) {
            Path abs = p.toAbsolutePath().normalize();
            Path existing = abs;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                return new Resolved(abs, null, List.of());
            }
            try {
                Path realExisting = existing.toRealPath();
                Path real = realExisting.resolve(existing.relativize(abs)).normalize();
                Object key = existing.equals(abs) ? key(realExisting) : null;
                List<Object> parents = new ArrayList<>();
                for (Path q = existing.equals(abs) ? realExisting.getParent() : realExisting; q != null; q = q.getParent()) {
                    Object k = key(q);
                    if (k != null) {
                        parents.add(k);
                    }
                }
                return new Resolved(real, key, parents);
            } catch (IOException e) {
                throw new UncheckedIOException("Unable to resolve " + p, e);
            }
        }

        boolean isInside(Resolved outer) {
            if (outer.key() != null) {
                return parentKeys.contains(outer.key());
            }
            return !real.equals(outer.real()) && real.startsWith(outer.real());
        }

        private static Object key(Path q) throws IOException {
            return Files.readAttributes(q, BasicFileAttributes.class).fileKey();
        }
    }
}
