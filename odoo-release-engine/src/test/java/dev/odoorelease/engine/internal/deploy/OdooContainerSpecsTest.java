package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.internal.docker.ContainerSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one-off Odoo runs (module update, new database): their command, and which of the server's extra options they take. */
class OdooContainerSpecsTest {
    static final OdooContainer SERVER = new OdooContainer("odoo-prod", null, List.of("8069:8069"),
            List.of("--workers=4", "--http-port=8069", "--max-cron-threads=2", "--proxy-mode", "--limit-time-real=600"), Map.of(),
            List.of(), "http://odoo:8069", Duration.ofSeconds(30));
    static final Environment ENV = Environment.builder("production")
            .database(new DbTarget("db.internal", 5432, "prod", "odoo", null)).dataDir(Path.of("/srv/odoo/prod")).build();

    @Test
    void aModuleUpdateRunsOnceWithoutHttpCronsOrWorkersAndKeepsTheServersOtherOptions() {
        ContainerSpec s = OdooContainerSpecs.update(SERVER, ENV, "acme/odoo:2", "odoo-prod-update-op1", "sale,stock", Map.of(), null);
        assertThat(s.command()).containsExactly("odoo", "-d", "prod", "-u", "sale,stock", "--stop-after-init", "--no-http",
                "--max-cron-threads=0", "--proxy-mode", "--limit-time-real=600");
        assertThat(s.volumes()).contains("/srv/odoo/prod:/var/lib/odoo");
    }

    @Test
    void aNewDatabaseIsInitialisedTheSameWayWithMinusI() {
        ContainerSpec s = OdooContainerSpecs.init(SERVER, ENV, "acme/odoo:2", "odoo-prod-init-op1", "base,sale", Map.of(), null);
        assertThat(s.command()).containsExactly("odoo", "-d", "prod", "-i", "base,sale", "--stop-after-init", "--no-http",
                "--max-cron-threads=0", "--proxy-mode", "--limit-time-real=600");
    }
}
