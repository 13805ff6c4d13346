package dev.odoorelease.engine.internal.drift;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the drift report compares of one environment: per kind of fact ({@code modules}, {@code crons},
 * {@code columns}, {@code rows}, {@code filestore}…), per key (a module name, {@code "Mail: send #3"}, a
 * {@code table.column}), its fields and their values, all as text. Never a secret value: secret configuration
 * parameters are replaced by a hash keyed for one run, and no credential column is read at all.
 * Jackson-writable: a stage clone writes the facts of the copy it put in place as the report's baseline.
 *
 * @param kinds kind → key → field → value, sorted
 */
public record Facts(Map<String, Map<String, Map<String, String>>> kinds) implements Serializable {
    private static final long serialVersionUID = 1L;

    public Facts {
        kinds = kinds == null ? new TreeMap<>() : kinds;
    }

    public static Facts empty() {
        return new Facts(new TreeMap<>());
    }

    /** The keys of one kind (empty when the kind was not read). */
    public Map<String, Map<String, String>> of(String kind) {
        return kinds.getOrDefault(kind, Map.of());
    }

    /** One field's value, or null when the key or the field is absent. */
    public String value(String kind, String key, String field) {
        Map<String, String> fields = of(kind).get(key);
        return fields == null ? null : fields.get(field);
    }

    /** Whether the kind was read at all (a kind whose tables do not exist is not). */
    public boolean has(String kind) {
        return kinds.containsKey(kind);
    }

    void put(String kind, String key, String field, String value) {
        kinds.computeIfAbsent(kind, k -> new TreeMap<>()).computeIfAbsent(key, k -> new TreeMap<>()).put(field, value);
    }

    void kind(String kind) {
        kinds.computeIfAbsent(kind, k -> new TreeMap<>());
    }

    /** The number of keys read, per kind. */
    public Map<String, Integer> counts() {
        Map<String, Integer> out = new TreeMap<>();
        kinds.forEach((k, v) -> out.put(k, v.size()));
        return out;
    }
}
