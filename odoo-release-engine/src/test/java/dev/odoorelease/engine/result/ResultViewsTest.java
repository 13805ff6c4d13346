package dev.odoorelease.engine.result;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plain views --json prints for deploy, rollback and status results: JSON-safe, complete; and the results' own undo and lines. */
class ResultViewsTest {
    private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void aDeployResultBecomesPlainValues() throws Exception {
        DeployResult r = new DeployResult(DeployResult.Outcome.ROLLED_BACK, "prod", "op1", "odoo:a", "odoo:b", "c1", "c2",
                new ModulePlan(List.of("sale"), Map.of("sale", "asked for"), "sale", List.of()), "snap1", "update exited with 255",
                List.of(), List.of(), Map.of("stop", 10L, "rollback-restore", 80L), 1234, "healthy after 1 attempt", "ors_replaced_x");

        Map<String, Object> m = ResultViews.deploy(r);

        assertJsonSafe(m);
        assertThat(m).containsEntry("outcome", "rolled_back").containsEntry("succeeded", false).containsEntry("downtimeMillis", 1234L)
                .containsEntry("keptDatabase", "ors_replaced_x");
        assertThat(map(m.get("plan"))).containsEntry("updateArg", "sale");
        assertThat(map(m.get("phaseMillis"))).containsEntry("rollback-restore", 80L);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m)).contains("\"outcome\" : \"rolled_back\"");
    }

    @Test
    void aRollbackResultBecomesPlainValuesSaysHowToUndoItAndSerializes() throws Exception {
        RollbackResult r = new RollbackResult(RollbackResult.Outcome.ROLLED_BACK, "prod", "op2", "snapA", "safe1", "odoo:a", "odoo:b",
                "odoo:a", null, List.of("stop", "restore"), "healthy", Duration.ofMillis(4200), Map.of("restore", 70L), 3000, null,
                null, null, null);

        Map<String, Object> m = ResultViews.rollback(r);

        assertJsonSafe(m);
        assertThat(m).containsEntry("outcome", "rolled_back").containsEntry("safetySnapshotId", "safe1").containsEntry("durationMillis", 4200L)
                .containsEntry("undo", "odoo-release rollback prod --snapshot safe1");
        assertThat(r.succeeded()).isTrue();
        assertThat(r.failures()).isEmpty();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(r);
        }
        assertThat(new RollbackResult(RollbackResult.Outcome.KEPT_CURRENT, "prod", "op3", "snapA", "safe2", "odoo:b", "odoo:b", "odoo:a", null,
                null, null, Duration.ZERO, null, 0, "health", null, null, null).undo()).isEqualTo("nothing to undo");
    }

    @Test
    void aStatusBecomesPlainValuesAndReadableLines() {
        SnapshotManifest manifest = new SnapshotManifest("s1", "prod", "template", T.toString(), "prod", "15.4", "17.0", Map.of("base",
                "17.0.1.3"), "odoo:a", "c1", 100, 0, 10, 1, 1, 0, Map.of());
        Snapshot snap = new Snapshot("s1", "prod", SnapshotKind.TEMPLATE, SnapshotStatus.VERIFIED, "before deploy", T, T, "ors_snap_s1",
                "/data/.odoo-release/snapshots/s1", "op1", null, 110, manifest, null);
        EnvironmentStatus s = new EnvironmentStatus("prod", EnvironmentKind.PRODUCTION, Optional.of(new DeployedVersion("prod",
                "odoo:b", "c2", Map.of("base", "17.0.1.4"), T, "s1", "jenkins #4")), "running (odoo:b)", "odoo:b", List.of(snap),
                List.of(new HistoryEntry(1, "prod", "deploy", "op1", T, T, "deployed", "{\"image\": \"odoo:b\", \"downtimeMs\": 12}")),
                Optional.of(new JournalEntry("op9", "prod", "rollback", "restoring", Map.of("newImage", "odoo:a"))));

        Map<String, Object> m = ResultViews.status(s);

        assertJsonSafe(m);
        assertThat(m).containsEntry("kind", "production").containsEntry("neverDeployed", false).containsEntry("runningImage", "odoo:b");
        assertThat(map(m.get("deployed"))).containsEntry("snapshotId", "s1").containsEntry("deployedAt", T.toString());
        assertThat((List<?>) m.get("snapshots")).singleElement().satisfies(x -> assertThat(map(x)).containsEntry("image", "odoo:a"));
        assertThat((List<?>) m.get("recentHistory")).singleElement()
                .satisfies(x -> assertThat(map(map(x).get("details"))).containsEntry("downtimeMs", 12));
        assertThat(map(m.get("interrupted"))).containsEntry("step", "restoring");
        assertThat(String.join("\n", s.lines())).contains("deployed odoo:b").contains("INTERRUPTED: rollback op9")
                .contains("odoo-release recover prod").contains("rollback to previous: snapshot s1");
    }

    @Test
    void aStagingStatusCarriesItsLastRefreshAndAgeWarning() {
        EnvironmentStatus s = new EnvironmentStatus("staging", EnvironmentKind.STAGING, Optional.empty(), "missing", null, List.of(),
                List.of(), Optional.empty(), null, null, T, "staging was last refreshed 40 days ago, past its maxAge of 30d");

        Map<String, Object> m = ResultViews.status(s);

        assertJsonSafe(m);
        assertThat(m).containsEntry("lastRefreshedAt", T.toString())
                .containsEntry("ageWarning", "staging was last refreshed 40 days ago, past its maxAge of 30d");
        assertThat(s.lines()).contains("data last refreshed (cloned) at " + T)
                .contains("WARNING: staging was last refreshed 40 days ago, past its maxAge of 30d");
        assertThat(ResultViews.status(new EnvironmentStatus("staging", EnvironmentKind.STAGING, Optional.empty(), "missing", null,
                List.of(), List.of(), Optional.empty(), null, null))).containsEntry("lastRefreshedAt", null).containsEntry("ageWarning", null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    /** Only what JSON and a Jenkins Pipeline can take: String, Number, Boolean, null, List and Map of those. */
    static void assertJsonSafe(Object o) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean) {
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                assertThat(k).isInstanceOf(String.class);
                assertJsonSafe(v);
            });
            return;
        }
        if (o instanceof List<?> l) {
            l.forEach(ResultViewsTest::assertJsonSafe);
            return;
        }
        throw new AssertionError("not a plain JSON value: " + o.getClass() + " " + o);
    }
}
