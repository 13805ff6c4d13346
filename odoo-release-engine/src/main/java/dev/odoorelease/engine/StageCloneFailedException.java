package dev.odoorelease.engine;

import dev.odoorelease.engine.OdooReleaseException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A stage clone that failed after its differences report was written (status {@code failed}, with the checks that
 * ran and the error): the target keeps its previous data, and the report says why. Same {@link #errorCode()} as the
 * failure it wraps ({@link #getCause()}), whose message it repeats followed by {@code Report: <markdown file>}.
 *
 * <p>Serializable like every engine exception: the paths are kept as text. They are paths on the machine that ran the
 * clone (a Jenkins agent), for the caller to read or archive there.
 */
public class StageCloneFailedException extends OdooReleaseException {
    private static final long serialVersionUID = 1L;

    private final String operationId;
    private final String reportJson;
    private final String reportMarkdown;

    public StageCloneFailedException(OdooReleaseException cause, String operationId, Path reportJson, Path reportMarkdown) {
        super(cause.errorCode(), cause.getMessage() + " Report: " + reportMarkdown, cause);
        this.operationId = Objects.requireNonNull(operationId, "operationId");
        this.reportJson = reportJson.toString();
        this.reportMarkdown = reportMarkdown.toString();
    }

    /** The failed clone's operation id (the report's {@code operationId}). */
    public String operationId() {
        return operationId;
    }

    /** The report for machines: {@code stage-clone-report.json}. */
    public Path reportJson() {
        return Path.of(reportJson);
    }

    /** The report for people: {@code stage-clone-report.md}. */
    public Path reportMarkdown() {
        return Path.of(reportMarkdown);
    }
}
