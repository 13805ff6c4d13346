package dev.odoorelease.engine.internal.filestore;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The user Odoo runs as, read from the folder it owns on this machine (Odoo's {@code data_dir}, or its
 * {@code filestore/} folder: uid 101 in the official image), and the folder mode it uses there. Everything this tool
 * creates or copies into a filestore is given this owner, group and mode ({@link #adopt}), so that Odoo can still store
 * new attachments into every folder afterwards; {@link #unwritable} finds what it could not.
 *
 * @param uid        numeric owner of the reference folder
 * @param gid        numeric group of the reference folder
 * @param folderMode permissions of the reference folder (files get the same without the execute bits)
 * @param reference  the folder the values were read from
 */
public record OdooUser(int uid, int gid, Set<PosixFilePermission> folderMode, Path reference) {
    private static final Set<PosixFilePermission> EXECUTE = EnumSet.of(PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);

    public OdooUser {
        folderMode = Set.copyOf(folderMode);
    }

    /**
     * Odoo's user on this data directory: the owner of {@code <dataDir>/filestore} when it exists (Odoo created it),
     * else of the data directory itself.
     */
    public static OdooUser ofDataDir(Path dataDir) {
        Path fs = dataDir.resolve("filestore");
        return Files.isDirectory(fs) ? of(fs) : ofNearest(dataDir);
    }

    /** The owner of this folder, or of its nearest existing parent when it does not exist yet. */
    public static OdooUser ofNearest(Path folder) {
        Path p = folder.toAbsolutePath().normalize();
        while (p.getParent() != null && !Files.isDirectory(p)) {
            p = p.getParent();
        }
        return of(p);
    }

    /** Creates the missing folders of a path, each given this owner, group and mode. */
    public void createDirectories(Path folder) throws IOException {
        Path p = folder.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        while (p != null && !Files.isDirectory(p)) {
            missing.add(0, p);
            p = p.getParent();
        }
        for (Path m : missing) {
            try {
                Files.createDirectory(m);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                continue;
            }
            adopt(m);
        }
    }

    /** The owner, group and mode of this folder. */
    public static OdooUser of(Path folder) {
        try {
            Object uid = Files.getAttribute(folder, "unix:uid");
            Object gid = Files.getAttribute(folder, "unix:gid");
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(folder);
            return new OdooUser((Integer) uid, (Integer) gid, mode, folder);
        } catch (IOException | UnsupportedOperationException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to read the owner of " + folder + " (Odoo's user): "
                    + e.getMessage() + ". Check that the data directory exists on a POSIX filesystem.", e);
        }
    }

    /** The permissions a file gets: the folder mode without execute bits. */
    public Set<PosixFilePermission> fileMode() {
        Set<PosixFilePermission> m = EnumSet.noneOf(PosixFilePermission.class);
        m.addAll(folderMode);
        m.removeAll(EXECUTE);
        return m;
    }

    /**
     * Gives a folder or file this owner, group and mode (a symbolic link is left alone). Changing the owner needs
     * root; as another user the owner is left as it is when it already is this one, else it fails.
     */
    public void adopt(Path p) throws IOException {
        if (Files.isSymbolicLink(p)) {
            return;
        }
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if (!Integer.valueOf(uid).equals(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (!Integer.valueOf(gid).equals(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS))) {
            Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setPosixFilePermissions(p, dir ? folderMode : fileMode());
    }

    /** {@link #adopt} for a folder and everything below it. */
    public void adoptTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                adopt(d);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                adopt(f);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * What this user could not use in the tree: folders it cannot write into and enter (a new attachment whose
     * SHA-1 prefix is such a folder could not be stored, nor a file there be deleted), files it cannot read. At most
     * {@code limit} paths, relative to {@code root}; empty when everything is usable.
     */
    public List<String> unwritable(Path root, int limit) {
        List<String> bad = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return bad;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (!may(d, true, true)) {
                        bad.add(describe(root, d, "folder"));
                    }
                    return bad.size() >= limit ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    if (!attrs.isSymbolicLink() && !may(f, false, false)) {
                        bad.add(describe(root, f, "file"));
                    }
                    return bad.size() >= limit ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to check the permissions of " + root + ": " + e.getMessage()
                    + ". Check the folder exists and is readable.", e);
        }
        return bad;
    }

    /** Whether this uid/gid may read (and, for a folder, write into and enter) the path, by its mode bits. */
    private boolean may(Path p, boolean write, boolean enter) throws IOException {
        if (uid == 0) {
            return true;
        }
        int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int group = (Integer) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> m = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        PosixFilePermission r;
        PosixFilePermission w;
        PosixFilePermission x;
        if (owner == uid) {
            r = PosixFilePermission.OWNER_READ;
            w = PosixFilePermission.OWNER_WRITE;
            x = PosixFilePermission.OWNER_EXECUTE;
        } else if (group == gid) {
            r = PosixFilePermission.GROUP_READ;
            w = PosixFilePermission.GROUP_WRITE;
            x = PosixFilePermission.GROUP_EXECUTE;
        } else {
            r = PosixFilePermission.OTHERS_READ;
            w = PosixFilePermission.OTHERS_WRITE;
            x = PosixFilePermission.OTHERS_EXECUTE;
        }
        return m.contains(r) && (!write || m.contains(w)) && (!enter || m.contains(x));
    }

    private static String describe(Path root, Path p, String kind) {
        String rel = root.relativize(p).toString();
        try {
            return (rel.isEmpty() ? "." : rel) + " (" + kind + ", uid " + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)
                    + ", mode " + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p,
                    LinkOption.NOFOLLOW_LINKS)) + ")";
        } catch (IOException e) {
            return rel + " (" + kind + ")";
        }
    }

    @Override
    public String toString() {
        return "uid " + uid + ", gid " + gid + ", mode " + java.nio.file.attribute.PosixFilePermissions.toString(folderMode)
                + " (owner of " + reference + ")";
    }
}
