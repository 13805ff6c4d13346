package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTable;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockFolder;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The "Odoo environments" page: where it appears (every job of a folder such as a multibranch project, also one that
 * never built, and the folder itself; not on unrelated top-level jobs; nowhere without a configured project), and what
 * it shows — each environment's image, commit, build and time, staging's copy of production and its age, the last
 * rollback and its cause — read back from the actions stored with the builds after a reload, without a single
 * connection to the configured database server.
 */
@WithJenkins
class OdooProjectActionTest {
    private static final String CAUSE = "The new version did not become healthy within 20 s:\n"
            + "  GET /web/health answered 500 (expected 200)\n"
            + "  <odoo.log> ERROR acme odoo.http: health check failed";

    @TempDir
    Path dataDir;

    @Test
    void everyJobOfAFolderAndTheFolderShowThePageEvenBeforeAnyBuild(JenkinsRule r) throws Exception {
        MockFolder folder = r.createFolder("acme");
        WorkflowJob branch = folder.createProject(WorkflowJob.class, "feature-y");
        WorkflowJob unrelated = r.createProject(WorkflowJob.class, "unrelated");
        assertNull(branch.getAction(OdooProjectAction.class), "no project configured: no page");
        assertNull(folder.getAction(OdooProjectAction.class), "no project configured: no page");

        OdooFixtures.configure(OdooFixtures.acme(dataDir));
        assertNotNull(branch.getAction(OdooProjectAction.class), "a branch that never built shows the page");
        assertNotNull(folder.getAction(OdooProjectAction.class), "the folder (multibranch project) shows the page");
        assertNull(unrelated.getAction(OdooProjectAction.class), "a top-level job that ran no Odoo step does not");

        JenkinsRule.WebClient wc = r.createWebClient();
        String branchUrl = branch.getUrl();
        assertNotNull(wc.goTo(branchUrl).getAnchorByHref(r.contextPath + "/" + branchUrl + "odoo-environments"));
        for (String url : List.of(branchUrl, folder.getUrl())) {
            HtmlTable table = table(wc.goTo(url + "odoo-environments/"));
            assertEquals("dev", table.getCellAt(0, 1).asNormalizedText());
            assertEquals("staging", table.getCellAt(0, 2).asNormalizedText());
            assertEquals("production", table.getCellAt(0, 3).asNormalizedText());
            assertEquals("not deployed by these builds", table.getCellAt(2, 3).asNormalizedText());
            assertEquals(
                    "no copy of production in these builds",
                    table.getCellAt(5, 2).asNormalizedText());
        }
    }

