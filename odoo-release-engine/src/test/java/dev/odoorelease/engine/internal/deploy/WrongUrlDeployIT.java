package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.TcpForwarder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.odoorelease.engine.result.DeployResult;

/**
 * A deploy whose health check URL leads to another Odoo (a proxy routing to another server) fails the check — the
 * answers are healthy, but not from the deployed container — and rolls back, against real containers.
 */
class WrongUrlDeployIT extends DeployITBase {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("wrongurl");

    @Override
    PgServer pg() {
        return PG.server();
    }

    @Test
    void aDeployWhoseUrlLeadsToAnotherOdooRollsBack() throws Exception {
        production("wrong_url_db", SnapshotKind.TEMPLATE);
        String v1Id = docker.containers().inspect(container.name()).orElseThrow().imageId();
        // another Odoo, healthy, serving the same database on its own port
        String other = StandIns.uniqueName("wrong-url-other");
        containers.add(other);
        int otherPort = StandIns.freePort();
        docker.containers().run(StandIns.server(v1, pg(), dataDir, otherPort, "-d", env.db().database()).name(other)
                .env("USER", "deployer").env("PASSWORD", PASSWORD).build());
        String v2 = image(StandInImage.Variant.GOOD, "wrongurl");
        try (TcpForwarder proxy = TcpForwarder.to("127.0.0.1", otherPort)) {
            // the environment's URL is a proxy that (wrongly) routes to the other Odoo
            health = HealthSettings.forUrl("http://127.0.0.1:" + proxy.port()).database(env.db().database())
                    .expectedSeries("17.0").timeout(Duration.ofSeconds(60)).build();
            List<String> log = new CopyOnWriteArrayList<>();
            DeployResult r = deploy(v2, "none").progress(line -> {
                log.add(line);
                if (line.contains("but not from container")) {
                    proxy.retarget("127.0.0.1", port); // the proxy is fixed: the rollback's check can prove the old one
                }
            }).call();

            assertThat(r.outcome()).as("cause %s; failures %s", r.cause(), r.rollbackFailures()).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
            assertThat(r.cause()).contains("failed at health")
                    .contains("reached container " + container.name())
                    .contains("the URL answered HTTP 200 but not from container " + container.name())
                    .contains("Check that the URL of the check leads to this environment's own container");
            assertThat(docker.containers().inspect(container.name()).orElseThrow().imageId()).as("v1 runs again").isEqualTo(v1Id);
            assertThat(r.healthSummary()).as("the rollback's check proved the previous version through the fixed proxy")
                    .contains(" is healthy (");
        }
    }
}
