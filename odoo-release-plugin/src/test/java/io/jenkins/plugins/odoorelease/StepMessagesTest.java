package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The messages a deploy or rollback fails the build with, assembled from the engine's result: causes and failed steps
 * that end with a period get no second one, and a list of failed steps reads as sentences, not as a Java list. No
 * Jenkins needed.
 */
class StepMessagesTest {

    private static Map<String, Object> failedDeploy() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("outcome", "rollback_failed");
        r.put("environment", "production");
        r.put("image", "registry.example.com/acme/odoo:2");
        r.put("previousImage", "registry.example.com/acme/odoo:1");
        r.put("snapshotId", "20261122-013012-4fa2");
        r.put("cause", "Unable to start odoo-prod: the container exited with 1. Check its log.");
        r.put(
                "rollbackFailures",
                List.of(
                        "restore database prod: Unable to restore database prod from snapshot 20261122-013012-4fa2:"
                                + " connection refused.",
                        "health check of the previous version: not healthy after 120 s"));
        r.put(
                "manualRecovery",
                List.of("odoo-release rollback production --snapshot 20261122-013012-4fa2", "docker start odoo-prod"));
        return r;
    }

    @Test
    void aFailedRollbackAfterADeployListsItsStepsAsSentences() {
        String m = OdooDeployStep.rollbackFailedMessage(failedDeploy());

        assertEquals(
                "The deploy of registry.example.com/acme/odoo:2 to production failed and its ROLLBACK FAILED: Unable"
                        + " to start odoo-prod: the container exited with 1. Check its log. Failed rollback steps: (1)"
                        + " restore database prod: Unable to restore database prod from snapshot 20261122-013012-4fa2:"
                        + " connection refused. (2) health check of the previous version: not healthy after 120 s. Finish"
                        + " by hand: odoo-release rollback production --snapshot 20261122-013012-4fa2; docker start"
                        + " odoo-prod",
                m);
        assertFalse(m.contains(".."), m);
        assertFalse(m.contains("["), m);
    }

    @Test
    void aRolledBackDeploySaysItsCauseOnce() {
        Map<String, Object> r = failedDeploy();
        r.put("outcome", "rolled_back");
        r.put("cause", "Deploy of registry.example.com/acme/odoo:2 failed at update: exited with 255");
        r.put(
                "healthSummary",
                "container odoo-prod (registry.example.com/acme/odoo:1) runs and passed its health check");

        assertEquals(
                "The deploy of registry.example.com/acme/odoo:2 to production was rolled back: Deploy of"
                        + " registry.example.com/acme/odoo:2 failed at update: exited with 255. What the rollback"
                        + " verified: container odoo-prod (registry.example.com/acme/odoo:1) runs and passed its health"
                        + " check. Data: from before the deploy (snapshot 20261122-013012-4fa2).",
                OdooDeployStep.rolledBackMessage(r));

        r.put("cause", "Unable to confirm http://odoo:8069/ is healthy: HTTP 500.");
        assertFalse(OdooDeployStep.rolledBackMessage(r).contains(".."), OdooDeployStep.rolledBackMessage(r));
    }

    @Test
    void aFailedManualRollbackListsItsStepsAsSentences() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cause", "Unable to restore database prod: disk full.");
        r.put("snapshotId", "20261122-013012-4fa2");
        r.put("failures", List.of("start odoo-prod: exited with 1."));
        r.put("manualRecovery", List.of("docker start odoo-prod"));

        assertEquals(
                "The rollback of production failed and putting back what ran before FAILED too: Unable to restore"
                        + " database prod: disk full. Failed steps: (1) start odoo-prod: exited with 1. Finish by hand:"
                        + " docker start odoo-prod",
                OdooRollbackStep.failedMessage("production", r));
        assertEquals(
                "The rollback of production to snapshot 20261122-013012-4fa2 failed: Unable to restore database prod:"
                        + " disk full. What ran before it was put back, with its data; verified: -.",
                OdooRollbackStep.keptCurrentMessage("production", r));
        r.put("healthSummary", "container odoo-prod (acme/odoo:1) runs and passed its health check");
        assertEquals(
                "The rollback of production to snapshot 20261122-013012-4fa2 failed: Unable to restore database prod:"
                        + " disk full. What ran before it was put back, with its data; verified: container odoo-prod"
                        + " (acme/odoo:1) runs and passed its health check.",
                OdooRollbackStep.keptCurrentMessage("production", r));
    }

    @Test
    void sentencesEndWithExactlyOneMark() {
        assertEquals("done.", Results.sentence("done"));
        assertEquals("done.", Results.sentence("  done.  "));
        assertEquals("really?", Results.sentence("really?"));
        assertEquals("-.", Results.sentence(null));
        assertEquals("-.", Results.numberedSentences(List.of()));
        assertEquals("(1) a. (2) b.", Results.numberedSentences(List.of("a", "b.")));
    }
}
