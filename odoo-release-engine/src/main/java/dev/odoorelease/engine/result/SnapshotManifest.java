package dev.odoorelease.engine.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.Serializable;
import java.util.Map;

/**
 * What a snapshot holds, written as JSON next to a dump and in the catalog: enough to know what
 * it would restore (Odoo series and module versions, deployed image and commit) and to verify it
 * (sizes, file count, checksums of the dump files).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SnapshotManifest(
        String id,
        String environment,
        String kind,
        String createdAt,
        String database,
        String postgresVersion,
        String odooSeries,
        Map<String, String> modules,
        String image,
        String commit,
        long databaseBytes,
        long dumpBytes,
        long filestoreBytes,
        long filestoreFiles,
        long attachments,
        long missingFiles,
        Map<String, String> dumpChecksums) implements Serializable {
}
