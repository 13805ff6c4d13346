package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.DomElement;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockFolder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The build page's summary of an operation and the job page's environments, from the actions steps record. The
 * results are the maps the steps return (the engine's plain views, docs/steps.md); which values the engine puts there
 * is tested in the engine.
 */
@WithJenkins
class OdooDeploymentActionTest {

    @TempDir
    Path dataDir;

    static Map<String, Object> rolledBack() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("outcome", "rolled_back");
        r.put("environment", "staging");
        r.put("image", "registry.example.com/acme/odoo:2");
        r.put("previousImage", "registry.example.com/acme/odoo:1");
        r.put("commit", "1f2e3d4");
        r.put("plan", Map.of("modules", List.of("sale", "stock"), "updateArg", "sale,stock"));
        r.put("snapshotId", "20261122-013012-4fa2");
        r.put("healthSummary", "http://odoo-staging:8069/ is healthy (database staging): 2 attempts in 4.1 s");
        r.put(
                "cause",
                "Deploy of registry.example.com/acme/odoo:2 to staging failed at update: the module update exited with"
                        + " 255 (Odoo could not load the registry); last lines:\n"
                        + "2026-11-22 01:30:12,001 1 INFO staging odoo.modules.loading: loading 42 modules...\n"
                        + "2026-11-22 01:30:13,417 1 ERROR staging odoo.modules.registry: Failed to load registry\n"
                        + "Traceback (most recent call last):\n"
                        + "  File \"/usr/lib/python3/dist-packages/odoo/modules/loading.py\", line 480\n"
                        + "psycopg2.errors.UndefinedColumn: column sale_order.x_priority does not exist");
        r.put("rollbackFailures", List.of());
        r.put("manualRecovery", List.of());
        r.put("phaseMillis", Map.of("snapshot", 1200L, "update", 5300L, "rollback", 2100L));
        return r;
    }

    static Map<String, Object> deployed(String environment, String image) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("outcome", "deployed");
        r.put("environment", environment);
        r.put("image", image);
        r.put("commit", "abc1234");
        r.put("snapshotId", "20261122-020000-0001");
        return r;
    }

    private static WorkflowRun build(JenkinsRule r, WorkflowJob p, OdooDeploymentAction... actions) throws Exception {
        WorkflowRun b = r.buildAndAssertSuccess(p);
        for (OdooDeploymentAction a : actions) {
            b.addAction(a);
        }
        b.save();
        return b;
    }

    @Test
    void theBuildPageShowsTheDeploymentAndItsRollback(JenkinsRule r) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'deploying'", true));
        WorkflowRun b = build(
                r, p, new OdooDeploymentAction(OdooDeploymentAction.Operation.DEPLOY, "acme", "staging", rolledBack()));

        HtmlPage page = r.createWebClient().getPage(b);
        String text = page.asNormalizedText();

        assertTrue(text.contains("Odoo deploy to staging: ROLLED_BACK"), text);
        assertTrue(text.contains("registry.example.com/acme/odoo:2"), text);
        assertTrue(text.contains("was registry.example.com/acme/odoo:1"), text);
        assertTrue(text.contains("Modules updated: [sale, stock]"), text);
        assertTrue(text.contains("20261122-013012-4fa2"), text);
        assertTrue(text.contains("failed at update: the module update exited with 255"), text);
        assertTrue(text.contains("update 5.3 sec"), text);

        // the cause's first line reads as a sentence; the container's log keeps its lines, in a block of its own
        assertTrue(
                text.contains("Cause: Deploy of registry.example.com/acme/odoo:2 to staging failed at update: the"
                        + " module update exited with 255 (Odoo could not load the registry); last lines:"),
                text);
        DomElement pre = page.querySelector("details pre.odoo-release-cause");
        assertNotNull(pre, page.asXml());
        assertEquals(
                List.of(
                        "2026-11-22 01:30:12,001 1 INFO staging odoo.modules.loading: loading 42 modules...",
                        "2026-11-22 01:30:13,417 1 ERROR staging odoo.modules.registry: Failed to load registry",
                        "Traceback (most recent call last):",
                        "  File \"/usr/lib/python3/dist-packages/odoo/modules/loading.py\", line 480",
                        "psycopg2.errors.UndefinedColumn: column sale_order.x_priority does not exist"),
                pre.getTextContent().lines().toList());
        // the health line under a rolled-back deploy is the rollback's: it says so, and of which version
        assertTrue(
                text.contains(
                        "Health check after the rollback, of the version put back registry.example.com/acme/odoo:1"
                                + " (not of the deployed one): http://odoo-staging:8069/ is healthy (database staging)"),
                text);
        assertFalse(text.contains("Health: "), text);
    }

    @Test
    void eachHealthLineSaysWhichVersionItChecked() {
        Map<String, Object> ok = deployed("staging", "registry.example.com/acme/odoo:3");
        ok.put("healthSummary", "healthy");
        assertEquals(
                "Health check of the deployed version registry.example.com/acme/odoo:3",
                new OdooDeploymentAction(OdooDeploymentAction.Operation.DEPLOY, "acme", "staging", ok)
                        .getHealthLabel());

        Map<String, Object> rollback = new LinkedHashMap<>();
        rollback.put("outcome", "rolled_back");
        rollback.put("targetImage", "registry.example.com/acme/odoo:1");
        rollback.put("previousImage", "registry.example.com/acme/odoo:2");
        rollback.put("healthSummary", "healthy");
        assertEquals(
                "Health check of the version rolled back to registry.example.com/acme/odoo:1",
                new OdooDeploymentAction(OdooDeploymentAction.Operation.ROLLBACK, "acme", "production", rollback)
                        .getHealthLabel());
        rollback.put("outcome", "kept_current");
        assertEquals(
                "Health check after the failed rollback, of the version put back registry.example.com/acme/odoo:2",
                new OdooDeploymentAction(OdooDeploymentAction.Operation.ROLLBACK, "acme", "production", rollback)
                        .getHealthLabel());

        Map<String, Object> noHealth = deployed("dev", "registry.example.com/acme/odoo:4");
        OdooDeploymentAction a =
                new OdooDeploymentAction(OdooDeploymentAction.Operation.DEPLOY, "acme", "dev", noHealth);
        assertNull(a.getHealthLabel());
        assertNull(a.getCauseHeadline());
        assertNull(a.getCauseDetails());
    }

    @Test
    void theActionKeepsOnlyPlainValuesAndSurvivesReloading(JenkinsRule r) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'cloning'", true));
        Map<String, Object> clone = new LinkedHashMap<>();
        clone.put("status", "replaced");
        clone.put("source", "production");
        clone.put("report", "odoo-release/stage-clone-staging-1.md");
        clone.put("reportJsonArtifact", "odoo-release/stage-clone-staging-1.json");
        clone.put("path", Path.of("/srv/odoo/report.md")); // not a plain value: kept as its text
        WorkflowRun b = build(
                r, p, new OdooDeploymentAction(OdooDeploymentAction.Operation.STAGE_CLONE, "acme", "staging", clone));

        p.doReload();
        OdooDeploymentAction loaded = p.getBuildByNumber(b.getNumber()).getAction(OdooDeploymentAction.class);

        assertEquals("replaced", loaded.getOutcome());
        assertEquals("/srv/odoo/report.md", loaded.get("path"));
        String text =
                r.createWebClient().getPage(p.getBuildByNumber(b.getNumber())).asNormalizedText();
        assertTrue(text.contains("Odoo stage clone production \u2192 staging: replaced"), text);
        assertTrue(text.contains("Differences report"), text);
    }

    @Test
    void theJobPageShowsWhatEachEnvironmentRunsAcrossTheBranchesOfAProject(JenkinsRule r) throws Exception {
        OdooFixtures.configure(OdooFixtures.acme(dataDir));
        MockFolder project = r.createFolder("acme"); // as a multibranch project holds its branches
        WorkflowJob develop = project.createProject(WorkflowJob.class, "develop");
        develop.setDefinition(new CpsFlowDefinition("echo 'develop'", true));
        WorkflowJob main = project.createProject(WorkflowJob.class, "main");
        main.setDefinition(new CpsFlowDefinition("echo 'main'", true));
        build(
                r,
                develop,
                new OdooDeploymentAction(
                        OdooDeploymentAction.Operation.DEPLOY,
                        "acme",
                        "dev",
                        deployed("dev", "registry.example.com/acme/odoo:dev-7")));
        Map<String, Object> snapshot =
                new LinkedHashMap<>(Map.of("id", "20261122-030000-0002", "kind", "dump", "size", 42L));
        build(
                r,
                main,
                new OdooDeploymentAction(OdooDeploymentAction.Operation.SNAPSHOT, "acme", "production", snapshot),
                new OdooDeploymentAction(
                        OdooDeploymentAction.Operation.DEPLOY,
                        "acme",
                        "production",
                        deployed("production", "registry.example.com/acme/odoo:1.4")));

        Thread.sleep(20); // a later operation
        Map<String, Object> rollback = new LinkedHashMap<>(Map.of(
                "outcome",
                "rolled_back",
                "image",
                "registry.example.com/acme/odoo:1.3",
                "snapshotId",
                "20261122-020000-0001",
                "safetySnapshotId",
                "20261122-050000-0004"));
        build(
                r,
                main,
                new OdooDeploymentAction(OdooDeploymentAction.Operation.ROLLBACK, "acme", "production", rollback));

        String text = r.createWebClient().getPage(main, "odoo-environments").asNormalizedText();

        assertTrue(text.contains("registry.example.com/acme/odoo:1.3"), "what the rollback put in place: " + text);
        assertTrue(text.contains("20261122-050000-0004"), "the rollback's safety snapshot: " + text);
        assertTrue(text.contains("registry.example.com/acme/odoo:dev-7"), "the develop branch's deployment: " + text);
        assertTrue(text.contains("20261122-030000-0002"), text);
        assertTrue(text.contains("20261122-020000-0001"), "the snapshot before the deploy: " + text);
    }
}
