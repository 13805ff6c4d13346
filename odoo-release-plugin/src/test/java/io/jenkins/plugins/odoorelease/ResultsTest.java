package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.odoorelease.engine.deploy.DeployOutcome;
import dev.odoorelease.engine.deploy.DeployResult;
import dev.odoorelease.engine.deploy.ModulePlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The maps steps return: the names docs/steps.md documents, and only plain JDK values. No Jenkins needed. */
class ResultsTest {

    @Test
    void aDeployResultAsTheStepReturnsIt() {
        DeployResult r = new DeployResult(DeployOutcome.ROLLED_BACK, "staging", "op-1", "acme/odoo:1", "acme/odoo:2", "aaa", "bbb",
                new ModulePlan(List.of("sale"), Map.of("sale", "files changed"), "sale", List.of()), "snap-1", "failed at update",
                List.of(), List.of("odoo-release health staging"), Map.of("update", 10L), 1500, "healthy", "staging_kept");

        Map<String, Object> m = Results.deploy(r);

        assertEquals(List.of("outcome", "environment", "operationId", "image", "previousImage", "commit", "previousCommit", "modules",
                "moduleReasons", "snapshotId", "health", "cause", "rollbackFailures", "manualRecovery", "keptDatabase", "phaseMillis",
                "downtimeMillis"), List.copyOf(m.keySet()));
        assertEquals("ROLLED_BACK", m.get("outcome"));
        assertInstanceOf(ArrayList.class, m.get("modules"));
        assertInstanceOf(LinkedHashMap.class, m.get("phaseMillis"));
        assertEquals(1500L, m.get("downtimeMillis"));
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
}
