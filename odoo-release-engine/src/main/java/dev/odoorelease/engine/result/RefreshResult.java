package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.Map;

/**
 * A refresh that replaced staging: the stage clone it made (its differences report lists the records kept from the
 * previous staging, {@link StageCloneReport#carriedOver()}), the image staging serves again and the health check it
 * passed. {@code phaseMillis}: stop (staging's container stopped and kept), clone, serve (started and health-checked),
 * total.
 */
public record RefreshResult(StageCloneResult stageClone, String image, String previousImage, String health, Map<String, Long> phaseMillis)
        implements Serializable {
    /** How to undo it: the previous staging's data is kept, as a stage clone keeps it. */
    public String undo() {
        return stageClone.undo();
    }
}
