package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import hudson.model.Label;
import hudson.model.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Wiring of {@code odooPreview} in real pipelines on an agent, against a configuration whose database server does not
 * exist (what the engine does with real ones: PreviewIT, PreviewCliIT): no template or a branch it does not cover gives
 * {@code null} and no agent work; a covered branch reaches the engine, whose failure is a clean build failure; the
 * cleanup record of a job is removed with the job; the build-page action renders the link.
 */
@WithJenkins
class OdooPreviewStepTest {
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path dataDir;

    private JenkinsRule r;

    @BeforeEach
    void configure(JenkinsRule r) throws Exception {
        this.r = r;
        OdooFixtures.credentials();
        r.createOnlineSlave(Label.get("odoo"));
    }

    private OdooProject withPreviews() {
        OdooProject p = OdooFixtures.acme(dataDir);
        OdooPreviewSettings s = new OdooPreviewSettings();
        s.setBranches("feature/*");
        s.setSource("staging");
        s.setDataDir(dataDir.resolve("previews").toString());
        s.setUrl("http://127.0.0.1:{port}");
        s.setPorts("18100-18120");
        s.setArgs("--http-port={port}");
        s.setTtl("2d");
        p.setPreview(s);
        return p;
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        return OdooFixtures.runPipeline(r, script, expected);
    }

    @Test
    void withoutATemplateOrForAnUncoveredBranchThereIsNoPreview() throws Exception {
        OdooFixtures.configure(OdooFixtures.acme(dataDir));
        WorkflowRun none = run("""
            node('odoo') {
                withEnv(['BRANCH_NAME=feature/login']) {
                    echo "preview: ${odooPreview(image: 'registry.example.com/acme/odoo:1')}"
                }
            }
            """, Result.SUCCESS);
        r.assertLogContains("No preview: project acme has no preview template.", none);
        r.assertLogContains("preview: null", none);

        OdooFixtures.configure(withPreviews());
        WorkflowRun uncovered = run("""
            node('odoo') {
                withEnv(['BRANCH_NAME=develop']) {
                    echo "preview: ${odooPreview(image: 'registry.example.com/acme/odoo:1')}"
                }
            }
            """, Result.SUCCESS);
        r.assertLogContains("does not cover branch develop", uncovered);
        r.assertLogContains("preview: null", uncovered);
        assertEquals(List.of(), uncovered.getActions(OdooPreviewAction.class));
    }

    @Test
    void aCoveredBranchReachesTheEngineAndItsFailureIsACleanBuildFailure() throws Exception {
        OdooFixtures.configure(withPreviews());
        WorkflowRun b = run("""
            node('odoo') {
                withEnv(['BRANCH_NAME=feature/login']) {
                    odooPreview image: 'registry.example.com/acme/odoo:1', update: 'none', allowSkippedUpdates: true
                }
            }
            """, Result.FAILURE);
        // the staging database server does not exist: the engine says so, and nothing is recorded
        r.assertLogContains("Unable to", b);
        r.assertLogNotContains("\tat ", b);
        assertEquals(List.of(), b.getActions(OdooPreviewAction.class));
    }

    @Test
    void theCleanupRecordGoesWithTheJobAndTheActionShowsTheLink() throws Exception {
        OdooFixtures.configure(withPreviews());
        WorkflowJob job = r.createProject(WorkflowJob.class);
        PreviewJobs.put(job.getFullName(), new PreviewJobs.Entry("acme", "feature/login", null, "no-such-node"));
        job.delete();
        // removed from the record at once; the removal itself is tried on the (missing) node and logged
        assertNull(PreviewJobs.remove(job.getFullName()));

        WorkflowJob shown = r.createProject(WorkflowJob.class);
        shown.setDefinition(new CpsFlowDefinition("echo 'built'", true));
        WorkflowRun b = r.buildAndAssertSuccess(shown);
        b.addAction(new OdooPreviewAction(Map.of(
                "url",
                "http://127.0.0.1:18101",
                "name",
                "preview-feature-login-1a2b3c",
                "image",
                "registry.example.com/acme/odoo:1",
                "outcome",
                "created")));
        String page = r.createWebClient().getPage(b).asNormalizedText();
        assertNotNull(page);
        org.junit.jupiter.api.Assertions.assertTrue(page.contains("Preview: http://127.0.0.1:18101"), page);
    }
}
