package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.util.Locale;

/**
 * How an environment is snapshotted.
 * <ul>
 * <li>{@code TEMPLATE}: a server-side database copy ({@code CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY})
 * and a hard-link copy of the filestore, taken while the environment's Odoo is stopped; restored by
 * renaming, in constant time.</li>
 * <li>{@code DUMP}: an online {@code pg_dump} (directory format, parallel jobs, one MVCC snapshot)
 * and a copy of the filestore in a snapshot store folder; portable, no downtime.</li>
 * </ul>
 */
public enum SnapshotKind {
    TEMPLATE,
    DUMP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SnapshotKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to read snapshot kind '" + s
                    + "': use template or dump.");
        }
    }
}
