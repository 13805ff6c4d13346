package dev.odoorelease.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link OdooSeeder#seed} put in a database and its filestore.
 *
 * @param series       the Odoo series seeded ("17.0")
 * @param rows         rows inserted per table (only tables the seeder wrote to; includes partners
 *                     made for users and employees)
 * @param attachments  ir_attachment rows with content (binary attachments)
 * @param files        distinct content-addressed files the seeded attachments refer to
 * @param fileBytes    bytes of those distinct files
 * @param attachmentBytes sum of {@code file_size} of the seeded attachments (more than
 *                     {@code fileBytes} because identical contents share one file)
 * @param filestore    {@code <dataDir>/filestore/<db>}, or {@code null} when stored in the database
 * @param elapsed      wall time of the seeding
 */
public record SeedReport(String series, Map<String, Long> rows, long attachments, long files, long fileBytes,
                         long attachmentBytes, Path filestore, Duration elapsed) {

    public SeedReport {
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    /** Rows inserted into {@code table} (0 if none). */
    public long rows(String table) {
        return rows.getOrDefault(table, 0L);
    }

    @Override
    public String toString() {
        return "SeedReport[" + series + " " + rows + ", attachments=" + attachments + ", files=" + files
                + ", fileBytes=" + fileBytes + ", elapsed=" + elapsed.toMillis() + " ms]";
    }
}
