package dev.odoorelease.engine.internal.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code docker inspect} says about a container, reduced to what a release needs. The container's environment
 * ({@code Config.Env}) is deliberately not read: it may hold passwords.
 *
 * @param id           full container id
 * @param name         name without Docker's leading {@code /}
 * @param image        the image reference it was created from ({@code Config.Image}, e.g. {@code odoo:17.0})
 * @param imageId      the image id ({@code sha256:…}), which stays correct when the tag moves on
 * @param status       {@code created}, {@code running}, {@code paused}, {@code restarting}, {@code removing},
 *                     {@code exited} or {@code dead}
 * @param running      whether its main process runs (also true while paused or restarting)
 * @param restarting   whether the restart policy is restarting it right now
 * @param exitCode     exit code of the last run (0 while running or never started)
 * @param oomKilled    whether the kernel killed it for lack of memory
 * @param error        Docker's error for the last start (e.g. a missing executable), or empty
 * @param startedAt    start of the current or last run, {@code null} if never started
 * @param finishedAt   end of the last run, {@code null} if none has ended
 * @param restartCount how many times the restart policy restarted it
 * @param labels       its labels
 * @param health       status of the image's HEALTHCHECK ({@code starting}, {@code healthy}, {@code unhealthy}), or
 *                     {@code null} when it has none (the official Odoo image has none)
 */
public record ContainerState(
        String id,
        String name,
        String image,
        String imageId,
        String status,
        boolean running,
        boolean restarting,
        int exitCode,
        boolean oomKilled,
        String error,
        Instant startedAt,
        Instant finishedAt,
        int restartCount,
        Map<String, String> labels,
        String health)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ContainerState {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        error = error == null ? "" : error;
    }

    /** Whether it runs normally: running, not restarting, not paused. */
    public boolean isUp() {
        return running && !restarting && "running".equals(status);
    }

    /** Whether it has stopped for good unless someone starts it: {@code exited} or {@code dead}. */
    public boolean hasExited() {
        return "exited".equals(status) || "dead".equals(status);
    }

    /** {@code "exited with code 1 (OOMKilled, 2 restarts, error: …)"} or {@code "running"}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(status);
        if (hasExited()) {
            sb.append(" with code ").append(exitCode);
        }
        StringBuilder facts = new StringBuilder();
        if (oomKilled) {
            facts.append("OOMKilled");
        }
        if (restartCount > 0) {
            facts.append(facts.length() > 0 ? ", " : "").append(restartCount).append(restartCount == 1 ? " restart" : " restarts");
        }
        if (!error.isEmpty()) {
            facts.append(facts.length() > 0 ? ", " : "").append("error: ").append(error);
        }
        if (health != null) {
            facts.append(facts.length() > 0 ? ", " : "").append("health ").append(health);
        }
        return facts.length() > 0 ? sb + " (" + facts + ")" : sb.toString();
    }

    /** One element of {@code docker inspect}'s array. */
    static ContainerState fromJson(JsonNode c) {
        JsonNode state = c.path("State");
        JsonNode config = c.path("Config");
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        String name = c.path("Name").asText("");
        JsonNode health = state.get("Health");
        return new ContainerState(
                c.path("Id").asText(),
                name.startsWith("/") ? name.substring(1) : name,
                config.path("Image").asText(""),
                c.path("Image").asText(""),
                state.path("Status").asText(""),
                state.path("Running").asBoolean(false),
                state.path("Restarting").asBoolean(false),
                state.path("ExitCode").asInt(0),
                state.path("OOMKilled").asBoolean(false),
                state.path("Error").asText(""),
                time(state.path("StartedAt").asText(null)),
                time(state.path("FinishedAt").asText(null)),
                c.path("RestartCount").asInt(0),
                labels,
                health == null || health.isNull() ? null : health.path("Status").asText(null));
    }

    /** Docker writes {@code 0001-01-01T00:00:00Z} for "never". */
    static Instant time(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
