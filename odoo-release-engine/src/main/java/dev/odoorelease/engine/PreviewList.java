package dev.odoorelease.engine;

import dev.odoorelease.engine.internal.preview.PreviewListCommand;
import dev.odoorelease.engine.result.PreviewInfo;
import java.util.List;

/** The project's previews, idle longest first ({@link OdooRelease#previewList()}; read-only). */
public final class PreviewList {
    private final OdooRelease release;

    PreviewList(OdooRelease release) {
        this.release = release;
    }

    public List<PreviewInfo> call() {
        return new PreviewListCommand(release.config()).progress(release.progress()).call();
    }
}
