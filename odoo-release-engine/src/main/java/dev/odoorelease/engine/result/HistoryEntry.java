package dev.odoorelease.engine.result;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.odoorelease.engine.internal.state.Json;

/** One finished operation. */
public record HistoryEntry(long id, String environment, String operation, String operationId, Instant startedAt,
                    Instant finishedAt, String result, String detailsJson) {
    /** The recorded details (what the operation wrote: image, commit, phases, …), parsed; null when none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> details() {
        return detailsJson == null ? null : Json.read(detailsJson, java.util.LinkedHashMap.class);
    }
}
