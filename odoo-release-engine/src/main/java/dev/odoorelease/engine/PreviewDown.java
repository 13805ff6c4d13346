package dev.odoorelease.engine;

import dev.odoorelease.engine.internal.preview.PreviewDownCommand;
import dev.odoorelease.engine.result.PreviewRemoved;
import java.util.List;

/**
 * Removes a branch's preview — container, database, filestore, snapshots and state, verified gone — and every preview whose
 * TTL passed ({@link OdooRelease#previewDown()}). Without a branch ({@link #expiredOnly()}) only the expired ones go. A branch
 * without a preview is not an error (the list returned is then empty, or holds only expired ones).
 */
public final class PreviewDown {
    private final OdooRelease release;
    private String branch;
    private boolean expiredOnly;

    PreviewDown(OdooRelease release) {
        this.release = release;
    }

    public PreviewDown branch(String b) {
        this.branch = b;
        return this;
    }

    /** Removes only the previews whose TTL passed. */
    public PreviewDown expiredOnly() {
        this.expiredOnly = true;
        return this;
    }

    public List<PreviewRemoved> call() {
        String b = branch != null ? branch : release.branch();
        if (!expiredOnly && (b == null || b.isBlank())) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to remove a preview: no branch given. Give the branch whose "
                    + "preview goes, or ask for the expired ones only.");
        }
        return new PreviewDownCommand(release.config()).branch(expiredOnly ? null : b).lockTimeout(release.lockTimeout())
                .progress(release.progress()).call();
    }
}
