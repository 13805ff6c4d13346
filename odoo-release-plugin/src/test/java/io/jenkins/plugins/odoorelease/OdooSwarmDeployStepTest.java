package io.jenkins.plugins.odoorelease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.SwarmState;
import dev.odoorelease.testkit.TcpForwarder;
import dev.odoorelease.testkit.TestNames;
import hudson.model.Label;
import hudson.model.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * An environment configured in Jenkins as a Docker Swarm service is deployed by {@code odooDeploy} on an agent, for
 * real: a single-node swarm on the test engine, the managed HAProxy load balancer, two stand-in instances and a cron
 * instance, PostgreSQL reached through a forwarder on the swarm's gateway. The first deploy creates the services; the
 * second rolls the instances to another image; users reach Odoo through the load balancer throughout.
 */
@WithJenkins
class OdooSwarmDeployStepTest {
    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    static final String PASSWORD = "Swarm-Step-Secret-77e1";
    static final String DB = "swarmprod";

    private JenkinsRule r;
    private PgServer pg;
    private TcpForwarder forward;
    private Path dataDir;
    private String prefix;

    @BeforeEach
    void configure(JenkinsRule r) throws Exception {
        this.r = r;
        DockerEngine.require();
        SwarmState.requireManager();
        pg = PgServer.start("steps-swarm");
        ReleaseImages.createRole(pg, "deployer", PASSWORD);
        dataDir = Files.createTempDirectory("steps-swarm-data");
        prefix = TestNames.prefix("odoo");
        r.createOnlineSlave(Label.get("odoo"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (prefix != null) {
            SwarmState.remove(prefix);
        }
        if (forward != null) {
            forward.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void odooDeployCreatesThenRollsTheSwarmServiceBehindItsLoadBalancer() throws Exception {
        String v1 = StandInImage.series("17.0")
                .moduleVersion("base", "17.0.1.3")
                .tagSuffix("swarm-v1")
                .build();
        String v2 = StandInImage.series("17.0")
                .moduleVersion("base", "17.0.1.3")
                .tagSuffix("swarm-v2")
                .build();
        StandInContainer.prepareDataDir(dataDir);
        StandInContainer.image(v1)
                .dataDir(dataDir)
                .env("HOST", pg.host())
                .env("PORT", String.valueOf(pg.port()))
                .env("USER", "deployer")
                .env("PASSWORD", PASSWORD)
                .initDatabase(DB);
        StandInContainer.prepareDataDir(dataDir);
        String gateway = SwarmState.gatewayAddress();
        forward = TcpForwarder.on(gateway, pg.host(), pg.port());
        int lbPort = FreePorts.next();

        OdooFixtures.credentials();
        OdooFixtures.add("swarm-db", "deployer", PASSWORD);
        OdooProject project = new OdooProject("acme");
        OdooEnvironmentDefinition production = new OdooEnvironmentDefinition("production");
        production.setKind("production");
        production.setBranches("main");
        production.setDataDir(dataDir.toString());
        production.setUrl("http://127.0.0.1:" + lbPort);
        OdooDatabaseSettings db = new OdooDatabaseSettings(DB, "swarm-db");
        db.setHost(gateway);
        db.setPort(forward.port());
        production.setDatabase(db);
        OdooHealthSettings health = new OdooHealthSettings();
        health.setTimeoutSeconds(90);
        health.setExpectedSeries("17.0");
        production.setHealth(health);
        OdooSwarmSettings swarm = new OdooSwarmSettings(prefix + "web");
        swarm.setInstances(2);
        swarm.setNetworks(prefix + "net");
        swarm.setEndpointMode("dnsrr"); // no IPVS on the test machine
        swarm.setLoadBalancerPort(lbPort);
        swarm.setLoadBalancerBaseImage(StandInImage.BASE_IMAGE);
        swarm.setStopGraceSeconds(5);
        production.setSwarm(swarm);
        project.setEnvironments(List.of(production));
        OdooFixtures.configure(project);

        WorkflowRun b = OdooFixtures.runPipeline(r, """
            node('odoo') {
                withEnv(['BRANCH_NAME=main']) {
                    def first = odooDeploy environment: 'production', image: '%s', update: 'none', allowSkippedUpdates: true
                    echo "first: ${first.outcome}"
                    def second = odooDeploy environment: 'production', image: '%s', update: 'none', allowSkippedUpdates: true
                    echo "second: ${second.outcome} from ${second.previousImage}"
                }
            }
            """.formatted(v1, v2), Result.SUCCESS);
        r.assertLogContains("first: deployed", b);
        r.assertLogContains("second: deployed from " + v1, b);
        r.assertLogNotContains(PASSWORD, b);
        assertEquals(
                List.of(), OdooFixtures.filesContaining(b.getRootDir(), PASSWORD), "build files holding a password");
        assertEquals(2, b.getActions(OdooDeploymentAction.class).size(), "both deploys on the build page");

        assertEquals(List.of(v2, v2), runningImages(prefix + "web"), "both instances on the new image");
        assertEquals(List.of(v2), runningImages(prefix + "web-cron"), "the cron instance too");
        HttpResponse<String> login = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=" + DB))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, login.statusCode(), "Odoo answers through the load balancer");
        String spec = DockerEngine.check(Duration.ofMinutes(1), "service", "inspect", prefix + "web");
        assertTrue(!spec.contains(PASSWORD), "the password is in a swarm secret, not in the service");
    }

    /** The images of the service's running tasks, without their digest, sorted. */
    private static List<String> runningImages(String service) {
        String out = DockerEngine.check(
                Duration.ofMinutes(1),
                "service",
                "ps",
                service,
                "--filter",
                "desired-state=running",
                "--format",
                "{{.Image}}");
        return Arrays.stream(out.split("\\R"))
                .filter(l -> !l.isBlank())
                .map(l -> l.replaceFirst("@sha256:.*$", ""))
                .sorted()
                .toList();
    }
}
