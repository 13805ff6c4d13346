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
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.internal.deploy.RecoverCommand;
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
    /** v2's code with base 17.0.1.4: a deploy of it updates base. */
    static String v3;
    /** base 17.0.1.5 whose update fails half-way (exit 255). */
    static String failingUpdate;
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
        v3 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").tagSuffix("swarm-v3u").build();
        failingUpdate = StandInImage.series("17.0").variant(StandInImage.Variant.FAILING_UPGRADE).moduleVersion("base", "17.0.1.5")
                .tagSuffix("swarm-v4f").build();
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
        swarm = new SwarmRuntime(prefix + "web", 2, List.of(prefix + "net"), null, true, "dnsrr", List.of(),
                Map.of("STANDIN_UPDATE_DELAY", "0.3"), Duration.ofSeconds(5),
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

    static DeployCommand deploy(String image) {
        return new DeployCommand(env, null, docker).swarm(swarm).image(image).update(UpdateMode.parse("none")).allowSkippedUpdates(true)
                .health(health).build("SwarmDeployIT").lockTimeout(Duration.ofSeconds(5)).swarmMonitor(Duration.ofSeconds(3))
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

    /**
     * A deploy whose plan updates base: the maintenance page (503, Retry-After) while every instance is stopped and the one update
     * run updates the database, then every instance and the cron instance on the new image, the page off.
     */
    @Test
    @Order(6)
    void aModuleUpdateDeployShowsTheMaintenancePageUpdatesOnceAndStartsEveryInstanceOnTheNewImage() throws Exception {
        assertThat(baseVersion()).isEqualTo("17.0.1.3");
        DeployResult r;
        try (Poller poller = new Poller()) {
            r = deploy(v3).update(UpdateMode.parse("base")).call();
            assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
            assertThat(poller.maintenance).as("the maintenance page was seen during the deploy: " + poller.seen).isPositive();
            assertThat(poller.maintenanceRetryAfter).isEqualTo("7");
            assertThat(poller.other503).as("no 503 but the maintenance page: " + poller.seen).isZero();
        }
        assertThat(baseVersion()).as("the update ran").isEqualTo("17.0.1.4");
        assertThat(r.plan().updateArg()).isEqualTo("base");
        assertThat(r.snapshotId()).isNotNull();
        assertThat(r.downtimeMillis()).isGreaterThanOrEqualTo(3000);
        assertThat(r.phaseMillis()).containsKeys("stop", "snapshot", "update", "start", "health");
        assertServesWithoutMaintenance(v3);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=" + DB))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(docker.containers().exists(swarm.service() + "-update-" + r.operationId())).as("no update container left").isFalse();
        assertRecordedAndClosed(v3);
    }

    /**
     * An update that fails half-way (the stand-in's failing-upgrade: one module committed, exit 255): the snapshot is restored —
     * the business rows and the filestore byte for byte as before —, the previous image runs on every instance again, the page off.
     */
    @Test
    @Order(7)
    void aFailingModuleUpdateRestoresTheSnapshotAndPutsThePreviousImageBackOnEveryInstance() throws Exception {
        pg.superExecute(DB, "INSERT INTO res_partner (name) VALUES ('written before the failing update')");
        Path file = dataDir.resolve("filestore").resolve(DB).resolve("ab").resolve("before-the-failing-update");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "kept byte for byte");
        String before = dataChecksum() + filestoreChecksum();
        DeployResult r = deploy(failingUpdate).update(UpdateMode.parse("base")).call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(r.cause()).contains("failed at update").contains("exited with 255");
        assertThat(dataChecksum() + filestoreChecksum()).as("database and filestore restored from the snapshot").isEqualTo(before);
        assertThat(baseVersion()).isEqualTo("17.0.1.4");
        assertServesWithoutMaintenance(v3);
        assertThat(r.healthSummary()).isNotNull();
        assertRecordedAndClosed(v3);
    }

    /**
     * A module update killed with every instance stopped behind the maintenance page (the state made by hand as the kill leaves
     * it: journal open at scaled-down, services at 0, page on): recover puts the previous image back on every instance and switches
     * the page off; a deploy before that is refused with the recover command.
     */
    @Test
    @Order(8)
    void anInterruptedModuleUpdateIsPutBackByRecover() throws Exception {
        String killed;
        try (OperationContext ctx = OperationContext.open(env, "deploy", Duration.ofSeconds(5), ProgressListener.NONE)) {
            killed = ctx.operationId();
            long historyId = ctx.store().history().start(env.name(), "deploy", killed);
            ctx.store().journal().begin(killed, env.name(), "swarm-deploy", Map.of("service", swarm.service(), "oldImage", v3,
                    "newImage", v2, "commit", "", "historyId", String.valueOf(historyId), "mode", "module-update"));
            new LoadBalancer(swarm, env.name(), docker, ProgressListener.NONE).maintenance(true);
            docker.swarm().update(swarm.service(), List.of("--replicas", "0"));
            docker.swarm().update(swarm.cronService(), List.of("--replicas", "0"));
            ctx.store().journal().step(killed, "scaled-down");
        }
        assertThatThrownBy(() -> deploy(v3).call()).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("interrupted at step 'scaled-down'").hasMessageContaining("odoo-release recover");
        DeployResult r = new RecoverCommand(env, null, docker, health).swarm(swarm).lockTimeout(Duration.ofSeconds(5)).call().orElseThrow();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertServesWithoutMaintenance(v3);
        assertRecordedAndClosed(v3);
    }

    /**
     * Configuration secrets and load balancer configs of earlier deploys that no service uses any more are removed after a deploy
     * that worked; those the services (or their previous specification) use stay.
     */
    @Test
    @Order(9)
    void aDeployRemovesTheSwarmSecretsAndConfigsNoServiceUses() throws Exception {
        Path tmp = Files.createTempFile("swarm-stale", ".conf");
        Files.writeString(tmp, "[options]\n");
        String staleSecret = swarm.service() + "-odoo-conf-000000000000";
        String staleConfig = swarm.loadBalancer().serviceName(swarm.service()) + "-haproxy-cfg-0000000000";
        docker.swarm().createObject("secret", staleSecret, tmp, Map.of("dev.odoorelease.environment", env.name(),
                "dev.odoorelease.swarm-service", swarm.service()));
        docker.swarm().createObject("config", staleConfig, tmp, Map.of("dev.odoorelease.environment", env.name(),
                "dev.odoorelease.lb", swarm.loadBalancer().serviceName(swarm.service())));
        Files.delete(tmp);
        List<String> secretsInUse = secrets(swarm.service());
        DeployResult r = deploy(v2).call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(docker.swarm().objectExists("secret", staleSecret)).isFalse();
        assertThat(docker.swarm().objectExists("config", staleConfig)).isFalse();
        assertThat(secretsInUse).isNotEmpty().allMatch(n -> docker.swarm().objectExists("secret", n));
        assertThat(docker.swarm().objectsByLabel("config", "dev.odoorelease.lb=" + swarm.loadBalancer().serviceName(swarm.service())))
                .as("the load balancer's configs in use stay").isNotEmpty();
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(v2));
    }

    /**
     * What a deploy killed during its roll leaves: its journal open (the lock went with its connection) and the swarm busy with
     * the update it started. The next deploy waits for the swarm, records what runs, closes the old journal and history entry,
     * then deploys. (The state is made by hand, the swarm update included; a kill -9 of a CLI process is not run here.)
     */
    @Test
    @Order(10)
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

    /** A dry run or a pinned plan is not supported on a swarm yet: a clear CONFIGURATION error, and nothing changes. */
    @Test
    @Order(11)
    void aDryRunOrAPinnedPlanOnASwarmIsRefusedBeforeAnythingChanges() {
        String spec = docker.swarm().inspect(swarm.service()).orElseThrow().path("Version").toString();
        assertThatThrownBy(() -> deploy(v2).dryRun(true).call()).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("nothing changed").hasMessageContaining("a dry run (plan) is not supported yet")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
        assertThatThrownBy(() -> deploy(v2).plan("0123456789abcdef").call()).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("a pinned plan (--plan) is not supported yet");
        assertThat(docker.swarm().inspect(swarm.service()).orElseThrow().path("Version").toString()).as("the service unchanged").isEqualTo(spec);
    }

    /** Both instances and the cron instance run {@code image}, and the maintenance page is off. */
    static void assertServesWithoutMaintenance(String image) {
        assertThat(runningImages(swarm.service())).hasSize(2).allMatch(i -> i.startsWith(image));
        assertThat(runningImages(swarm.cronService())).hasSize(1).allMatch(i -> i.startsWith(image));
        assertThat(new LoadBalancer(swarm, env.name(), docker, ProgressListener.NONE).maintenanceOn()).isFalse();
    }

    /** No journal left open, and {@code image} recorded as what is deployed. */
    static void assertRecordedAndClosed(String image) {
        try (var store = dev.odoorelease.engine.internal.state.StateStore.open(env)) {
            assertThat(store.journal().open(env.name())).isEmpty();
            assertThat(store.environments().get(env.name()).orElseThrow().image()).isEqualTo(image);
        }
    }

    static List<String> secrets(String service) {
        List<String> a = new java.util.ArrayList<>();
        docker.swarm().inspect(service).orElseThrow().path("Spec").path("TaskTemplate").path("ContainerSpec").path("Secrets")
                .forEach(x -> a.add(x.path("SecretName").asText()));
        return a;
    }

    static String baseVersion() throws Exception {
        try (java.sql.Connection c = pg.superConnect(DB); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT latest_version FROM ir_module_module WHERE name = 'base'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The business rows (partners, attachments), order-independent. */
    static String dataChecksum() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (java.sql.Connection c = pg.superConnect(DB); java.sql.Statement st = c.createStatement()) {
            for (String table : List.of("res_partner", "ir_attachment")) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*), md5(coalesce(string_agg(md5(t::text), ',' ORDER BY"
                        + " md5(t::text)), '')) FROM " + table + " t")) {
                    rs.next();
                    sb.append(table).append('=').append(rs.getLong(1)).append('/').append(rs.getString(2)).append(' ');
                }
            }
        }
        return sb.toString();
    }

    /** Every file of the filestore (its checklist/ left out): path and content digest. */
    static String filestoreChecksum() throws Exception {
        Path root = dataDir.resolve("filestore").resolve(DB);
        StringBuilder sb = new StringBuilder();
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !root.relativize(f).startsWith("checklist")).sorted().toList()) {
                sb.append(root.relativize(f)).append('=').append(java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)))).append(' ');
            }
        }
        return sb.toString();
    }

    /** Asks the load balancer every 200 ms while a deploy runs; counts the maintenance page and any other 503. */
    static final class Poller implements AutoCloseable {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final Thread thread;
        volatile boolean stop;
        volatile int maintenance;
        volatile int other503;
        volatile String maintenanceRetryAfter;
        final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Poller() {
            thread = new Thread(() -> {
                HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=" + DB))
                        .timeout(Duration.ofSeconds(30)).build();
                while (!stop) {
                    try {
                        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                        seen.add(String.valueOf(r.statusCode()));
                        if (r.statusCode() == 503 && r.headers().firstValue("X-Odoo-Release").orElse("").equals("maintenance")) {
                            maintenance++;
                            maintenanceRetryAfter = r.headers().firstValue("Retry-After").orElse(null);
                        } else if (r.statusCode() == 503) {
                            other503++;
                        }
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        seen.add(e.getClass().getSimpleName());
                    }
                }
            }, "maintenance-poller");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join(40_000);
        }
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
