package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.drift.DriftCommand;
import dev.odoorelease.engine.internal.snapshot.OperationIds;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.DriftResult;
import java.nio.file.Path;

/**
 * How far a target (staging) has drifted from its source (production) ({@link OdooRelease#drift()}): every difference of
 * code, configuration, schema and data volume, classified deliberate (the target's last stage clone report accounts for
 * it) or drift, with the target's age against its {@code maxAge}. Read-only on both sides: takes no lock and writes
 * nothing to either database; writes the report (JSON and Markdown) into a folder of its own.
 */
public final class Drift {
    private final OdooRelease release;
    private String source;
    private String target;
    private Path writeTo;

    Drift(OdooRelease release) {
        this.release = release;
    }

    /** The environment staging is a copy of (production). */
    public Drift source(String name) {
        this.source = name;
        return this;
    }

    /** The staging environment. */
    public Drift target(String name) {
        this.target = name;
        return this;
    }

    /**
     * The folder the report is written into (created); {@code null} (the default): {@code <target's dataDir>/.odoo-release/
     * reports/drift-<id>}.
     */
    public Drift writeTo(Path dir) {
        this.writeTo = dir;
        return this;
    }

    public DriftResult call() {
        EnvironmentConfig s = release.environment(source);
        EnvironmentConfig t = release.environment(target);
        String id = OperationIds.newId();
        Path dir = writeTo != null ? writeTo : t.environment().workDir().resolve("reports").resolve("drift-" + id);
        DriftReport report = new DriftCommand(s.environment(), t.environment())
                .reportDir(t.stagingReportDir())
                .maxAge(t.maxAge().orElse(null))
                .writeTo(dir)
                .progress(release.progress())
                .call();
        return new DriftResult(id, report, dir.resolve(DriftCommand.JSON_FILE).toString(),
                dir.resolve(DriftCommand.MARKDOWN_FILE).toString());
    }
}
