package dev.odoorelease.engine.internal.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.config.SwarmRuntime;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.testkit.FreePorts;
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
import org.junit.jupiter.api.Test;

/**
 * The first deploy to a swarm environment that also updates modules: nothing of it runs yet, so the deploy creates the
 * load balancer and must wait for it before it switches the maintenance page on. The service and the load balancer were
 * created detached, and the switch reached no container: the deploy was rolled back ("the load balancer has no running
 * container"). Its own class: it needs a swarm service that does not exist yet (SwarmDeployIT's exists after its first test).
 */
class SwarmFirstDeployIT {
    static final String PASSWORD = "Swarm-First-8d02";
    static final String DB = "swarmfirst";

    @Test
    void aFirstDeployThatUpdatesModulesWaitsForItsNewLoadBalancer() throws Exception {
        StandIns.requireEngine();
        SwarmState.requireManager();
        String v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("swarm-v1").build();
        String v3 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").tagSuffix("swarm-v3u").build();
        String prefix = TestNames.prefix("odoo");
        Path dataDir = Files.createTempDirectory("swarm-first-data");
        try (PgServer pg = PgServer.start("swarm-first")) {
            ReleaseImages.createRole(pg, "deployer", PASSWORD);
            StandInContainer.prepareDataDir(dataDir);
            StandInContainer.image(v1).dataDir(dataDir).env("HOST", pg.host()).env("PORT", String.valueOf(pg.port()))
                    .env("USER", "deployer").env("PASSWORD", PASSWORD).initDatabase(DB);
            StandInContainer.prepareDataDir(dataDir);
            String gateway = SwarmState.gatewayAddress();
            try (TcpForwarder forward = TcpForwarder.on(gateway, pg.host(), pg.port())) {
                Environment env = Environment.builder("swarm-first").kind(EnvironmentKind.PRODUCTION)
                        .database(new DbTarget(gateway, forward.port(), DB, "deployer", PASSWORD)).dataDir(dataDir).build();
                int lbPort = FreePorts.next();
                SwarmRuntime swarm = new SwarmRuntime(prefix + "web", 1, List.of(prefix + "net"), null, false, "dnsrr", List.of(),
                        Map.of(), Duration.ofSeconds(5), SwarmLoadBalancer.managed(lbPort).withBaseImage(StandInImage.BASE_IMAGE));
                HealthSettings health = HealthSettings.forUrl("http://127.0.0.1:" + lbPort).database(DB).expectedSeries("17.0")
                        .timeout(Duration.ofSeconds(120)).build();
                DockerCli docker = DockerCli.local().redacting(PASSWORD);

                DeployResult r = new DeployCommand(env, null, docker).swarm(swarm).image(v3).update(UpdateMode.parse("base"))
                        .health(health).build("SwarmFirstDeployIT").approvedBy("alice").lockTimeout(Duration.ofSeconds(5))
                        .swarmMonitor(Duration.ofSeconds(3)).progress(ProgressListener.NONE).call();

                assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
                assertThat(r.plan().updateArg()).isEqualTo("base");
                // who approved a production deploy is in its history, as for one container
                assertThat(r.approvedBy()).isEqualTo("alice");
                try (StateStore st = StateStore.open(env)) {
                    assertThat(st.history().recent(env.name(), 5).stream().filter(h -> h.operation().equals("deploy")).findFirst()
                            .orElseThrow().details()).containsEntry("approvedBy", "alice");
                }
                LoadBalancer lb = new LoadBalancer(swarm, env.name(), docker, ProgressListener.NONE);
                assertThat(lb.maintenanceOn()).as("the maintenance page is off after the deploy").isFalse();
                assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + lbPort + "/web/login?db=" + DB)).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("Odoo answers through the new load balancer")
                        .isEqualTo(200);
                try (var c = pg.superConnect(DB); var s = c.createStatement();
                     var rs = s.executeQuery("SELECT latest_version FROM ir_module_module WHERE name = 'base'")) {
                    rs.next();
                    assertThat(rs.getString(1)).as("the update ran").isEqualTo("17.0.1.4");
                }
            } finally {
                SwarmState.remove(prefix);
            }
        }
    }
}
