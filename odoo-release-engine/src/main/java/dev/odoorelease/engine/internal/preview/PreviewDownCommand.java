package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.PreviewInfo;
import dev.odoorelease.engine.result.PreviewRemoved;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes a branch's preview (all of it, verified: {@link PreviewRemoval}), or with no branch only the expired ones. Opening
 * the previews removes every expired preview too, so the list returned may hold more than the branch's. A branch without a
 * preview is not an error: a deleted branch job asks whether or not its branch ever had one.
 */
public final class PreviewDownCommand {
    private final ReleaseConfig config;
    private String branch;
    private Duration lockTimeout = Duration.ofMinutes(10);
    private ProgressListener progress = ProgressListener.NONE;

    public PreviewDownCommand(ReleaseConfig config) {
        this.config = config;
    }

    /** The branch whose preview goes; null: only the expired previews. */
    public PreviewDownCommand branch(String b) {
        this.branch = b == null || b.isBlank() ? null : b.strip();
        return this;
    }

    public PreviewDownCommand lockTimeout(Duration t) {
        this.lockTimeout = t;
        return this;
    }

    public PreviewDownCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public List<PreviewRemoved> call() {
        String name = branch == null ? null : PreviewContext.template(config, "remove a preview").nameFor(branch);
        try (PreviewContext ctx = PreviewContext.changing(config, "preview down " + (name == null ? "(expired)" : name), lockTimeout,
                progress)) {
            List<PreviewRemoved> removed = new ArrayList<>(ctx.swept);
            if (name == null || removed.stream().anyMatch(r -> r.name().equals(name))) {
                return removed;
            }
            Optional<PreviewInfo> p = ctx.registry.find(name);
            if (p.isEmpty()) {
                progress.info("Branch " + branch + " has no preview (" + name + "): nothing to remove");
                return removed;
            }
            if (!p.get().branch().equals(branch)) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to remove the preview of branch " + branch + ": preview "
                        + name + " is branch " + p.get().branch() + "'s. Nothing was removed.");
            }
            removed.add(ctx.removal().remove(p.get(), "asked for"));
            return removed;
        }
    }
}
