package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleProject;
import java.nio.file.Path;
import java.util.List;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The pages where users meet the plugin's forms render whole: a view that does not compile stops Manage Jenkins »
 * System after the sections before ours (no Save button: no plugin's setting can be saved) and makes the Snippet
 * Generator answer 500. Labels keep their whole text (Stapler reads a "(" in a label as arguments).
 */
@WithJenkins
class ConfigurationPagesTest {

    @TempDir
    Path dataDir;

    private static void assertSaveable(JenkinsRule r, HtmlPage page) {
        HtmlForm form = page.getFormByName("config");
        assertNotNull(r.getButtonByCaption(form, "Save"), "the System page has its Save button");
        assertNotNull(r.getButtonByCaption(form, "Apply"), "the System page has its Apply button");
    }

    @Test
    void theSystemPageRendersWholeWithoutAnyProject(JenkinsRule r) throws Exception {
        HtmlPage page = r.createWebClient().goTo("configure");

        assertTrue(page.asNormalizedText().contains("Odoo environments"), page.asNormalizedText());
        assertSaveable(r, page);
        r.configRoundtrip(); // and saving it works
        assertEquals(List.of(), OdooReleaseConfiguration.get().getProjects());
    }

    @Test
    void theSystemPageShowsEveryLabelWhole(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooProject acme = OdooFixtures.acme(dataDir);
        OdooEnvironmentDefinition prod = acme.environment("production").orElseThrow();
        prod.setHealth(new OdooHealthSettings());
        prod.setSnapshots(new OdooSnapshotSettings());
        acme.environment("staging").orElseThrow().setStaging(new OdooStagingSettings());
        OdooFixtures.configure(acme);

        HtmlPage page = r.createWebClient().goTo("configure");
        String xml = page.asXml();

        assertSaveable(r, page);
        for (String label : List.of(
                "Data directory: where the filestore is",
                "Staging settings: how a clone into this environment is scrubbed",
                "Store of dump snapshots",
                "Stop grace period in seconds",
                "Timeout in seconds",
                "Poll interval in seconds",
                "Probe timeout in seconds")) {
            assertTrue(xml.contains(label), "the label '" + label + "' on the System page");
        }
    }

    @Test
    void theSnippetGeneratorListsEveryStep(JenkinsRule r) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition("echo 'hi'", true));

        String xml = r.createWebClient().getPage(p, "pipeline-syntax").asXml();

        for (String step : List.of(
                "odooEnvironment",
                "odooSnapshot",
                "odooStageClone",
                "odooRefresh",
                "odooDeploy",
                "odooHealthCheck",
                "odooRollback",
                "odooStatus")) {
            assertTrue(xml.contains(step + ": "), "the step " + step + " in the Snippet Generator");
        }
    }

    /** A step's form as the Snippet Generator and {@code StepConfigTester} render it, in a form of its own. */
    private static String stepForm(JenkinsRule r, Step step) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        p.getBuildersList().add(new StepConfigTester.StepBuilder(step));
        HtmlPage page = r.createWebClient().getPage(p, "configure");
        assertNotNull(r.getButtonByCaption(page.getFormByName("config"), "Save"), "the form rendered whole");
        return page.asXml();
    }

    @Test
    void everyStepsFormShowsItsLabelsWhole(JenkinsRule r) throws Exception {
        OdooDeployStep deploy = new OdooDeployStep("staging", "registry.example.com/acme/odoo:1");
        deploy.setDryRun(true);
        String deployForm = stepForm(r, deploy);
        assertTrue(deployForm.contains("Dry run: plan only, change nothing"), deployForm);
        assertTrue(deployForm.contains("Health check timeout in seconds"), deployForm);
        assertFalse(deployForm.contains("Dry run (plan only)"), deployForm);

        String rollbackForm = stepForm(r, new OdooRollbackStep("production"));
        assertTrue(rollbackForm.contains("Dry run: plan only, change nothing"), rollbackForm);

        OdooHealthCheckStep health = new OdooHealthCheckStep();
        health.setEnvironment("staging");
        String healthForm = stepForm(r, health);
        assertTrue(healthForm.contains("Timeout in seconds"), healthForm);
    }
}
