package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.DriftResult;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.result.ResultViews;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.SnapshotStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The maps steps return: the names docs/steps.md documents, and only plain JDK values. No Jenkins needed. */
class ResultsTest {

    @Test
    void aSnapshotAsTheStepReturnsIt() {
        Snapshot s = new Snapshot(
                "20261122-013012-4fa2",
                "production",
                SnapshotKind.DUMP,
                SnapshotStatus.VERIFIED,
                "before migration",
                Instant.parse("2026-11-22T01:30:12Z"),
                Instant.parse("2026-11-22T01:31:00Z"),
                "prod",
                "/srv/store/x",
                "op-1",
                null,
                4096L,
                null,
                null);

        Map<String, Object> m = Results.snapshot(new SnapshotResult(s, Duration.ofSeconds(48)));

        assertEquals(List.of("id", "environment", "kind", "label", "size", "duration"), List.copyOf(m.keySet()));
        assertEquals("dump", m.get("kind"));
        assertEquals(4096L, m.get("size"));
        assertEquals(48_000L, m.get("duration"));
    }

    @Test
    void aDriftReportAsTheStepReturnsIt() {
        DriftReport.Difference drift = new DriftReport.Difference(
                "configuration",
                "crons",
                "Mail: send #3",
                "active",
                "true",
                "false",
                "true",
                DriftReport.Classification.DRIFT,
                "changed on staging since its refresh");
        DriftReport.Difference deliberate = new DriftReport.Difference(
                "configuration",
                "mail_servers",
                "smtp #1",
                "host",
                "smtp.acme.example",
                "localhost",
                "localhost",
                DriftReport.Classification.DELIBERATE,
                "the stage clone pointed it at the mail catcher");
        DriftReport.Age age = new DriftReport.Age(
                "2026-11-01T02:00:00Z",
                "20261101-020000-4fa2",
                "live production",
                "2026-11-01T02:00:00Z",
                840L,
                "30d",
                true,
                "/srv/odoo/staging/.odoo-release/reports/stage-clone-20261101-020000-4fa2/stage-clone-report.json",
                true);
        DriftReport report = new DriftReport(
                "production",
                "staging",
                "2026-12-06T03:00:00Z",
                age,
                List.of(),
                List.of(drift, deliberate),
                List.of(),
                Map.of("crons", 4),
                3300L);

        Map<String, Object> m = Results.drift(
                new DriftResult("20261206-030000-1a2b", report, "/r/drift-report.json", "/r/drift-report.md"));

        assertEquals(
                List.of(
                        "id",
                        "source",
                        "target",
                        "summary",
                        "driftCount",
                        "deliberateCount",
                        "refreshedAt",
                        "copiedFrom",
                        "sourcePointInTime",
                        "ageHours",
                        "maxAge",
                        "tooOld",
                        "drift",
                        "reportJson",
                        "reportMarkdown"),
                List.copyOf(m.keySet()));
        assertEquals("20261206-030000-1a2b", m.get("id"));
        assertEquals(1, m.get("driftCount"));
        assertEquals(1, m.get("deliberateCount"));
        assertEquals(true, m.get("tooOld"));
        assertEquals(
                List.of(Map.of(
                        "category", "configuration",
                        "kind", "crons",
                        "key", "Mail: send #3",
                        "field", "active",
                        "source", "true",
                        "target", "false",
                        "explanation", "changed on staging since its refresh")),
                m.get("drift"));
        assertEquals("/r/drift-report.md", m.get("reportMarkdown"));
        assertEquals(m, Results.plain(m));
    }

    @Test
    void aStagingStatusCarriesItsLastRefreshAndAgeWarning() {
        EnvironmentStatus s = new EnvironmentStatus(
                "staging",
                EnvironmentKind.STAGING,
                Optional.empty(),
                "missing",
                null,
                List.of(),
                List.of(),
                Optional.empty(),
                null,
                null,
                Instant.parse("2026-10-27T02:00:00Z"),
                "staging was last refreshed 40 days ago");

        Map<String, Object> m = ResultViews.status(s);

        assertEquals("2026-10-27T02:00:00Z", m.get("lastRefreshedAt"));
        assertEquals("staging was last refreshed 40 days ago", m.get("ageWarning"));
    }

    @Test
    void plainKeepsJdkValuesAndTurnsOthersIntoText() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("path", Path.of("/srv"));
        in.put("nested", Map.of("list", List.of(1, Path.of("/x"))));
        in.put("none", null);

        Map<String, Object> out = Results.plain(in);

        assertEquals("/srv", out.get("path"));
        assertEquals(Map.of("list", List.of(1, "/x")), out.get("nested"));
        assertInstanceOf(LinkedHashMap.class, out.get("nested"));
        assertEquals(null, out.get("none"));
        assertEquals(List.of("a", "1"), Results.strings(List.of("a", 1)));
    }

    @Test
    void everyTextOfAResultGoesThroughTheRedactor() {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("url", "http://odoo/S3cret-path/");
        in.put("probes", List.of(Map.of("actual", "saw S3cret-path"), 3L));

        Map<String, Object> out = Results.plain(in, s -> s.replace("S3cret-path", "****"));

        assertEquals("http://odoo/****/", out.get("url"));
        assertEquals(List.of(Map.of("actual", "saw ****"), 3L), out.get("probes"));
    }
}
