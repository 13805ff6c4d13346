package dev.odoorelease.engine.internal.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.deploy.SwarmDeployCommand;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.internal.snapshot.OperationContext;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.HttpLoad;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.SwarmState;
import dev.odoorelease.testkit.TcpForwarder;
import dev.odoorelease.testkit.TestNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Deploys to a swarm environment against a real single-node swarm, real HAProxy (the managed load balancer, built from Debian's
 * package) and the Odoo stand-in: 2 instances and a cron instance (the benchmark runs 3), one PostgreSQL cluster and one set of services for the class
 * (the tests run in order on the same production). The instances reach PostgreSQL through a forwarder on the docker_gwbridge
 * gateway (overlay networks do not reach the host's loopback).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmDeployIT {
    static final String PASSWORD = "Swarm-Secret-5c1e";
    static final String DB = "swarmprod";
    static PgServer pg;
    static TcpForwarder forward;
    static Path dataDir;
    static String prefix;
    static String v1;
    static String v2;
    static String crashing;
    static Environment env;
    static SwarmRuntime swarm;
    static HealthSettings health;
    static int lbPort;
    static final DockerCli docker = DockerCli.local().redacting(PASSWORD);

    @BeforeAll
    static void production() throws Exception {
        StandIns.requireEngine();
        SwarmState.requireManager();
        v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("swarm-v1").build();
        v2 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("swarm-v2").build();
        crashing = StandInImage.series("17.0").variant(StandInImage.Variant.CRASH_AT_START).moduleVersion("base", "17.0.1.3")
                .tagSuffix("swarm-v3").build();
        pg = PgServer.start("swarm-deploy");
        ReleaseImages.createRole(pg, "deployer", PASSWORD);
        dataDir = Files.createTempDirectory("swarm-deploy-data");
        StandInContainer.prepareDataDir(dataDir);
        StandInContainer.image(v1).dataDir(dataDir).env("HOST", pg.host()).env("PORT", String.valueOf(pg.port())).env("USER", "deployer")
                .env("PASSWORD", PASSWORD).initDatabase(DB);
        StandInContainer.prepareDataDir(dataDir);
        String gateway = SwarmState.gatewayAddress();
        forward = TcpForwarder.on(gateway, pg.host(), pg.port());
        prefix = TestNames.prefix("odoo");
        env = Environment.builder("swarm-production").kind(EnvironmentKind.PRODUCTION)
                .database(new DbTarget(gateway, forward.port(), DB, "deployer", PASSWORD)).dataDir(dataDir).build();
        lbPort = FreePorts.next();
        swarm = new SwarmRuntime(prefix + "web", 2, List.of(prefix + "net"), null, true, "dnsrr", List.of(), Map.of(), Duration.ofSeconds(5),
                SwarmLoadBalancer.managed(lbPort).withBaseImage(StandInImage.BASE_IMAGE).withRetryAfter(7));
        health = HealthSettings.forUrl("http://127.0.0.1:" + lbPort).database(DB).expectedSeries("17.0").timeout(Duration.ofSeconds(90)).build();
    }

    @AfterAll
    static void tearDown() {
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

    static SwarmDeployCommand deploy(String image) {
        return new SwarmDeployCommand(env, swarm, docker).image(image).update(UpdateMode.parse("none")).allowSkippedUpdates(true)
                .health(health).build("SwarmDeployIT").lockTimeout(Duration.ofSeconds(5)).monitor(Duration.ofSeconds(3))
                .progress(ProgressListener.NONE);
    }

    @Test
    @Order(0)
    void aFirstDeployWhoseInstancesCannotStartRemovesWhatItCreated() {
        DeployResult r = deploy(crashing).call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(r.cause()).contains("failed at create").contains("instances failed");
        assertThat(docker.swarm().inspect(swarm.service())).isEmpty();
        assertThat(docker.swarm().inspect(swarm.cronService())).isEmpty();
    }

    @Test
    @Order(1)
    void theFirstDeployStartsTheLoadBalancerTheInstancesAndTheCronInstance() {
        DeployResult r = deploy(v1).call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v1));
        assertThat(runningImages(swarm.cronService())).hasSize(1).allMatch(i -> i.startsWith(v1));
        assertThat(args(swarm.service())).contains("--max-cron-threads=0");
        assertThat(args(swarm.cronService())).doesNotContain("--max-cron-threads=0");
        // the password is in a swarm secret only: not in the service's specification
        assertThat(docker.swarm().inspect(swarm.service()).orElseThrow().toString()).doesNotContain(PASSWORD);
    }

    @Test
    @Order(2)
    void aCodeOnlyDeployRollsTheInstancesWithZeroFailedRequestsUnderLoad() throws Exception {
        try (HttpLoad load = HttpLoad.start(URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=" + DB), 10)) {
            load.awaitRequests(200, Duration.ofSeconds(60));
            DeployResult r = deploy(v2).call();
            assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
            long after = load.requests() + 200;
            load.awaitRequests(after, Duration.ofSeconds(60));
            HttpLoad.Stats s = load.stop();
            assertThat(s.failures()).as("failed requests during the rolling deploy: " + s.failureSamples()).isZero();
            assertThat(s.requests()).isGreaterThan(300);
        }
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v2));
        assertThat(runningImages(swarm.cronService())).hasSize(1).allMatch(i -> i.startsWith(v2));
    }

    @Test
    @Order(3)
    void anInstanceThatFailsStopsTheRollAndTheSwarmPutsThePreviousImageBackOnEveryInstance() throws Exception {
        try (HttpLoad load = HttpLoad.start(URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=" + DB), 10)) {
            load.awaitRequests(100, Duration.ofSeconds(60));
            DeployResult r = deploy(crashing).call();
            assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
            assertThat(r.cause()).contains("Swarm put the previous image back");
            HttpLoad.Stats s = load.stop();
            assertThat(s.failures()).as("failed requests: " + s.failureSamples()).isZero();
        }
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v2));
        assertThat(runningImages(swarm.cronService())).hasSize(1).allMatch(i -> i.startsWith(v2));
    }

    @Test
    @Order(4)
    void theMaintenancePageIsSwitchedOnAndOffAt503WithRetryAfter() throws Exception {
        LoadBalancer lb = new LoadBalancer(swarm, env.name(), docker, ProgressListener.NONE);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=" + DB)).build();
        lb.maintenance(true);
        try {
            assertThat(lb.maintenanceOn()).isTrue();
            HttpResponse<String> down = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).contains("7");
            assertThat(down.body()).contains("Maintenance in progress");
        } finally {
            lb.maintenance(false);
        }
        assertThat(lb.maintenanceOn()).isFalse();
        assertThat(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(200, 302, 303);
    }

    @Test
    @Order(5)
    void aDeployWaitsForTheLockAndChangesNothingWhenItCannotTakeIt() {
        try (OperationContext held = OperationContext.open(env, "restore", Duration.ofSeconds(5), ProgressListener.NONE)) {
            assertThatThrownBy(() -> deploy(v1).lockTimeout(Duration.ofSeconds(1)).call()).isInstanceOf(OdooReleaseException.class)
                    .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.LOCKED));
        }
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v2));
    }

    @Test
    @Order(6)
    void aDeployThatMustUpdateModulesIsRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> deploy(v1).update(UpdateMode.parse("base")).call()).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("nothing changed").hasMessageContaining("module update on a swarm environment");
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v2));
    }

    /**
     * What a deploy killed during its roll leaves: its journal open (the lock went with its connection) and the swarm busy with
     * the update it started. The next deploy waits for the swarm, records what runs, closes the old journal and history entry,
     * then deploys. (The state is made by hand, the swarm update included; a kill -9 of a CLI process is not run here.)
     */
    @Test
    @Order(7)
    void aSwarmDeployInterruptedDuringItsRollIsFinishedByTheNextOne() {
        String interrupted;
        long historyId;
        try (OperationContext killed = OperationContext.open(env, "deploy", Duration.ofSeconds(5), ProgressListener.NONE)) {
            interrupted = killed.operationId();
            historyId = killed.store().history().start(env.name(), "deploy", interrupted);
            killed.store().journal().begin(interrupted, env.name(), "swarm-deploy", Map.of("service", swarm.service(), "oldImage", v2,
                    "newImage", v1, "commit", "", "historyId", String.valueOf(historyId)));
            OdooService service = new OdooService(swarm, env, health, docker, ProgressListener.NONE).monitor(Duration.ofSeconds(3));
            docker.swarm().update(swarm.service(), service.rollArgs(service.inspect().orElseThrow(), v1, service.configSecret(v1),
                    interrupted, null));
        }
        DeployResult r = deploy(v1).call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        try (var store = dev.odoorelease.engine.internal.state.StateStore.open(env)) {
            assertThat(store.journal().open(env.name())).isEmpty();
            var entry = store.history().recent(env.name(), 10).stream().filter(h -> h.operationId().equals(interrupted)).findFirst().orElseThrow();
            assertThat(entry.result()).isEqualTo("deployed");
            assertThat(entry.detailsJson()).contains(r.operationId());
            assertThat(store.environments().get(env.name()).orElseThrow().image()).isEqualTo(v1);
        }
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v1));
    }

    /** The images of the service's tasks that should run now. */
    static List<String> runningImages(String service) {
        String out = dev.odoorelease.testkit.DockerEngine.check(Duration.ofMinutes(1), "service", "ps", "--filter", "desired-state=running",
                "--format", "{{.Image}} {{.CurrentState}}", service);
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).filter(l -> l.contains(" Running")).map(l -> l.split(" ")[0]).toList();
    }

    static List<String> args(String service) {
        JsonNode n = docker.swarm().inspect(service).orElseThrow().path("Spec").path("TaskTemplate").path("ContainerSpec").path("Args");
        List<String> a = new java.util.ArrayList<>();
        n.forEach(x -> a.add(x.asText()));
        return a;
    }
}
