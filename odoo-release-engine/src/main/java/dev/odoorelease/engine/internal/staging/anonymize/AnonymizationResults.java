package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.progress.ProgressListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * What one anonymization did so far, table by table: the report's lines, its warnings, and what the
 * clean-up still owes each table (a {@code VACUUM FULL} for those changed by UPDATE or DELETE, an
 * {@code ANALYZE} for every touched one).
 */
final class AnonymizationResults {
    final List<AnonymizationReport.ColumnResult> columns = new ArrayList<>();
    final List<AnonymizationReport.Deletion> deletions = new ArrayList<>();
    final List<AnonymizationReport.AttachmentResult> attachments = new ArrayList<>();
    final List<AnonymizationReport.TableResult> tables = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    /** tables changed by UPDATE/DELETE: VACUUM FULL; all touched tables: ANALYZE */
    final Set<String> dirty = new LinkedHashSet<>();
    final Set<String> touched = new LinkedHashSet<>();
    final Map<String, Long> tableMillis = new LinkedHashMap<>();
    /** rewritten tables: only their anonymized columns lost their statistics and need new ones */
    final Map<String, List<String>> analyzeColumns = new LinkedHashMap<>();

    /** A warning for the report, shown as it happens. */
    void warn(String warning, ProgressListener progress) {
        warnings.add(warning);
        progress.warn(warning);
    }

    /** A table whose rows changed in place (old row versions with original values remain until VACUUM FULL). */
    void changedInPlace(String table) {
        dirty.add(table);
        touched.add(table);
    }

    void addMillis(String table, long ms) {
        tableMillis.merge(table, ms, Long::sum);
    }
}
