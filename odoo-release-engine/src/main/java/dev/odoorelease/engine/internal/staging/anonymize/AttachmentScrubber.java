package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.ReferencingIndexes;
import dev.odoorelease.engine.internal.db.Transactions;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * Attachment rules: rows of {@code ir_attachment} by {@code res_model}, and their files in the
 * copy's filestore.
 *
 * <p>The filestore copy may consist of hard links to production's files (or its snapshot's), so a
 * file is never opened for writing: blanking points rows at a new empty file (content-addressed
 * name {@code da/da39a3ee…}, the SHA-1 of nothing), and files no row of the copy uses any more are
 * unlinked, which removes only the copy's name for them. The database part is one transaction;
 * files are unlinked only after it committed (a failure before leaves every file in place; a stale
 * file is harmless to Odoo, whose garbage collector ignores unreferenced files).
 */
final class AttachmentScrubber {
    static final String EMPTY_SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    static final String EMPTY_FNAME = EMPTY_SHA1.substring(0, 2) + "/" + EMPTY_SHA1;
    /** Odoo's store_fname: sha[:2]/sha (16 and 17 also read the legacy sha[:3]/sha). */
    private static final Pattern STORE_FNAME = Pattern.compile("[0-9a-f]{2,3}/[0-9a-f]{40}");

    private final Connection c;
    private final Path filestore;
    private final ProgressListener progress;
    private final List<String> warnings = new ArrayList<>();
    private boolean changedRows;

    AttachmentScrubber(Connection c, Path filestore, ProgressListener progress) {
        this.c = c;
        this.filestore = filestore;
        this.progress = progress;
    }

    List<String> warnings() {
        return warnings;
    }

    boolean changedRows() {
        return changedRows;
    }

