package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.odoorelease.testkit.PgServer;
import hudson.model.Label;
import hudson.model.Result;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Wiring of the steps in real pipelines on an agent: arguments and configuration reach the engine, its refusals and
 * failures become clean build failures (message, no stack trace), and no secret reaches the log or the build's files.
 * The configured database server does not exist: what the engine does with a real one is tested in the engine.
 */
@WithJenkins
class OdooStepsTest {

    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @TempDir
    Path dataDir;

    /**
     * Resolved once per test, in {@link #configure}: the harness's {@code JenkinsExtension} starts a Jenkins on every
     * resolution of a {@link JenkinsRule} parameter, so a test method that took one too would start a second Jenkins
     * on the same port ({@code BindException}).
     */
    private JenkinsRule r;

    @BeforeEach
    void configure(JenkinsRule r) throws Exception {
        this.r = r;
        OdooFixtures.credentials();
        OdooFixtures.configure(OdooFixtures.acme(dataDir));
        r.createOnlineSlave(Label.get("odoo"));
    }

    private WorkflowRun run(String script, Result expected) throws Exception {
        return OdooFixtures.runPipeline(r, script, expected);
    }

    @Test
    void odooEnvironmentMapsEachBranchToItsEnvironmentOrNull() throws Exception {
        WorkflowRun b = run("""
            for (branch in ['main', 'develop', 'staging', 'feature/login']) {
                withEnv(["BRANCH_NAME=${branch}"]) {
                    def e = odooEnvironment()
                    echo "${branch} -> ${e == null ? 'none' : e.name + ' ' + e.kind + ' production=' + e.production}"
                }
            }
            echo "explicit: ${odooEnvironment(branch: 'main').name}"
            """, Result.SUCCESS);
        r.assertLogContains("main -> production production production=true", b);
        r.assertLogContains("develop -> dev development production=false", b);
        r.assertLogContains("staging -> staging staging production=false", b);
        r.assertLogContains("feature/login -> none", b);
        r.assertLogContains("branch feature/login is mapped to no environment of project acme", b);
        r.assertLogContains("explicit: production", b);
    }

    @Test
    void deployToProductionFromAnUnmappedBranchIsRefusedBeforeAnythingIsTouched() throws Exception {
        WorkflowRun b = run("""
            node('odoo') {
                withEnv(['BRANCH_NAME=develop']) {
                    odooDeploy environment: 'production', image: 'registry.example.com/acme/odoo:1', update: 'all'
                }
            }
            """, Result.FAILURE);
        r.assertLogContains(
                "Unable to deploy to production from branch develop: production is a production environment and only"
                        + " builds of main may change it",
                b);
        r.assertLogNotContains("\tat ", b);
        assertEquals(List.of(), b.getActions(OdooDeploymentAction.class), "nothing was deployed, nothing recorded");
    }

    @Test
    void aBuildThatCannotSayItsBranchMayNotChangeProduction() throws Exception {
        WorkflowRun b = run("""
            node('odoo') {
                odooDeploy environment: 'production', image: 'registry.example.com/acme/odoo:1', update: 'all'
            }
            """, Result.FAILURE);
        r.assertLogContains("Unable to change production from this build: production is a production environment", b);
    }

    @Test
    void rollingProductionBackFromAnUnmappedBranchIsRefused() throws Exception {
        WorkflowRun b = run("""
            node('odoo') {
                withEnv(['BRANCH_NAME=develop']) {
                    odooRollback environment: 'production'
                }
            }
            """, Result.FAILURE);
        r.assertLogContains(
                "Unable to roll back production from branch develop: production is a production environment", b);
        assertEquals(List.of(), b.getActions(OdooDeploymentAction.class));
    }

