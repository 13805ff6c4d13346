package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.health.HealthSettings;
import hudson.AbortException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.docker.commons.credentials.DockerServerEndpoint;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** What the controller ships to the agent for a step: the project's configuration, with only the secrets it needs. */
@WithJenkins
class EngineConfigsTest {

    @TempDir
    Path dataDir;

    private WorkflowRun aBuild(JenkinsRule r) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition("echo 'hello'", true));
        return r.buildAndAssertSuccess(p);
    }

    @Test
    void onlyTheEnvironmentsAStepWorksOnGetTheirSecrets(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooProject acme = OdooFixtures.acme(dataDir);
        acme.environment("production")
                .orElseThrow()
                .setDockerServer(new DockerServerEndpoint("tcp://odoo-host:2376", null));

        try (EngineConfigs c = EngineConfigs.forBuild(
                acme, aBuild(r), r.jenkins.getRootPath(), Set.of("dev"), EngineConfigs.Overrides.NONE)) {
            ReleaseConfig config = c.config();
            assertEquals(
                    OdooFixtures.DEV_PASSWORD,
                    config.environment("dev").environment().db().password());
            assertEquals(
                    "odoo_dev", config.environment("dev").environment().db().user());
            assertNull(
                    config.environment("production").environment().db().password(),
                    "a dev deploy never ships production's");
            assertEquals(
                    "odoo_prod",
                    config.environment("production").environment().db().user(),
                    "names are not secret");
            assertEquals(List.of(OdooFixtures.DEV_PASSWORD), config.secrets());
            assertEquals(
                    "tcp://odoo-host:2376",
                    config.environment("production").docker().orElseThrow().host());
            assertEquals(List.of("addons"), config.addonsPaths());
        }
    }

    @Test
    void inlineOverridesChangeOnlyTheirEnvironment(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooProject acme = OdooFixtures.acme(dataDir);
        try (EngineConfigs c = EngineConfigs.forBuild(
                acme,
                aBuild(r),
                r.jenkins.getRootPath(),
                Set.of("staging"),
                new EngineConfigs.Overrides("staging", "http://other:8069", "other", 17, "/srv/rules.yml"))) {
            ReleaseConfig config = c.config();
            var health = config.environment("staging").health().orElseThrow();
            assertEquals("http://other:8069/", health.url());
            assertEquals("other", health.database());
            assertEquals(17, health.timeout().toSeconds());
            assertEquals(
                    Path.of("/srv/rules.yml"),
                    config.environment("staging").staging().anonymizationRules());
            assertEquals("dev", config.environment("dev").health().orElseThrow().database(), "others keep theirs");
        }
    }

    @Test
    void furtherHealthUrlsReachTheEngineAndItsRulesApply(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooProject acme = OdooFixtures.acme(dataDir);
        OdooHealthSettings health = new OdooHealthSettings();
        OdooUrlCheck shop = new OdooUrlCheck("/shop");
        shop.setText("Shop");
        OdooUrlCheck login = new OdooUrlCheck("web/login?db=prod");
        login.setStatus(303);
        health.setUrls(List.of(shop, login));
        acme.environment("production").orElseThrow().setHealth(health);

        try (EngineConfigs c = EngineConfigs.forBuild(
                acme, aBuild(r), r.jenkins.getRootPath(), Set.of("production"), EngineConfigs.Overrides.NONE)) {
            assertEquals(
                    List.of(
                            new HealthSettings.UrlCheck("shop", 200, "Shop"),
                            new HealthSettings.UrlCheck("web/login?db=prod", 303, null)),
                    c.config().environment("production").health().orElseThrow().urlChecks());
            assertEquals(
                    List.of(),
                    c.config().environment("staging").health().orElseThrow().urlChecks(),
                    "an environment without health settings has none");
        }

        OdooUrlCheck elsewhere = new OdooUrlCheck("https://elsewhere.example.com/shop");
        health.setUrls(List.of(elsewhere));
        OdooReleaseException refused = assertThrows(OdooReleaseException.class, () -> EngineConfigs.validate(acme));
        assertTrue(refused.getMessage().contains("is not a relative path"), refused.getMessage());
    }

    @Test
    void aMissingCredentialIsACleanFailureNamingIt(JenkinsRule r) throws Exception {
        OdooProject acme = OdooFixtures.acme(dataDir); // no credential defined
        AbortException e = assertThrows(
                AbortException.class,
                () -> EngineConfigs.forBuild(
                        acme, aBuild(r), r.jenkins.getRootPath(), Set.of("production"), EngineConfigs.Overrides.NONE));
        assertTrue(e.getMessage().contains("'prod-db'"), e.getMessage());
        assertTrue(e.getMessage().contains("environment production"), e.getMessage());
    }

    @Test
    void registryHosts() throws Exception {
        assertEquals("registry.example.com:5000", EngineConfigs.registryHost("https://registry.example.com:5000/"));
        assertEquals("registry.example.com", EngineConfigs.registryHost("registry.example.com"));
        assertNull(EngineConfigs.registryHost(""));
    }
}