    List<AnonymizationReport.AttachmentResult> run(List<AttachmentRule> rules) throws SQLException {
        List<AttachmentRule> active = rules.stream().filter(r -> r.action() != AttachmentRule.Action.KEEP).toList();
        if (active.isEmpty()) {
            return List.of();
        }
        Map<AttachmentRule, Long> rows = new LinkedHashMap<>();
        Map<AttachmentRule, Set<String>> names = new LinkedHashMap<>();
        Set<String> stillUsed = new HashSet<>();
        boolean anyBlank = active.stream().anyMatch(r -> r.action() == AttachmentRule.Action.BLANK);
        if (anyBlank && filestore != null) {
            createEmptyFile();
        }
        try {
            Transactions.commitOrRollback(c, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '60s'");
                    s.execute("LOCK TABLE ir_attachment IN SHARE ROW EXCLUSIVE MODE");
                    ReferencingIndexes indexes = null;
                    for (AttachmentRule r : active) {
                        Set<String> files = new LinkedHashSet<>();
                        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT store_fname FROM ir_attachment "
                                + "WHERE res_model = ? AND store_fname IS NOT NULL AND store_fname <> ''")) {
                            ps.setString(1, r.model());
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    files.add(rs.getString(1));
                                }
                            }
                        }
                        names.put(r, files);
                        long n;
                        if (r.action() == AttachmentRule.Action.DROP) {
                            if (indexes == null && any(r.model())) {
                                indexes = ReferencingIndexes.create(c, "ir_attachment");
                            }
                            try (PreparedStatement ps = c.prepareStatement("DELETE FROM ir_attachment WHERE res_model = ?")) {
                                ps.setString(1, r.model());
                                n = ps.executeLargeUpdate();
                            }
                        } else {
                            try (PreparedStatement ps = c.prepareStatement("""
                                    UPDATE ir_attachment
                                       SET store_fname = CASE WHEN store_fname IS NOT NULL AND store_fname <> '' THEN ? END,
                                           db_datas = CASE WHEN db_datas IS NOT NULL THEN '\\x'::bytea END,
                                           checksum = ?, file_size = 0, index_content = NULL
                                     WHERE res_model = ? AND type = 'binary'""")) {
                                ps.setString(1, EMPTY_FNAME);
                                ps.setString(2, EMPTY_SHA1);
                                ps.setString(3, r.model());
                                n = ps.executeLargeUpdate();
                            }
                        }
                        rows.put(r, n);
                        changedRows |= n > 0;
                    }
                    if (indexes != null) {
                        indexes.drop(c);
                    }
                    Set<String> all = new HashSet<>();
                    names.values().forEach(all::addAll);
                    if (!all.isEmpty()) {
                        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname = ANY (?)")) {
                            ps.setArray(1, c.createArrayOf("text", all.toArray()));
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    stillUsed.add(rs.getString(1));
                                }
                            }
                        }
                    }
                }
            });
        } catch (SQLException e) {
            throw new OdooReleaseException(ErrorCode.SQL, "Unable to apply the attachment rules to ir_attachment: "
                    + Anonymizer.primary(e) + " (SQLSTATE " + e.getSQLState() + "). Nothing was changed: the table's transaction was "
                    + "rolled back and no file was touched.", e);
        }

        List<AnonymizationReport.AttachmentResult> out = new ArrayList<>();
        Set<String> unlinked = new HashSet<>();
        long failures = 0;
        long odd = 0;
        long left = 0;
        for (AttachmentRule r : active) {
            long n = 0;
            for (String f : names.get(r)) {
                if (stillUsed.contains(f) || unlinked.contains(f)) {
                    continue;
                }
                if (filestore == null) {
                    left++;
                    continue;
                }
                if (!STORE_FNAME.matcher(f).matches()) {
                    odd++;
                    continue;
                }
                try {
                    if (Files.deleteIfExists(filestore.resolve(f))) {
                        n++;
                    }
                    unlinked.add(f);
                } catch (IOException e) {
                    failures++;
                }
            }
            out.add(new AnonymizationReport.AttachmentResult(r.model(), r.action().id(), rows.get(r), n, r.origin()));
            progress.info("  attachments of " + r.model() + ": " + rows.get(r) + " rows " + (r.action() == AttachmentRule.Action.DROP
                    ? "dropped" : "blanked") + ", " + n + " files unlinked from the copy's filestore");
        }
        if (left > 0) {
            warnings.add("no filestore given: " + left + " files of dropped or blanked attachments were left in place");
        }
        if (odd > 0) {
            warnings.add(odd + " attachment file names did not look like Odoo's (sha[:2]/sha) and were not unlinked");
        }
        if (failures > 0) {
            String w = failures + " attachment files could not be unlinked from the filestore copy (they still hold their content)";
            warnings.add(w);
            progress.warn(w);
        }
        return out;
    }

    private boolean any(String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM ir_attachment WHERE res_model = ?)")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The empty content's file, created new (never opened for writing when it exists: it may be a hard link). */
    private void createEmptyFile() {
        Path f = filestore.resolve(EMPTY_FNAME);
        try {
            // what is created here belongs to Odoo's filestore: its owner and mode, or Odoo (uid 101) could not store
            // a new attachment whose SHA-1 starts with this prefix
            dev.odoorelease.engine.internal.filestore.OdooUser odoo = dev.odoorelease.engine.internal.filestore.OdooUser.ofNearest(filestore);
            odoo.createDirectories(f.getParent());
            Files.createFile(f);
            odoo.adopt(f);
        } catch (FileAlreadyExistsException e) {
            // already there: content addressing says it is empty; check rather than trust
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to create the blank attachment file " + f + ": " + e.getMessage()
                    + ". Check the filestore's permissions and free space; nothing was changed.", e);
        }
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) != 0) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to blank attachments: " + f
                        + " exists but is not an empty file, although its name is the SHA-1 of empty content. "
                        + "Remove the file from the filestore copy, then run again; nothing was changed.");
            }
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to check the blank attachment file " + f + ": " + e.getMessage() + ".", e);
        }
    }
}
