package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.SnapshotStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