    @Test
    void aRollbackToSomethingThatIsNoSnapshotIdIsRefused() throws Exception {
        WorkflowRun b = run("""
            node('odoo') {
                withEnv(['BRANCH_NAME=main']) {
                    odooRollback environment: 'production', snapshot: 'yesterday'
                }
            }
            """, Result.FAILURE);
        r.assertLogContains("'yesterday': not a valid id", b);
    }

    @Test
    void statusReachesTheEnvironmentsServerAndReportsWhatItCanWhenItIsDown() throws Exception {
        // status is what an operator reads when things are broken: a database that does not answer is reported, not
        // fatal
        WorkflowRun b = run("node('odoo') { odooStatus environment: 'staging' }", Result.SUCCESS);
        r.assertLogContains("database: Unable to connect to PostgreSQL (database ", b);
        r.assertLogContains(" as odoo_staging)", b);
    }

    @Test
    void cloningIntoProductionIsRefusedWhateverTheBranch() throws Exception {
        WorkflowRun b = run("""
            node('odoo') {
                withEnv(['BRANCH_NAME=main']) {
                    odooStageClone source: 'staging', target: 'production'
                }
            }
            """, Result.FAILURE);
        r.assertLogContains("production is a production environment", b);
        r.assertLogNotContains("\tat ", b);
    }

    @Test
    void aFailedStageCloneArchivesItsReportAndShowsItBeforeFailingTheStep() throws Exception {
        // A real server: the identity guard must tell what each database is before a clone starts (an unreachable one
        // is
        // refused before anything, and so before any report). Production's database does not exist on it, so the clone
        // fails once started, when it connects to copy it.
        try (PgServer pg = PgServer.start("steps-clone")) {
            for (String[] role : List.of(
                    new String[] {"odoo_dev", OdooFixtures.DEV_PASSWORD},
                    new String[] {"odoo_staging", OdooFixtures.STAGING_PASSWORD},
                    new String[] {"odoo_prod", OdooFixtures.PROD_PASSWORD})) {
                pg.superExecute("postgres", "CREATE ROLE " + role[0] + " LOGIN CREATEDB PASSWORD '" + role[1] + "'");
            }
            OdooFixtures.configure(OdooFixtures.acme(dataDir, pg.port()));
            aFailedStageCloneArchivesItsReport();
        }
    }

