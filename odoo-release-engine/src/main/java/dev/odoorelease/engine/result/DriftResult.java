package dev.odoorelease.engine.result;

import java.io.Serializable;

/**
 * A drift report and where it was written.
 *
 * @param id             the report's id ({@code 20261206-031500-4fa2}); the default folder is {@code drift-<id>}
 * @param report         what differs, each difference deliberate or drift
 * @param reportJson     the report as JSON ({@code drift-report.json})
 * @param reportMarkdown the report for people ({@code drift-report.md})
 */
public record DriftResult(String id, DriftReport report, String reportJson, String reportMarkdown) implements Serializable {
    private static final long serialVersionUID = 1L;
}
