package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DockerEndpoint;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.ReleaseConfig;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.util.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.docker.commons.credentials.DockerServerCredentials;
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

    /** What a step of {@code build} working on {@code environment} sends, on a node whose variables are {@code vars}. */
    private static EngineConfigs forBuild(
            OdooProject project, WorkflowRun build, JenkinsRule r, EnvVars vars, String environment) throws Exception {
        return EngineConfigs.forBuild(
                project, build, r.jenkins.getRootPath(), vars, Set.of(environment), EngineConfigs.Overrides.NONE);
    }

    /** A step on production fails cleanly, naming the credential it cannot use and the environment. */
    private void assertRefusedNaming(String credentialId, OdooProject acme, JenkinsRule r) throws Exception {
        WorkflowRun build = aBuild(r);
        AbortException e =
                assertThrows(AbortException.class, () -> forBuild(acme, build, r, new EnvVars(), "production"));
        assertTrue(e.getMessage().contains("'" + credentialId + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("environment production"), e.getMessage());
    }

    @Test
    void onlyTheEnvironmentsAStepWorksOnGetTheirSecrets(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooProject acme = OdooFixtures.acme(dataDir);
        acme.environment("production")
                .orElseThrow()
                .setDockerServer(new DockerServerEndpoint("tcp://odoo-host:2376", null));

        try (EngineConfigs c = forBuild(acme, aBuild(r), r, new EnvVars(), "dev")) {
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
                new EnvVars(),
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

        try (EngineConfigs c = forBuild(acme, aBuild(r), r, new EnvVars(), "production")) {
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
        assertRefusedNaming("prod-db", OdooFixtures.acme(dataDir), r); // no credential defined
    }

    /** The Docker engine production gets for a build on a node whose environment is {@code vars}. */
    private static DockerEndpoint docker(OdooProject acme, WorkflowRun build, JenkinsRule r, EnvVars vars)
            throws Exception {
        try (EngineConfigs c = forBuild(acme, build, r, vars, "production")) {
            DockerEndpoint d = c.config().environment("production").docker().orElseThrow();
            assertEquals("CA", Files.readString(Path.of(d.certPath(), "ca.pem")), "the certificates, while it runs");
            return d;
        }
    }

    /**
     * docker-commons: a server without URI is Docker's default engine (DOCKER_HOST), and its credential's client
     * certificates are still handed out; with TLS on and no DOCKER_HOST, the docker CLI goes to tcp://localhost:2376.
     */
    @Test
    void aDockerServerWithoutUriUsesItsCertificatesOnDockersDefaultEngine(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new DockerServerCredentials(
                        CredentialsScope.GLOBAL, "docker-tls", "test", Secret.fromString("KEY"), "CERT", "CA"));
        OdooProject acme = OdooFixtures.acme(dataDir);
        OdooEnvironmentDefinition prod = acme.environment("production").orElseThrow();
        prod.setDockerServer(new DockerServerEndpoint("", "docker-tls"));
        assertEquals("docker-tls", prod.getDockerServer().getCredentialsId(), "kept: it means something");
        WorkflowRun build = aBuild(r);

        DockerEndpoint local = docker(acme, build, r, new EnvVars());
        assertEquals(EngineConfigs.DOCKER_DEFAULT_TLS_HOST, local.host());
        assertTrue(local.tlsVerify());
        assertFalse(Files.exists(Path.of(local.certPath())), "the certificates are removed after the step");

        DockerEndpoint nodes = docker(acme, build, r, new EnvVars("DOCKER_HOST", "tcp://docker.internal:2376"));
        assertEquals("tcp://docker.internal:2376", nodes.host(), "the node's DOCKER_HOST");
        assertTrue(nodes.tlsVerify());

        prod.setDockerServer(new DockerServerEndpoint("tcp://odoo-host:2376", "docker-tls"));
        DockerEndpoint configured = docker(acme, build, r, new EnvVars("DOCKER_HOST", "tcp://docker.internal:2376"));
        assertEquals("tcp://odoo-host:2376", configured.host(), "a URI wins");
    }

    @Test
    void aDockerCredentialThatGivesNoCertificateIsACleanFailureNamingIt(JenkinsRule r) throws Exception {
        OdooFixtures.credentials();
        OdooProject acme = OdooFixtures.acme(dataDir);
        acme.environment("production")
                .orElseThrow()
                .setDockerServer(new DockerServerEndpoint("tcp://odoo-host:2376", "no-such-docker-credential"));
        assertRefusedNaming("no-such-docker-credential", acme, r);
    }

    @Test
    void registryHosts() throws Exception {
        assertEquals("registry.example.com:5000", EngineConfigs.registryHost("https://registry.example.com:5000/"));
        assertEquals("registry.example.com", EngineConfigs.registryHost("registry.example.com"));
        assertNull(EngineConfigs.registryHost(""));
    }
}
