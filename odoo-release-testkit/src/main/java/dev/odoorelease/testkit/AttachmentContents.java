package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * What seeded attachment {@code i} is and holds: its kind (partner document or avatar, message, lead,
 * employee document), its deterministic content and size (every 10th drawn from a pool of shared
 * contents), and how a content lands in the filestore (content-addressed by SHA-1, written once).
 */
final class AttachmentContents {
    private final long messages;
    private final long leads;
    private final long employees;
    private final int sharedContents;
    private final int attachmentSize;

    AttachmentContents(SeedOptions o) {
        this.messages = o.messages();
        this.leads = o.leads();
        this.employees = o.employees();
        this.sharedContents = o.sharedContents();
        this.attachmentSize = o.attachmentSize();
    }

    /** kind of attachment i: 0 partner doc, 1 partner avatar, 2 message, 3 lead, 4 employee document */
    int kind(int i) {
        int k = i % 10;
        int kind = k < 4 ? 0 : k < 6 ? 1 : k < 8 ? 2 : k == 8 ? 3 : 4;
        if (kind == 2 && messages == 0) {
            kind = 0;
        }
        if (kind == 3 && leads == 0) {
            kind = 0;
        }
        if (kind == 4 && employees == 0) {
            kind = 0;
        }
        return kind;
    }

    boolean shared(int i) {
        return sharedContents > 0 && i % 10 == 7; // a tenth of the attachments reuse a pool of contents
    }

    int sizeOf(int i) {
        long mix = (i * 2654435761L) & 0xffffffffL;
        double f = 0.5 + (mix % 1000) / 1000.0;
        return (int) Math.max(16, Math.round(attachmentSize * f));
    }

    byte[] content(int i) {
        int kind = kind(i);
        long seed;
        int len;
        String header;
        if (shared(i)) {
            int slot = (i / 10) % sharedContents;
            seed = 0x5eed0000L + slot;
            len = sizeOf(slot * 10 + 7);
            header = "%PDF-1.4\n% odoo-release shared document " + slot + " (General terms and conditions)\n";
        } else {
            seed = 0x0d00L * 1_000_003L + i;
            len = sizeOf(i);
            header = switch (kind) {
                case 1 -> "\u0089PNG\r\n\u001a\n avatar of attachment " + i + "\n";
                case 4 -> "%PDF-1.4\n% employee document " + i + " - passport scan / contract\n";
                default -> "%PDF-1.4\n% attachment " + i + "\n";
            };
        }
        byte[] head = header.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[Math.max(len, head.length)];
        System.arraycopy(head, 0, out, 0, head.length);
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = head.length; p < out.length; ) {
            long v = r.nextLong();
            for (int b = 0; b < 8 && p < out.length; b++, p++) {
                out[p] = (byte) (v >>> (b * 8));
            }
        }
        return out;
    }

static String sha1(byte[] content) {
    try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
    }
}

/** Writes a content-addressed file unless it exists; true when this call created it. */
static boolean writeFile(Path filestore, String sha, byte[] content) {
    Path target = filestore.resolve(sha.substring(0, 2)).resolve(sha);
    if (Files.exists(target)) {
        return false;
    }
    try {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".seed-", ".tmp");
        Files.write(tmp, content);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(tmp);
            return false;
        }
        return true;
    } catch (IOException e) {
        throw new UncheckedIOException("Unable to write " + target, e);
    }
}
}
