package dev.odoorelease.engine.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.odoorelease.engine.result.AnonymizationReport;
import dev.odoorelease.engine.result.PiiColumn;
import dev.odoorelease.engine.result.NeutralizationReport;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The written-down differences between a staging copy and its source: what was copied from where,
 * every change made (neutralization, anonymization), what was verified, and how long each phase took.
 * Written as JSON for machines and Markdown for people next to each stage clone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageCloneReport(
        String operationId,
        String status,
        String source,
        String target,
        String copiedFrom,
        String copyMethod,
        String startedAt,
        Map<String, Long> phaseMillis,
        long filestoreFiles,
        NeutralizationReport neutralization,
        AnonymizationReport anonymization,
        List<PiiColumn> uncoveredPersonalColumns,
        String piiPolicy,
        List<VerificationCheck> verification,
        String error) implements Serializable {

    public boolean passed() {
        return "verified".equals(status) || "replaced".equals(status);
    }

    /** The personal-looking columns no rule covers, described for the operator (a table per line); empty when none. */
    public String describeUncoveredPersonalColumns() {
        return uncoveredPersonalColumns == null || uncoveredPersonalColumns.isEmpty() ? ""
                : dev.odoorelease.engine.internal.staging.anonymize.PiiCoverage.describe(uncoveredPersonalColumns);
    }
}
