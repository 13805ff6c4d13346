package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.TestNames;
import hudson.model.BooleanParameterValue;
import hudson.model.Item;
import hudson.model.ParametersAction;
import hudson.model.Result;
import hudson.model.Slave;
import hudson.plugins.git.GitSCM;
import hudson.slaves.EnvironmentVariablesNodeProperty;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jenkins.branch.BranchSource;
import jenkins.plugins.git.GitSCMSource;
import jenkins.plugins.git.traits.BranchDiscoveryTrait;
import org.htmlunit.html.HtmlPage;
import org.htmlunit.html.HtmlTable;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.jenkinsci.plugins.workflow.support.steps.input.InputAction;
import org.jenkinsci.plugins.workflow.support.steps.input.InputStepExecution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;
import org.jvnet.hudson.test.recipes.WithTimeout;

/**
 * The promotion of docs/examples/Jenkinsfile, end to end, in a multibranch project over a real local git repository
 * (branches main, develop, feature/x, then staging): real PostgreSQL clusters, the Odoo stand-in images, the steps
 * on a separate agent (the controller has no executor), and a controller restart while main waits at the approval.
 *
 * <p>develop deploys to dev, main waits for "Deploy", survives the restart there and then deploys to production,
 * staging refreshes itself with a scrubbed copy of production ({@code odooStageClone}) and deploys, then — built with
 * {@code REFRESH_STAGING} — only refreshes staging ({@code odooRefresh}) and reports its drift, feature/x deploys
 * nothing, and a broken image pushed to develop is rolled back automatically with its cause on the build page. The
 * multibranch project's "Odoo environments" page then shows the pipeline from the stored build actions. No password
 * reaches a build log or any file under the Jenkins home (builds, jobs, the agent's workspace and remoting files).
 */
class MultibranchPromotionTest {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("mb-prod");

    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("mb-staging");

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    static Path dir;

    static final String AGENT = "odoo-agent";
    static final String PROJECT = "acme";
    static final Path EXAMPLE = Path.of("..", "docs", "examples", "Jenkinsfile");
    static final List<String> PASSWORDS =
            List.of(OdooFixtures.DEV_PASSWORD, OdooFixtures.STAGING_PASSWORD, OdooFixtures.PROD_PASSWORD);

    static String good;
    static String sick;
    static Path repo;
    static String repository;
    static String containerPrefix;
    static Map<String, Integer> ports;

    @BeforeAll
    static void environments() throws Exception {
        DockerEngine.require();
        assertTrue(Files.isRegularFile(EXAMPLE), "the documented example is at " + EXAMPLE.toAbsolutePath());
        String v1 = ReleaseImages.current();
        good = ReleaseImages.goodUpgrade();
        sick = ReleaseImages.brokenUpgrade();
        PgServer prod = PROD.server();
        PgServer staging = STAGING.server();
        ReleaseImages.createRole(prod, "odoo_prod", OdooFixtures.PROD_PASSWORD);
        ReleaseImages.createRole(staging, "odoo_staging", OdooFixtures.STAGING_PASSWORD);
        ReleaseImages.createRole(staging, "odoo_dev", OdooFixtures.DEV_PASSWORD);
        // production runs v1 with data; dev has an initialised database; staging is made by the stage clone
        Path prodData = dir.resolve("production");
        ReleaseImages.initDatabase(v1, prod, "odoo_prod", OdooFixtures.PROD_PASSWORD, prodData, "prod");
        try (Connection c =
                DriverManager.getConnection(prod.jdbcUrl("prod"), "odoo_prod", OdooFixtures.PROD_PASSWORD)) {
            dev.odoorelease.testkit.OdooSeeder.forSeries(ReleaseImages.SERIES)
                    .partners(200)
                    .users(5)
                    .messages(100)
                    .mailQueue(3)
                    .attachments(20)
                    .mailServer("smtp.production.invalid", 587)
                    .filestore(prodData, "prod")
                    .progress(l -> {})
                    .seed(c);
        }
        StandInContainer.prepareDataDir(prodData);
        ReleaseImages.initDatabase(v1, staging, "odoo_dev", OdooFixtures.DEV_PASSWORD, dir.resolve("dev"), "dev");
        Files.createDirectories(dir.resolve("staging"));
        StandInContainer.prepareDataDir(dir.resolve("staging"));

        ports = Map.of("dev", freePort(), "staging", freePort(), "production", freePort());
        containerPrefix = TestNames.prefix("ormb");
        repository = "odoo-release-test/" + containerPrefix.substring(0, containerPrefix.length() - 1);
        GitSCM.ALLOW_LOCAL_CHECKOUT = true;

        // the project's repository: the documented Jenkinsfile, a Dockerfile on the stand-in, an addon
        repo = dir.resolve("repo");
        Files.createDirectories(repo.resolve("addons/acme_sale"));
        git("init", "-q", "-b", "main");
        Files.copy(EXAMPLE, repo.resolve("Jenkinsfile"));
        Files.writeString(repo.resolve("Dockerfile"), "FROM " + good + "\n");
        Files.writeString(
                repo.resolve("addons/acme_sale/__manifest__.py"),
                "{'name': 'ACME sales', 'version': '17.0.1.0', 'depends': ['base']}\n");
        git("add", "-A");
        git("commit", "-q", "-m", "ACME on Odoo 17");
        git("branch", "develop");
        git("checkout", "-q", "-b", "feature/x");
        Files.writeString(repo.resolve("addons/acme_sale/README.md"), "work in progress\n");
        git("add", "-A");
        git("commit", "-q", "-m", "feature x");
        git("checkout", "-q", "main");
    }

