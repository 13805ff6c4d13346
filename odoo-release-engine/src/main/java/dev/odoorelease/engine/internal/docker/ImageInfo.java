package dev.odoorelease.engine.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code docker image inspect} says about a local image.
 *
 * @param id       {@code sha256:…}; record it to roll back to exactly this image even after its tag moved
 * @param repoTags the tags pointing at it, e.g. {@code odoo:17.0}
 * @param created  when it was built, or {@code null} if Docker does not say
 * @param labels   its labels (OCI labels such as {@code org.opencontainers.image.revision})
 */
public record ImageInfo(String id, List<String> repoTags, Instant created, Map<String, String> labels)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ImageInfo {
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    static ImageInfo fromJson(JsonNode i) {
        List<String> tags = new ArrayList<>();
        i.path("RepoTags").forEach(t -> tags.add(t.asText()));
        Map<String, String> labels = new LinkedHashMap<>();
        i.path("Config").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ImageInfo(i.path("Id").asText(), tags, ContainerState.time(i.path("Created").asText(null)), labels);
    }
}
