package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import hudson.model.Label;
import hudson.model.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Wiring only: the step runs the engine's check on an agent (for a URL, or for a configured environment), reports
 * to the build log, returns a map, turns engine failures into clean build failures, masks the environment's secrets,
 * and lets an abort stop the engine before the step ends. What the check decides is tested in the engine.
 */
@WithJenkins
class OdooHealthCheckStepTest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    /** A path prefix holding the staging password: whatever prints the URL must mask it. */
    private static final String SECRET_PATH = "/" + OdooFixtures.STAGING_PASSWORD;

    @TempDir
    Path dataDir;

    private HttpServer odoo;
    private volatile int loginStatus = 200;

    @BeforeEach
    void startFakeOdoo() throws IOException {
        odoo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String prefix : List.of("", SECRET_PATH)) {
            odoo.createContext(
                    prefix + "/web/health",
                    e -> reply(e, 200, "application/json", "{\"status\": \"pass\", \"db_server_status\": true}"));
            odoo.createContext(prefix + "/web/login", e -> {
                int status = loginStatus;
                reply(
                        e,
                        status,
                        "text/html",
                        status == 200 ? "<form class=\"oe_login_form\"/>" : "Internal Server Error");
            });
        }
        odoo.start();
    }

    @AfterEach
    void stopFakeOdoo() {
        odoo.stop(0);
    }

    private String odooUrl() {
        return "http://127.0.0.1:" + odoo.getAddress().getPort();
    }

    private WorkflowJob pipeline(JenkinsRule r, String script) throws Exception {
        r.createOnlineSlave(Label.get("odoo"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "p");
        p.setDefinition(new CpsFlowDefinition(script, true));
        return p;
    }

    /** The fixtures' project, with staging answering on the fake Odoo under the secret path. */
    private void configureStaging() throws Exception {
        OdooFixtures.credentials();
        OdooProject acme = OdooFixtures.acme(dataDir);
        OdooEnvironmentDefinition staging = acme.environment("staging").orElseThrow();
        staging.setUrl(odooUrl() + SECRET_PATH + "/");
        OdooHealthSettings health = new OdooHealthSettings();
        health.setTimeoutSeconds(30);
        health.setPollIntervalSeconds(1);
        staging.setHealth(health);
        OdooFixtures.configure(acme);
    }

    @Test
    void checksFromTheAgentAndReturnsTheReport(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, """
            node('odoo') {
                def health = odooHealthCheck url: '%s', database: 'prod', timeout: 30
                echo "healthy=${health.healthy} attempts=${health.attempts} probes=${health.probes.size()}"
            }
            """.formatted(odooUrl()));

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("Waiting up to 30 s for " + odooUrl() + "/ to be healthy (database prod)", b);
        r.assertLogContains("is healthy (database prod): 1 attempt", b);
        r.assertLogContains("healthy=true attempts=1 probes=2", b);
    }

    /**
     * The last lines the engine prints on the agent reach the log before the step returns: the remote log stream sends
     * every second or on flush, so without a flush they came after the next step's output, or never.
     */
    @Test
    void theLastLinesPrintedOnTheAgentReachTheLogBeforeTheStepReturns(JenkinsRule r) throws Exception {
        configureStaging();
        WorkflowJob p = pipeline(r, """
            node('odoo') {
                odooHealthCheck url: '%s', database: 'prod', timeout: 30
                echo 'after the URL check'
                odooHealthCheck environment: 'staging'
                echo 'after the environment check'
            }
            """.formatted(odooUrl()));

        WorkflowRun b = r.buildAndAssertSuccess(p);
        String log = JenkinsRule.getLog(b);

        int urlHealthy = log.indexOf("is healthy (database prod): 1 attempt");
        int afterUrl = log.indexOf("after the URL check");
        int envHealthy = log.indexOf("is healthy (database staging): ");
        int afterEnv = log.indexOf("after the environment check");
        assertTrue(urlHealthy >= 0 && urlHealthy < afterUrl, "the URL check's last line, then the next step: " + log);
        assertTrue(
                envHealthy > afterUrl && envHealthy < afterEnv, "the environment check's last line in place: " + log);
        assertEquals(1, r.jenkins.getNodes().size());
        r.assertLogContains("Running on " + r.jenkins.getNodes().get(0).getNodeName() + " in ", b); // the agent's JVM
    }

    @Test
    void unhealthyServerFailsTheBuildWithTheEngineMessageOnly(JenkinsRule r) throws Exception {
        loginStatus = 500;
        WorkflowJob p = pipeline(r, """
            node('odoo') {
                odooHealthCheck url: '%s', database: 'prod', timeout: 2
            }
            """.formatted(odooUrl()));

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("Unable to confirm " + odooUrl() + "/ is healthy (database prod, timeout 2 s, ", b);
        r.assertLogContains(
                "last probe GET /web/login?db=prod: expected HTTP 200 (the login page of database prod),"
                        + " saw HTTP 500 Internal Server Error",
                b);
        r.assertLogNotContains("OdooReleaseException", b);
        r.assertLogNotContains("\tat ", b);
    }

    @Test
    void invalidUrlFailsTheBuildWithAConfigurationMessage(JenkinsRule r) throws Exception {
        WorkflowJob p = pipeline(r, "node('odoo') { odooHealthCheck url: 'odoo:8069' }");

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("Unable to check Odoo health (odoo:8069): it must start with http:// or https://", b);
    }

    @Test
    void checksAConfiguredEnvironmentAndMasksItsSecrets(JenkinsRule r) throws Exception {
        configureStaging();
        WorkflowJob p = pipeline(r, """
            node('odoo') {
                def health = odooHealthCheck environment: 'staging'
                echo "healthy=${health.healthy} database=${health.database}"
            }
            """);

        WorkflowRun b = r.buildAndAssertSuccess(p);

        r.assertLogContains("healthy=true database=staging", b);
        r.assertLogContains("/****/ to be healthy (database staging)", b);
        r.assertLogNotContains(OdooFixtures.STAGING_PASSWORD, b);
        assertEquals(List.of(), OdooFixtures.filesContaining(b.getRootDir(), OdooFixtures.STAGING_PASSWORD));
    }

    @Test
    void inlineParametersOverrideTheEnvironment(JenkinsRule r) throws Exception {
        configureStaging();
        loginStatus = 500;
        WorkflowJob p = pipeline(r, """
            node('odoo') {
                odooHealthCheck environment: 'staging', database: 'other', timeout: 2
            }
            """);

        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);

        r.assertLogContains("Waiting up to 2 s for", b);
        r.assertLogContains("(database other)", b);
        r.assertLogNotContains(OdooFixtures.STAGING_PASSWORD, b);
    }

    @Test
    void abortingLetsTheEngineStopFirstThenStops(JenkinsRule r) throws Exception {
        configureStaging();
        loginStatus = 500;
        WorkflowJob p = pipeline(r, """
            node('odoo') {
                odooHealthCheck environment: 'staging', timeout: 300
            }
            """);
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        r.waitForMessage("Not healthy yet", b);

        b.doStop();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(b));
        r.assertLogContains("Abort requested: the Odoo operation stops safely first", b);
        r.assertLogContains("interrupted after", b);
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }
}
