package dev.odoorelease.engine.internal.drift;

import dev.odoorelease.engine.result.StageCloneReport;
import dev.odoorelease.engine.internal.state.Json;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The last stage clone that replaced a target: its report ({@code stage-clone-<id>/stage-clone-report.json} in the
 * target's report folder) and, when that clone recorded it, the facts of the copy it put in place
 * ({@code stage-clone-baseline.json} beside it).
 *
 * @param report   the report
 * @param file     where it is
 * @param baseline the target's facts right after the clone, or null
 */
public record LastStageClone(StageCloneReport report, Path file, Facts baseline) {
    /** The report's file name in its folder. */
    public static final String REPORT = "stage-clone-report.json";
    /** The baseline's file name, beside the report. */
    public static final String BASELINE = "stage-clone-baseline.json";

    /**
     * The newest stage clone into {@code target} that replaced it, among the reports under {@code reportDir}; empty
     * when there is none (never refreshed, or the reports were removed). Unreadable reports are skipped.
     */
    public static Optional<LastStageClone> find(Path reportDir, String target) {
        if (!Files.isDirectory(reportDir)) {
            return Optional.empty();
        }
        StageCloneReport best = null;
        Path bestFile = null;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(reportDir, "stage-clone-*")) {
            for (Path d : dirs) {
                Path f = d.resolve(REPORT);
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                StageCloneReport r;
                try {
                    r = Json.read(Files.readString(f), StageCloneReport.class);
                } catch (IOException | RuntimeException unreadable) {
                    continue; // a half-written or foreign file is not the last refresh
                }
                if (r == null || !"replaced".equals(r.status()) || !target.equals(r.target()) || r.startedAt() == null) {
                    continue;
                }
                if (best == null || instant(r.startedAt()).isAfter(instant(best.startedAt()))) {
                    best = r;
                    bestFile = f;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (best == null) {
            return Optional.empty();
        }
        Facts baseline = null;
        Path b = bestFile.resolveSibling(BASELINE);
        if (Files.isRegularFile(b)) {
            try {
                baseline = Json.read(Files.readString(b), Facts.class);
            } catch (IOException | RuntimeException unreadable) {
                baseline = null;
            }
        }
        return Optional.of(new LastStageClone(best, bestFile, baseline));
    }

    private static java.time.Instant instant(String iso) {
        try {
            return java.time.Instant.parse(iso);
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.EPOCH;
        }
    }
}
