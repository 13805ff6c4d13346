package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.List;

/**
 * A preview removed, all of it.
 *
 * @param name     the preview's name
 * @param branch   the branch it previewed
 * @param reason   why: asked for, its TTL passed, or evicted to make room under {@code maxAlive}
 * @param verified what was checked to be gone after the removal (containers, databases, data directory, state)
 */
public record PreviewRemoved(String name, String branch, String reason, List<String> verified) implements Serializable {
    public PreviewRemoved {
        verified = List.copyOf(verified);
    }
}
