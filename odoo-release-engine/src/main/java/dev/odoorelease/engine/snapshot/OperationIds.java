package dev.odoorelease.engine.snapshot;

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
}