    private void aFailedStageCloneArchivesItsReport() throws Exception {
        WorkflowRun b = run("""
            node('odoo') {
                odooStageClone source: 'production', target: 'staging', from: 'live'
            }
            """, Result.FAILURE);
        r.assertLogContains("Unable to connect to PostgreSQL (database prod", b);
        r.assertLogContains("Report: ", b);
        r.assertLogNotContains("\tat ", b);

        List<String> artifacts =
                b.getArtifacts().stream().map(a -> a.relativePath).sorted().toList();
        assertEquals(2, artifacts.size(), "the JSON and Markdown report: " + artifacts);
        String md = artifacts.get(1);
        assertTrue(md.matches("odoo-release/stage-clone-staging-[^/]+\\.md"), md);
        assertEquals(md.replaceAll("\\.md$", ".json"), artifacts.get(0));
        r.assertLogContains("Archived the differences report as " + md, b);
        String report;
        try (InputStream in = b.getArtifactManager().root().child(md).open()) {
            report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(report.contains("failed") && report.contains("Unable to connect to PostgreSQL"), report);

        OdooDeploymentAction clone = b.getAction(OdooDeploymentAction.class);
        assertEquals(OdooDeploymentAction.Operation.STAGE_CLONE, clone.getOperation());
        assertEquals("failed", clone.getOutcome());
        assertEquals(md, clone.get("report"), "the build page links the archived report");
        assertEquals(artifacts.get(0), clone.get("reportJsonArtifact"));
        assertTrue(md.contains(clone.get("operationId")), clone.get("operationId"));
        assertTrue(clone.get("cause").startsWith("Unable to connect to PostgreSQL"), clone.get("cause"));
    }

    /**
     * The steps added for drift, refresh and pinned plans run on the agent with the environments' credentials and
     * fail with the engine's message, never a stack trace or a secret: odooDrift reaches for servers that do not
     * answer, odooRefresh for a staging without a container, odooDeploy is given something that is no plan id (each
     * refused before anything changes).
     */
    @Test
    void theDriftRefreshRehearseAndPlanStepsRunOnTheAgentAndFailWithTheEngineMessage() throws Exception {
        WorkflowRun drift = run("node('odoo') { odooDrift source: 'production', target: 'staging' }", Result.FAILURE);
        r.assertLogContains("Unable to connect to PostgreSQL (database ", drift);
        r.assertLogNotContains("\tat ", drift);

        WorkflowRun refresh = run("node('odoo') { odooRefresh target: 'staging' }", Result.FAILURE);
        // the fixture's staging has no container: a refresh must restart one, so it is refused before anything
        r.assertLogContains("Unable to refresh staging: the environment has no container settings.", refresh);
        r.assertLogNotContains("\tat ", refresh);
        r.assertLogNotContains("OdooReleaseException", refresh);

        WorkflowRun plan = run("node('odoo') { odooDeploy environment: 'dev', plan: 'not-a-plan' }", Result.FAILURE);
        r.assertLogContains("Unable to deploy to dev with plan 'not-a-plan' (nothing changed): not a plan id", plan);
        r.assertLogNotContains("\tat ", plan);

        WorkflowRun rehearse =
                run("node('odoo') { odooRehearse environment: 'production', image: 'Not An Image' }", Result.FAILURE);
        r.assertLogContains("Unable to rehearse 'Not An Image' on production: not a valid image reference.", rehearse);
        r.assertLogNotContains("\tat ", rehearse);
    }

    @Test
    void engineFailuresFailTheStepWithTheirMessageAndNoSecret() throws Exception {
        WorkflowRun b = run("""
            node('odoo') {
                odooSnapshot environment: 'production', kind: 'dump', label: 'before migration'
            }
            """, Result.FAILURE);
        r.assertLogContains("Unable to connect to PostgreSQL (database ", b);
        r.assertLogContains(" as odoo_prod)", b);
        r.assertLogNotContains("OdooReleaseException", b);
        r.assertLogNotContains("\tat ", b);
    }

    @Test
    void anUnknownEnvironmentIsNamedWithTheKnownOnes() throws Exception {
        WorkflowRun b = run("node('odoo') { odooSnapshot environment: 'prod' }", Result.FAILURE);
        r.assertLogContains(
                "Unable to find environment 'prod' in project acme: the configured ones are dev, staging, production",
                b);
    }

    @Test
    void withSeveralProjectsTheStepOrTheVariableChoosesOne() throws Exception {
        OdooProject other = new OdooProject("other");
        OdooFixtures.configure(OdooFixtures.acme(dataDir), other);
        WorkflowRun ambiguous = run("withEnv(['BRANCH_NAME=main']) { odooEnvironment() }", Result.FAILURE);
        r.assertLogContains("Several Odoo projects are configured (acme, other): choose one with project:", ambiguous);

        WorkflowRun chosen = run("""
            withEnv(['BRANCH_NAME=main']) {
                echo "by step: ${odooEnvironment(project: 'acme').name}"
                withEnv(['ODOO_RELEASE_PROJECT=acme']) {
                    echo "by variable: ${odooEnvironment().name}"
                }
            }
            """, Result.SUCCESS);
        r.assertLogContains("by step: production", chosen);
        r.assertLogContains("by variable: production", chosen);
    }

    @Test
    void stepsThatNeedAnAgentRefuseToRunOutsideNode() throws Exception {
        WorkflowRun b = run("odooSnapshot environment: 'dev'", Result.FAILURE);
        r.assertLogContains("Required context class", b);
        r.assertLogContains("Perhaps you forgot to surround the", b);
    }
}
