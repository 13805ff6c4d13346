package dev.odoorelease.engine.deploy;

import dev.odoorelease.engine.state.EnvironmentStates;
import dev.odoorelease.engine.state.History;
import dev.odoorelease.engine.state.Journal;
import dev.odoorelease.engine.state.Json;
import dev.odoorelease.engine.state.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain views of results for JSON output and Jenkins step return values: only {@link String}, numbers,
 * {@link Boolean}, {@code null}, {@link ArrayList} and {@link LinkedHashMap} (JDK types that cross a Jenkins
 * remoting channel and that a Pipeline script can read), times as ISO-8601 strings.
 */
final class ResultMaps {
    private ResultMaps() {
    }

    /** A map of the given key/value pairs, in that order. */
    static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static List<Object> list(List<?> xs) {
        return xs == null ? new ArrayList<>() : new ArrayList<>(xs);
    }

    static Map<String, Object> map(Map<String, ?> m) {
        return m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m);
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    static Map<String, Object> snapshot(Snapshot s) {
        Map<String, Object> m = of("id", s.id(), "kind", s.kind().id(), "status", s.status().id(), "label", s.label(),
                "createdAt", time(s.createdAt()), "sizeBytes", s.sizeBytes(), "pinnedBy", s.pinnedBy());
        if (s.manifest() != null) {
            m.put("image", s.manifest().image());
            m.put("commit", s.manifest().commit());
            m.put("odooSeries", s.manifest().odooSeries());
        }
        return m;
    }

    static Map<String, Object> deployed(EnvironmentStates.Deployed d) {
        return of("image", d.image(), "commit", d.commit(), "deployedAt", time(d.deployedAt()), "snapshotId", d.snapshotId(),
                "build", d.build(), "modules", map(d.modules()));
    }

    static Map<String, Object> history(History.Entry h) {
        Object details = h.detailsJson() == null ? null : Json.read(h.detailsJson(), LinkedHashMap.class);
        return of("operation", h.operation(), "operationId", h.operationId(), "startedAt", time(h.startedAt()),
                "finishedAt", time(h.finishedAt()), "result", h.result(), "details", details);
    }

    static Map<String, Object> journal(Journal.Entry j) {
        return of("operation", j.operation(), "operationId", j.operationId(), "step", j.step(), "data", map(j.data()));
    }
}
