package dev.odoorelease.engine.result;

import dev.odoorelease.engine.result.CloneResult;
import java.io.Serializable;

/** A stage clone that replaced its target; {@code reportJson}/{@code reportMarkdown} are the differences report. */
public record StageCloneResult(CloneResult copy, StageCloneReport report, String reportJson, String reportMarkdown)
        implements Serializable {
    public String undo() {
        return copy.undo();
    }
}
