package dev.odoorelease.engine.result;

import java.io.Serializable;

/**
 * A staging-only record a refresh kept (a deliberate difference from the source, listed in the report): what it is,
 * what was done in the copy, and which parts of it — never its values (password hashes, credentials).
 *
 * @param kind   {@code user}, {@code parameter} or {@code payment provider}
 * @param key    its login, key or code
 * @param action {@code updated} (the copy had it) or {@code created}
 * @param detail what of it was kept
 */
public record CarriedRecord(String kind, String key, String action, String detail) implements Serializable {
}
