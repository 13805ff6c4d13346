package dev.odoorelease.engine.internal.filestore;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.Transactions;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Compares a database's attachments with a filestore folder: every {@code ir_attachment.store_fname}
 * must exist as {@code <filestore>/<store_fname>}; files no row references are orphans (harmless:
 * Odoo's garbage collector leaves them until its next run, odoo-facts §2.2).
 */
public final class FilestoreCheck {
    private FilestoreCheck() {
    }

    /** The outcome: counts plus a few missing names to show. */
    public record Result(long referenced, long missing, long orphans, List<String> missingSample) implements Serializable {
        public boolean within(int maxMissing) {
            return missing <= maxMissing;
        }
    }

    public static Result run(Connection db, Path filestore) {
        return run(db, filestore, true);
    }

    /**
     * @param countOrphans also walk the filestore to count files no attachment references (a full
     *                     directory walk: skipped where only missing files matter, as in snapshots)
     */
    public static Result run(Connection db, Path filestore, boolean countOrphans) {
        Set<String> referenced = new HashSet<>();
        List<String> missingSample = new ArrayList<>();
        long missing = 0;
        try {
            // a cursor (fetch size) needs a transaction; keep the caller's if it has one
            Transactions.inCallersOrOwnTransaction(db, () -> {
                try (Statement s = db.createStatement()) {
                    s.setFetchSize(10_000);
                    try (ResultSet rs = s.executeQuery(
                            "SELECT DISTINCT store_fname FROM ir_attachment WHERE store_fname IS NOT NULL AND store_fname <> ''")) {
                        while (rs.next()) {
                            referenced.add(rs.getString(1));
                        }
                    }
                }
                return null;
            });
            // one stat per referenced file, in parallel: the folder of a big filestore is not walked
            List<String> missingNames = referenced.parallelStream()
                    .filter(name -> !isSafe(name) || !Files.exists(filestore.resolve(name), LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList();
            missing = missingNames.size();
            missingSample.addAll(missingNames.subList(0, Math.min(10, missingNames.size())));
        } catch (SQLException e) {
            throw new OdooReleaseException(ErrorCode.SQL, "Unable to list the attachments of the database to check filestore "
                    + filestore + ": " + e.getMessage() + ". Is this an Odoo database?", e);
        }
        long orphans = 0;
        if (countOrphans && Files.isDirectory(filestore)) {
            try (Stream<Path> walk = Files.walk(filestore)) {
                orphans = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .map(p -> filestore.relativize(p).toString())
                        .filter(rel -> !rel.startsWith("checklist/"))
                        .filter(rel -> !referenced.contains(rel))
                        .count();
            } catch (IOException e) {
                throw FilestoreCopier.ioError("read filestore " + filestore, e);
            }
        }
        return new Result(referenced.size(), missing, orphans, List.copyOf(missingSample));
    }

    /** Runs the check and fails when more files than allowed are missing. */
    public static Result require(Connection db, Path filestore, int maxMissing, String context) {
        Result r = run(db, filestore, false);
        if (!r.within(maxMissing)) {
            throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to " + context + ": " + r.missing() + " of "
                    + r.referenced() + " attachment files are missing from " + filestore + " (allowed: " + maxMissing
                    + "; e.g. " + String.join(", ", r.missingSample()) + "). Check the environment's data directory, "
                    + "or raise maxMissingFiles if those files are known to be lost.");
        }
        return r;
    }

    /** A store_fname must stay inside the filestore (no absolute paths, no ".."). */
    static boolean isSafe(String name) {
        return !name.startsWith("/") && !name.contains("..") && !name.contains("\\");
    }
}
