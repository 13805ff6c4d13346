package dev.odoorelease.engine.internal.filestore;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.ThrottledProgress;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Copies an Odoo filestore folder to a new folder, in parallel over its {@code <2 hex>} sub-folders.
 * When source and target are on the same filesystem and links are allowed, files are hard-linked:
 * Odoo's attachment files are named by the SHA-1 of their content and never rewritten in place, so a
 * link is a true point-in-time copy at the cost of a directory entry. Otherwise files are copied.
 * The {@code checklist/} folder (Odoo's pending-deletion list) is not copied. Folders get the permissions
 * and, where the process may set them, the owner and group of their source: Odoo (uid 101 in the official
 * image) must still be able to write new attachments into a filestore that a restore put in place.
 *
 * <p>The target must not exist: the copier never writes into an existing folder.
 */
public final class FilestoreCopier {
    private final Path source;
    private final Path target;
    private boolean allowLinks = true;
    private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private ProgressListener progress = ProgressListener.NONE;
    private OdooUser owner;

    private FilestoreCopier(Path source, Path target) {
        this.source = source;
        this.target = target;
    }

    public static FilestoreCopier from(Path source, Path target) {
        return new FilestoreCopier(source, target);
    }

    public FilestoreCopier allowLinks(boolean allow) {
        this.allowLinks = allow;
        return this;
    }

    public FilestoreCopier threads(int n) {
        this.threads = Math.max(1, n);
        return this;
    }

    public FilestoreCopier progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    /**
     * The filestore the copy will belong to is Odoo's on this data directory: every folder it creates and every file
     * it copies gets that user's owner, group and mode ({@link OdooUser#adopt}) instead of the source's, so Odoo can
     * store new attachments in every folder. Hard-linked files share their inode with the source and are left as they
     * are (Odoo never rewrites an attachment file; it only needs to read it and write into its folder).
     * {@code null} (default): the source's attributes, as for a snapshot.
     */
    public FilestoreCopier owner(OdooUser user) {
        this.owner = user;
        return this;
    }

    /** What a copy did. */
    public record Result(long files, long bytes, boolean linked) {
    }

    public Result copy() {
        if (!Files.isDirectory(source)) {
            throw new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to copy filestore " + source
                    + ": the folder does not exist. Check the environment's data directory (Odoo's data_dir).");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to copy filestore to " + target
                    + ": it already exists and is not ours to overwrite. Remove or rename it first.");
        }
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectory(target);
            folderAttributes(source, target);
        } catch (IOException e) {
            throw ioError("create " + target, e);
        }
        boolean link = allowLinks && sameFileStore(source, target.getParent());
        List<Path> entries;
        try (Stream<Path> s = Files.list(source)) {
            entries = s.filter(p -> !p.getFileName().toString().equals("checklist")).sorted().toList();
        } catch (IOException e) {
            throw ioError("list " + source, e);
        }
        AtomicLong bytes = new AtomicLong();
        ThrottledProgress counter = new ThrottledProgress(progress, link ? "link filestore files" : "copy filestore files",
                -1, "files", 5000);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "filestore-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            List<Path> topFiles = new ArrayList<>();
            for (Path e : entries) {
                if (Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                    futures.add(pool.submit(() -> {
                        copyTree(e, target.resolve(e.getFileName().toString()), link, bytes, counter);
                        return null;
                    }));
                } else {
                    topFiles.add(e);
                }
            }
            for (Path f : topFiles) {
                copyFile(f, target.resolve(f.getFileName().toString()), link, bytes, counter);
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new OdooReleaseException(ErrorCode.INTERRUPTED, "Interrupted while copying filestore " + source
                    + " to " + target + "; the partial copy is left for cleanup.", e);
        } catch (IOException e) {
            throw ioError("copy " + source + " to " + target, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof OdooReleaseException ore) {
                throw ore;
            }
            if (c instanceof IOException io) {
                throw ioError("copy " + source + " to " + target, io);
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        counter.finish();
        return new Result(counter.done(), bytes.get(), link);
    }

    private void copyTree(Path dir, Path to, boolean link, AtomicLong bytes, ThrottledProgress counter) throws IOException {
        Files.createDirectory(to);
        folderAttributes(dir, to);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path dest = to.resolve(p.getFileName().toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    copyTree(p, dest, link, bytes, counter);
                } else {
                    copyFile(p, dest, link, bytes, counter);
                }
            }
        }
    }

    private void folderAttributes(Path from, Path to) throws IOException {
        if (owner != null) {
            owner.adopt(to);
        } else {
            copyFolderAttributes(from, to);
        }
    }

    private void copyFile(Path from, Path to, boolean link, AtomicLong bytes, ThrottledProgress counter) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new java.io.InterruptedIOException("interrupted");
        }
        if (Files.isSymbolicLink(from)) {
            Files.copy(from, to, LinkOption.NOFOLLOW_LINKS);
        } else if (link) {
            Files.createLink(to, from);
        } else {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            if (owner != null) {
                owner.adopt(to);
            }
        }
        bytes.addAndGet(Files.size(to));
        counter.add(1);
    }

    /**
     * Gives a new folder its source's owner and group (when permitted: as root, or to the process's own user and
     * groups) and then its permissions. Without a POSIX filesystem, nothing.
     */
    static void copyFolderAttributes(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (source == null || target == null) {
            return;
        }
        PosixFileAttributes a = source.readAttributes();
        try {
            target.setOwner(a.owner());
            target.setGroup(a.group());
        } catch (FileSystemException notPermitted) {
            // not root: the folder stays ours, with the source's permissions below
        }
        target.setPermissions(a.permissions());
    }

    static boolean sameFileStore(Path a, Path b) {
        try {
            FileStore fa = Files.getFileStore(a);
            FileStore fb = Files.getFileStore(b);
            return fa.equals(fb);
        } catch (IOException e) {
            return false;
        }
    }

    public static OdooReleaseException ioError(String what, IOException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        if (msg.contains("No space left on device")) {
            return new OdooReleaseException(ErrorCode.IO, "Unable to " + what + ": the disk is full. Free space, then retry; "
                    + "nothing was swapped in.", e);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            msg = fse.getFile() + ": " + fse.getReason();
        }
        return new OdooReleaseException(ErrorCode.IO, "Unable to " + what + ": " + msg + ".", e);
    }
}