    @AfterAll
    static void removeContainersAndImages() {
        if (containerPrefix == null) {
            return;
        }
        for (String c : DockerEngine.docker(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}}")
                .stdout()
                .split("\\s+")) {
            if (c.startsWith(containerPrefix)) {
                DockerEngine.removeContainers(c);
            }
        }
        for (String image : DockerEngine.docker(
                        Duration.ofSeconds(30), "images", "--format", "{{.Repository}}:{{.Tag}}", repository)
                .stdout()
                .split("\\s+")) {
            if (image.startsWith(repository + ":")) {
                DockerEngine.docker(Duration.ofMinutes(1), "rmi", image);
            }
        }
    }

    @Test
    @WithTimeout(1800)
    void theDocumentedJenkinsfilePromotesEachBranchToItsEnvironmentAcrossARestart() throws Throwable {
        sessions.then(r -> {
            r.jenkins.setNumExecutors(0); // nothing can run on the controller
            r.createSlave(AGENT, "odoo", null);
            r.waitOnline((Slave) r.jenkins.getNode(AGENT));
            OdooFixtures.credentials();
            OdooFixtures.configure(acme());
            r.jenkins
                    .getGlobalNodeProperties()
                    .add(new EnvironmentVariablesNodeProperty(
                            new EnvironmentVariablesNodeProperty.Entry("ODOO_IMAGE_REPOSITORY", repository),
                            new EnvironmentVariablesNodeProperty.Entry("ODOO_IMAGE_PUSH", "false")));
            r.jenkins.save();

            WorkflowMultiBranchProject mp = r.jenkins.createProject(WorkflowMultiBranchProject.class, "acme");
            GitSCMSource source = new GitSCMSource(repo.toString());
            source.setId("acme-git");
            source.setTraits(List.of(new BranchDiscoveryTrait()));
            mp.getSourcesList().add(new BranchSource(source));
            assertNotNull(mp.getAction(OdooProjectAction.class), "the multibranch project shows its environments");
            assertNotNull(r.createWebClient()
                    .getPage(mp)
                    .getAnchorByHref(r.contextPath + "/" + mp.getUrl() + "odoo-environments"));
            index(mp);
            assertEquals(List.of("develop", "feature%2Fx", "main"), names(mp), "indexing created the branch jobs");

            WorkflowJob develop = mp.getItem("develop");
            WorkflowRun dev1 = r.assertBuildStatusSuccess(r.waitForCompletion(build(develop, 1)));
            OdooDeploymentAction devDeploy = deployOf(dev1);
            assertEquals("dev", devDeploy.getEnvironment());
            assertEquals("DEPLOYED", devDeploy.getOutcome());
            assertEquals(repository + ":" + head("develop"), devDeploy.get("image"));
            assertEquals(head("develop"), devDeploy.get("commit"));
            assertEquals(devDeploy.get("image") + " running", containerState("dev"));
            r.assertLogContains("Running on " + AGENT, dev1);

            WorkflowJob feature = mp.getItemByBranchName("feature/x");
            WorkflowRun feature1 = r.assertBuildStatusSuccess(r.waitForCompletion(build(feature, 1)));
            assertEquals(List.of(), feature1.getActions(OdooDeploymentAction.class), "feature/x deploys nothing");
            r.assertLogContains("branch feature/x is mapped to no environment of project acme", feature1);
            assertNotNull(feature.getAction(OdooProjectAction.class), "every branch shows the environments");

            WorkflowRun main1 = build(mp.getItem("main"), 1);
            r.waitForMessage("Deploy main to production?", main1);
            assertTrue(main1.isBuilding());
            // before the approval only the pinned plan: its id, and its lines in the approval's message
            List<OdooDeploymentAction> beforeApproval = main1.getActions(OdooDeploymentAction.class);
            assertEquals(1, beforeApproval.size(), "nothing but the plan before approval");
            assertEquals("PLANNED", beforeApproval.get(0).getOutcome());
            String planId = beforeApproval.get(0).getPlanId();
            assertNotNull(planId, "the plan is pinned by an id");
            r.waitForMessage("plan " + planId + " for production", main1);
            hudson.model.Computer agent = r.jenkins.getNode(AGENT).toComputer();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!agent.isIdle() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(agent.isIdle(), "waiting for a person holds no executor");
            assertEquals("", containerState("production"), "production untouched while waiting");
        });

        // the controller restarts while main waits at the approval
        sessions.then(r -> {
            r.waitOnline((Slave) r.jenkins.getNode(AGENT));
            WorkflowMultiBranchProject mp = r.jenkins.getItemByFullName("acme", WorkflowMultiBranchProject.class);
            WorkflowRun main1 = mp.getItem("main").getBuildByNumber(1);
            InputAction waiting = main1.getAction(InputAction.class);
            assertNotNull(waiting, "main still waits at the approval after the restart");
            List<InputStepExecution> executions = waiting.getExecutions();
            assertEquals(1, executions.size());
            assertEquals("Deploy", executions.get(0).getInput().getOk());
            executions.get(0).proceed((Map<String, Object>) null);
            r.assertBuildStatusSuccess(r.waitForCompletion(main1));
            r.assertLogContains("Resuming build", main1);
            OdooDeploymentAction prodDeploy = deployOf(main1);
            assertEquals("production", prodDeploy.getEnvironment());
            assertEquals("DEPLOYED", prodDeploy.getOutcome());
            assertEquals(repository + ":" + head("main"), prodDeploy.get("image"));
            assertNotNull(prodDeploy.get("snapshotId"), "production was snapshotted before the deploy");
            assertEquals(prodDeploy.get("image") + " running", containerState("production"));
            assertEquals(
                    main1.getActions(OdooDeploymentAction.class).get(0).getPlanId(),
                    prodDeploy.getPlanId(),
                    "production ran exactly the approved plan");

            // the staging branch appears: indexing creates its job, which refreshes staging from production
            git("branch", "staging", "main");
            index(mp);
            WorkflowJob stagingJob = mp.getItem("staging");
            assertNotNull(stagingJob, "indexing created the staging job");
            WorkflowRun staging1 = r.assertBuildStatusSuccess(r.waitForCompletion(build(stagingJob, 1)));
            List<OdooDeploymentAction> stagingOps = staging1.getActions(OdooDeploymentAction.class);
            assertEquals(
                    List.of(OdooDeploymentAction.Operation.STAGE_CLONE, OdooDeploymentAction.Operation.DEPLOY),
                    stagingOps.stream().map(OdooDeploymentAction::getOperation).toList());
            OdooDeploymentAction clone = stagingOps.get(0);
            assertEquals("production", clone.get("source"));
            assertEquals(
                    prodDeploy.get("snapshotId"), clone.get("sourceSnapshotId"), "from production's latest snapshot");
            assertNotNull(clone.get("report"));
            assertTrue(
                    staging1.getArtifactManager()
                            .root()
                            .child(clone.get("report"))
                            .isFile(),
                    "the differences report is archived");
            assertEquals("DEPLOYED", stagingOps.get(1).getOutcome());
            assertEquals("true", neutralized());
            assertEquals(stagingOps.get(1).get("image") + " running", containerState("staging"));

            // on demand (Build with Parameters » REFRESH_STAGING; the weekly timer takes the same path): the staging
            // job
            // only refreshes staging from production and reports its drift, archiving both reports; no build, no deploy
            String stagingImage = stagingOps.get(1).get("image");
            String stagingContainer = containerId("staging");
            WorkflowRun staging2 = r.assertBuildStatusSuccess(stagingJob.scheduleBuild2(
                    0, new ParametersAction(new BooleanParameterValue("REFRESH_STAGING", true))));
            List<OdooDeploymentAction> refreshOps = staging2.getActions(OdooDeploymentAction.class);
            assertEquals(
                    List.of(OdooDeploymentAction.Operation.STAGE_CLONE),
                    refreshOps.stream().map(OdooDeploymentAction::getOperation).toList(),
                    "the refresh, and no deploy");
            r.assertLogContains("Stage \"Build and test\" skipped due to when conditional", staging2);
            r.assertLogNotContains("+ docker build", staging2);
            r.assertLogContains("staging refreshed, serving " + stagingImage, staging2);
            r.assertLogContains("drift: ", staging2);
            List<String> artifacts = staging2.getArtifacts().stream()
                    .map(a -> a.relativePath)
                    .sorted()
                    .toList();
            assertTrue(
                    artifacts.contains(refreshOps.get(0).get("report")),
                    "the refresh's report is archived: " + artifacts);
            assertTrue(
                    artifacts.stream().anyMatch(a -> a.matches("odoo-release/drift-staging-.*\\.md"))
                            && artifacts.stream().anyMatch(a -> a.matches("odoo-release/drift-staging-.*\\.json")),
                    "the drift report is archived: " + artifacts);
            assertEquals(stagingImage + " running", containerState("staging"), "staging serves its image again");
            assertTrue(!stagingContainer.equals(containerId("staging")), "on a new container over the refreshed data");
            assertEquals("true", neutralized());

            // a broken version reaches develop: deployed, unhealthy, rolled back automatically, the cause on the build
            WorkflowJob develop = mp.getItem("develop");
            String working = deployOf(develop.getBuildByNumber(1)).get("image");
            Files.writeString(repo.resolve("Dockerfile"), "FROM " + sick + "\n");
            git("checkout", "-q", "develop");
            git("commit", "-q", "-a", "-m", "a version whose health check fails");
            git("checkout", "-q", "main");
            index(mp);
            WorkflowRun dev2 = r.waitForCompletion(build(develop, 2));
            r.assertBuildStatus(Result.FAILURE, dev2);
            OdooDeploymentAction rolledBack = deployOf(dev2);
            assertEquals("ROLLED_BACK", rolledBack.getOutcome());
            String cause = rolledBack.get("cause");
            assertNotNull(cause, "the rollback says why");
            assertEquals(working + " running", containerState("dev"), "dev runs the working version again");
            JenkinsRule.WebClient wc = r.createWebClient();
            String buildPage = wc.getPage(dev2).getBody().getTextContent(); // also what a collapsed block holds
            assertTrue(buildPage.contains(cause.lines().findFirst().orElseThrow()), "the cause is on the build page");
            assertTrue(buildPage.contains("ROLLED_BACK") || buildPage.contains("rolled back"), buildPage);

            // the multibranch project's page: dev → staging → production at a glance, from the stored actions
            HtmlPage page = wc.goTo(mp.getUrl() + "odoo-environments/");
            HtmlTable table = (HtmlTable) page.getElementById("odoo-pipeline-" + PROJECT);
            assertEquals("dev", table.getCellAt(0, 1).asNormalizedText());
            assertEquals("staging", table.getCellAt(0, 2).asNormalizedText());
            assertEquals("production", table.getCellAt(0, 3).asNormalizedText());
            assertEquals(working, table.getCellAt(2, 1).asNormalizedText(), "dev runs the working version");
            assertEquals(stagingOps.get(1).get("image"), table.getCellAt(2, 2).asNormalizedText());
            assertEquals(prodDeploy.get("image"), table.getCellAt(2, 3).asNormalizedText());
            assertEquals(head("main"), table.getCellAt(3, 3).asNormalizedText());
            assertTrue(table.getCellAt(4, 3).asNormalizedText().contains(main1.getFullDisplayName()));
            String copy = table.getCellAt(5, 2).asNormalizedText();
            // the latest copy: the refresh's (a live copy: no snapshot id), linked to its build
            assertTrue(copy.contains("production's data of") && copy.contains(staging2.getFullDisplayName()), copy);
            String rollback = table.getCellAt(6, 1).asNormalizedText();
            assertTrue(rollback.contains("ROLLED_BACK") && rollback.contains(dev2.getFullDisplayName()), rollback);
            assertEquals(
                    cause.strip(),
                    page.querySelector(".odoo-rollback-cause pre")
                            .getTextContent()
                            .strip());
            assertEquals("", table.getCellAt(6, 3).asNormalizedText().strip(), "production was never rolled back");
            // and every branch's page shows the same pipeline
            assertEquals(
                    working,
                    ((HtmlTable) wc.goTo(mp.getItemByBranchName("feature/x").getUrl() + "odoo-environments/")
                                    .getElementById("odoo-pipeline-" + PROJECT))
                            .getCellAt(2, 1)
                            .asNormalizedText());

            // no secret in any log, nor in any file of the Jenkins home (builds, jobs, the agent's files)
            for (Item i : mp.getItems()) {
                for (WorkflowRun b : ((WorkflowJob) i).getBuilds()) {
                    for (String secret : PASSWORDS) {
                        r.assertLogNotContains(secret, b);
                    }
                }
            }
            File agentRoot = new File(((Slave) r.jenkins.getNode(AGENT)).getRemoteFS());
            assertTrue(agentRoot.toPath().startsWith(r.jenkins.getRootDir().toPath()), "the agent's files are scanned");
            for (String secret : PASSWORDS) {
                assertEquals(
                        List.of(),
                        OdooFixtures.filesContaining(r.jenkins.getRootDir(), secret),
                        "files holding a password");
            }
        });
    }

    /** The project as the example expects it: dev ← develop, staging ← staging, production ← main. */
    static OdooProject acme() {
        OdooProject p = new OdooProject(PROJECT);
        p.setAddonsPaths("addons");
        p.setEnvironments(List.of(
                environment("dev", "development", "develop", "dev-db", STAGING.server(), "dev", 45),
                environment("staging", "staging", "staging", "staging-db", STAGING.server(), "stage", 90),
                environment("production", "production", "main", "prod-db", PROD.server(), "prod", 90)));
        return p;
    }

    static OdooEnvironmentDefinition environment(
            String name, String kind, String branch, String credentialsId, PgServer pg, String db, int healthTimeout) {
        OdooEnvironmentDefinition e = new OdooEnvironmentDefinition(name);
        e.setKind(kind);
        e.setBranches(branch);
        e.setDataDir(dir.resolve(name).toString());
        OdooDatabaseSettings database = new OdooDatabaseSettings(db, credentialsId);
        database.setHost(pg.host());
        database.setPort(pg.port());
        e.setDatabase(database);
        int port = ports.get(name);
        e.setUrl("http://127.0.0.1:" + port);
        OdooContainerSettings container = new OdooContainerSettings(containerPrefix + name);
        container.setNetwork("host");
        container.setArgs("--http-port=" + port);
        container.setStopGraceSeconds(5);
        e.setContainer(container);
        OdooHealthSettings health = new OdooHealthSettings();
        health.setTimeoutSeconds(healthTimeout);
        health.setPollIntervalSeconds(1);
        health.setExpectedSeries(ReleaseImages.SERIES);
        e.setHealth(health);
        return e;
    }

    static void index(WorkflowMultiBranchProject mp) throws Exception {
        mp.scheduleBuild2(0).getFuture().get(5, TimeUnit.MINUTES);
    }

    static List<String> names(WorkflowMultiBranchProject mp) {
        return mp.getItems().stream().map(Item::getName).sorted().toList();
    }

    /** Build {@code number} of {@code job}, once indexing has scheduled and started it. */
    static WorkflowRun build(WorkflowJob job, int number) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        WorkflowRun b;
        while ((b = job.getBuildByNumber(number)) == null) {
            assertTrue(System.nanoTime() < deadline, job.getFullName() + " #" + number + " never started");
            Thread.sleep(200);
        }
        return b;
    }

    static OdooDeploymentAction deployOf(WorkflowRun b) {
        List<OdooDeploymentAction> deploys = b.getActions(OdooDeploymentAction.class).stream()
                .filter(a -> a.getOperation() == OdooDeploymentAction.Operation.DEPLOY)
                .filter(a -> !"PLANNED".equals(a.getOutcome())) // a production build plans first
                .toList();
        assertEquals(1, deploys.size(), "one deploy in " + b);
        return deploys.get(0);
    }

    /** "image state" of an environment's container, "" when there is none. */
    static String containerState(String environment) {
        var r = DockerEngine.docker(
                Duration.ofSeconds(30),
                "inspect",
                "--format",
                "{{.Config.Image}} {{.State.Status}}",
                containerPrefix + environment);
        return r.exitCode() == 0 ? r.stdout().strip() : "";
    }

    /** The id of an environment's container. */
    static String containerId(String environment) {
        return DockerEngine.docker(
                        Duration.ofSeconds(30), "inspect", "--format", "{{.Id}}", containerPrefix + environment)
                .stdout()
                .strip();
    }

    /** Staging's database.is_neutralized, read on the staging cluster. */
    static String neutralized() throws Exception {
        try (Connection c = STAGING.server().superConnect("stage");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'")) {
            return rs.next() ? rs.getString(1).toLowerCase(java.util.Locale.ROOT) : null;
        }
    }

    static String head(String branch) throws Exception {
        return git("rev-parse", branch).strip();
    }

    static String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(
                List.of("git", "-C", repo.toString(), "-c", "user.name=ACME", "-c", "user.email=dev@acme.example"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0, String.join(" ", args) + ": " + out);
        return out;
    }

    static int freePort() throws Exception {
        return dev.odoorelease.testkit.FreePorts.next();
    }
}
