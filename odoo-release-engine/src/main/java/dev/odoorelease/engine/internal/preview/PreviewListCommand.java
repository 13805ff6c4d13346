package dev.odoorelease.engine.internal.preview;

import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.PreviewInfo;
import java.util.List;

/** The previews of the project, idle longest first (read-only: nothing is removed, not even an expired one). */
public final class PreviewListCommand {
    private final ReleaseConfig config;
    private ProgressListener progress = ProgressListener.NONE;

    public PreviewListCommand(ReleaseConfig config) {
        this.config = config;
    }

    public PreviewListCommand progress(ProgressListener p) {
        this.progress = p == null ? ProgressListener.NONE : p;
        return this;
    }

    public List<PreviewInfo> call() {
        try (PreviewContext ctx = PreviewContext.reading(config, progress)) {
            return ctx.registry.list(ctx.source.name());
        }
    }
}
