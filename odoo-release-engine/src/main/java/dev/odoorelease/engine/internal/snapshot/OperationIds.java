package dev.odoorelease.engine.internal.snapshot;

import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Ids of snapshots and operations: UTC time plus randomness, e.g. {@code 20261122-013012-4fa2},
 * sortable and safe inside database and folder names.
 */
public final class OperationIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private OperationIds() {
    }

    public static String newId() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(FORMAT) + "-" + String.format("%04x", RANDOM.nextInt(0x10000));
    }

    /** The id as it appears inside a database name ({@code -} becomes {@code _}). */
    public static String forDatabase(String id) {
        return id.replace('-', '_');
    }

    public static boolean isValid(String id) {
        return id != null && id.matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
    }

    /**
     * An operation id, or the id of a step of one with its own journal ({@code 20261122-013012-4fa2-restore}: the
     * restore inside a deploy's rollback, whose replaced data a user may discard).
     */
    public static boolean isValidOperation(String id) {
        return id != null && id.matches("\\d{8}-\\d{6}-[0-9a-f]{4}(-[a-z]{1,20}){0,3}");
    }

    /**
     * The operation whose restore or clone replaced (and kept) database {@code replacedDb}
     * ({@code ors_replaced_<id with _>}), the id {@code snapshots discard-replaced} takes; null for another name.
     */
    public static String replacedBy(String replacedDb) {
        if (replacedDb == null || !replacedDb.startsWith("ors_replaced_")) {
            return null;
        }
        String id = replacedDb.substring("ors_replaced_".length()).replace('_', '-');
        return isValidOperation(id) ? id : null;
    }
}