    @Test
    void thePipelineIsReadFromTheStoredBuildActionsWithoutContactingTheDatabases(JenkinsRule r) throws Exception {
        try (ServerSocket database = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            OdooProject acme = new OdooProject("acme");
            acme.setEnvironments(List.of(
                    OdooFixtures.environment(
                            "dev", "development", "develop", "dev-db", database.getLocalPort(), dataDir),
                    OdooFixtures.environment(
                            "staging", "staging", "staging", "staging-db", database.getLocalPort(), dataDir),
                    OdooFixtures.environment(
                            "production", "production", "main", "prod-db", database.getLocalPort(), dataDir)));
            OdooFixtures.credentials();
            OdooFixtures.configure(acme);

            MockFolder folder = r.createFolder("acme");
            WorkflowJob develop = branch(folder, "develop");
            WorkflowJob staging = branch(folder, "staging");
            WorkflowJob main = branch(folder, "main");
            WorkflowJob fresh = folder.createProject(WorkflowJob.class, "feature-y");

            record(
                    r,
                    develop,
                    action(
                            OdooDeploymentAction.Operation.DEPLOY,
                            "dev",
                            Map.of(
                                    "outcome",
                                    "deployed",
                                    "image",
                                    "acme/odoo:1",
                                    "commit",
                                    "1111111",
                                    "snapshotId",
                                    "20261201-010000-aaaa")));
            record(
                    r,
                    main,
                    action(
                            OdooDeploymentAction.Operation.DEPLOY,
                            "production",
                            Map.of(
                                    "outcome",
                                    "deployed",
                                    "image",
                                    "acme/odoo:1",
                                    "commit",
                                    "1111111",
                                    "snapshotId",
                                    "20261201-020304-abcd")));
            WorkflowRun stagingBuild = record(
                    r,
                    staging,
                    action(
                            OdooDeploymentAction.Operation.STAGE_CLONE,
                            "staging",
                            Map.of(
                                    "source",
                                    "production",
                                    "target",
                                    "staging",
                                    "status",
                                    "replaced",
                                    "sourceSnapshotId",
                                    "20261201-020304-abcd",
                                    "report",
                                    "odoo-release/stage-clone-staging-x.md")),
                    action(
                            OdooDeploymentAction.Operation.DEPLOY,
                            "staging",
                            Map.of("outcome", "deployed", "image", "acme/odoo:1", "commit", "1111111")));
            WorkflowRun failed = record(
                    r,
                    develop,
                    action(
                            OdooDeploymentAction.Operation.DEPLOY,
                            "dev",
                            Map.of(
                                    "outcome",
                                    "rolled_back",
                                    "image",
                                    "acme/odoo:2",
                                    "commit",
                                    "2222222",
                                    "cause",
                                    CAUSE)));

            r.jenkins.reload(); // what the page shows comes back from build.xml
            develop = r.jenkins.getItemByFullName("acme/develop", WorkflowJob.class);
            fresh = r.jenkins.getItemByFullName("acme/feature-y", WorkflowJob.class);

            JenkinsRule.WebClient wc = r.createWebClient();
            for (String url : List.of(folder.getUrl(), develop.getUrl(), fresh.getUrl())) {
                HtmlPage page = wc.goTo(url + "odoo-environments/");
                HtmlTable table = table(page);
                assertEquals("acme/odoo:1", table.getCellAt(2, 1).asNormalizedText(), "dev runs :1 again");
                assertEquals("1111111", table.getCellAt(3, 1).asNormalizedText());
                assertEquals("acme/odoo:1", table.getCellAt(2, 2).asNormalizedText());
                assertEquals("acme/odoo:1", table.getCellAt(2, 3).asNormalizedText());
                assertTrue(table.getCellAt(4, 3).asNormalizedText().contains("acme » main #1"), url);
                String copy = table.getCellAt(5, 2).asNormalizedText();
                assertTrue(copy.startsWith("production's data of ") && copy.contains("20261201-020304-abcd"), copy);
                assertTrue(copy.contains(stagingBuild.getFullDisplayName()), copy);
                assertEquals("", table.getCellAt(5, 3).asNormalizedText(), "production is no copy");
                String rollback = table.getCellAt(6, 1).asNormalizedText();
                assertTrue(
                        rollback.contains("automatic, after a failed deploy: ROLLED_BACK")
                                && rollback.contains(failed.getFullDisplayName())
                                && rollback.contains("acme/odoo:2"),
                        rollback);
                assertEquals(
                        CAUSE, page.querySelector(".odoo-rollback-cause pre").getTextContent());
                assertEquals("", table.getCellAt(6, 3).asNormalizedText(), "production was never rolled back");
                assertTrue(table.getCellAt(7, 1).asNormalizedText().startsWith("DEPLOY ROLLED_BACK"));
                String snapshots = page.getElementById("main-panel").asNormalizedText();
                assertTrue(snapshots.contains("20261201-020304-abcd"), "production's snapshot is listed");
            }
            database.setSoTimeout(1000);
            assertThrows(SocketTimeoutException.class, database::accept, "the page contacted the database server");
        }
    }

    private static HtmlTable table(HtmlPage page) {
        HtmlTable table = (HtmlTable) page.getElementById("odoo-pipeline-acme");
        assertNotNull(table, page.asNormalizedText());
        return table;
    }

    private static WorkflowJob branch(MockFolder folder, String name) throws Exception {
        WorkflowJob job = folder.createProject(WorkflowJob.class, name);
        job.setDefinition(new CpsFlowDefinition("echo 'built'", true));
        return job;
    }

    private static OdooDeploymentAction action(
            OdooDeploymentAction.Operation operation, String environment, Map<String, Object> result) {
        return new OdooDeploymentAction(operation, "acme", environment, new LinkedHashMap<>(result));
    }

    /** A real build of {@code job} carrying the actions its steps would have recorded, saved with it. */
    private static WorkflowRun record(JenkinsRule r, WorkflowJob job, OdooDeploymentAction... actions)
            throws Exception {
        WorkflowRun b = r.buildAndAssertSuccess(job);
        for (OdooDeploymentAction a : actions) {
            b.addAction(a);
        }
        b.save();
        return b;
    }
}
