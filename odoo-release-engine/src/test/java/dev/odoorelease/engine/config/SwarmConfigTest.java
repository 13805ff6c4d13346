package dev.odoorelease.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runtime: swarm}: what the YAML accepts, and a clear CONFIGURATION error naming the place for anything else. */
class SwarmConfigTest {
    @TempDir
    Path dir;

    static final String SWARM = """
            environments:
              - name: production
                kind: production
                database: {host: 10.0.0.6, name: prod, user: odoo, passwordEnv: PW}
                dataDir: /srv/odoo/prod
                url: http://odoo.acme.invalid:8080
                runtime: swarm
                swarm:
                  service: odoo-prod
                  instances: 3
                  networks: [odoo-net]
                  endpointMode: dnsrr
                  args: ["--workers=2"]
                  env: {TZ: UTC}
                  stopGrace: 20s
                  loadBalancer: {managed: true, port: 8080, baseImage: "odoo-release/base:bookworm-r2", retryAfter: 45s}
            """;

    private ReleaseConfig load(String yaml) throws Exception {
        Path f = dir.resolve("odoo-release.yml");
        Files.writeString(f, yaml);
        return ConfigFile.load(f, Map.of("PW", "secret")::get);
    }

    private OdooReleaseException error(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(t).isInstanceOf(OdooReleaseException.class);
        OdooReleaseException e = (OdooReleaseException) t;
        assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("Unable to read the configuration ");
        return e;
    }

    @Test
    void aSwarmEnvironmentIsReadWithItsInstancesNetworksCronAndManagedLoadBalancer() throws Exception {
        EnvironmentConfig e = load(SWARM).environment("production");
        assertThat(e.runtime()).isEqualTo("swarm");
        assertThat(e.container()).isEmpty();
        SwarmRuntime s = e.swarm().orElseThrow();
        assertThat(s.service()).isEqualTo("odoo-prod");
        assertThat(s.cronService()).isEqualTo("odoo-prod-cron");
        assertThat(s.instances()).isEqualTo(3);
        assertThat(s.networks()).containsExactly("odoo-net");
        assertThat(s.endpointMode()).isEqualTo("dnsrr");
        assertThat(s.cron()).isTrue();
        assertThat(s.prefork()).isTrue();
        assertThat(s.stopGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.env()).containsEntry("TZ", "UTC");
        assertThat(s.loadBalancer().managed()).isTrue();
        assertThat(s.loadBalancer().port()).isEqualTo(8080);
        assertThat(s.loadBalancer().retryAfterSeconds()).isEqualTo(45);
        assertThat(s.loadBalancer().serviceName("odoo-prod")).isEqualTo("odoo-prod-lb");
        assertThat(e.requireHealth("deploy to").url()).startsWith("http://odoo.acme.invalid:8080");
        // the single-container operations say why they do not apply
        assertThatThrownBy(() -> e.requireContainer("roll back")).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("runs on Docker Swarm").hasMessageContaining("odoo-prod");
    }

    @Test
    void anExternalLoadBalancerLeavesOnlyTheInstancesToOdooRelease() throws Exception {
        SwarmRuntime s = load(SWARM.replace("{managed: true, port: 8080, baseImage: \"odoo-release/base:bookworm-r2\", retryAfter: 45s}",
                "{external: corporate-f5}").replace("args: [\"--workers=2\"]", "cron: false")).environment("production").swarm().orElseThrow();
        assertThat(s.loadBalancer().managed()).isFalse();
        assertThat(s.loadBalancer().external()).isEqualTo("corporate-f5");
        assertThat(s.cron()).isFalse();
        assertThat(s.prefork()).isFalse();
        assertThat(s.endpointMode()).isEqualTo("dnsrr");
    }

    @Test
    void aSingleContainerEnvironmentIsUnchanged() throws Exception {
        EnvironmentConfig e = load(ConfigFileTest.GOOD.replace("passwordFile: secrets/prod-db", "passwordEnv: PW")
                .replace("passwordEnv: STAGING_DB_PASSWORD", "passwordEnv: PW")).environment("production");
        assertThat(e.runtime()).isEqualTo("container");
        assertThat(e.swarm()).isEmpty();
        assertThat(e.requireContainer("deploy to").name()).isEqualTo("odoo-prod");
    }

    @Test
    void badSwarmSettingsAreClearErrorsNamingThePlace() {
        assertThat(error(SWARM.replace("runtime: swarm", "runtime: kubernetes")).getMessage())
                .contains("environment production.runtime 'kubernetes' is not a runtime").contains("Use container");
        assertThat(error(SWARM.replace("    runtime: swarm\n", "")).getMessage()).contains("has a 'swarm:' section but runtime container");
        assertThat(error(SWARM.substring(0, SWARM.indexOf("    swarm:"))).getMessage())
                .contains("runtime: swarm but no 'swarm:' section");
        assertThat(error(SWARM.replace("instances: 3", "instances: 0")).getMessage()).contains("instances is 0, not between 1 and 64");
        assertThat(error(SWARM.replace("instances: 3", "instances: three")).getMessage()).contains("is not a number");
        assertThat(error(SWARM.replace("networks: [odoo-net]", "networks: []")).getMessage()).contains("no network");
        assertThat(error(SWARM.replace("networks: [odoo-net]", "networks: [\"bad name\"]")).getMessage()).contains("is not a Docker name");
        assertThat(error(SWARM.replace("service: odoo-prod", "service: -x")).getMessage()).contains("a service name is 1 to 63");
        assertThat(error(SWARM.replace("endpointMode: dnsrr", "endpointMode: ingress")).getMessage()).contains("neither vip nor dnsrr");
        assertThat(error(SWARM.replace("[\"--workers=2\"]", "[\"--max-cron-threads=2\"]")).getMessage())
                .contains("crons only on the cron instance");
        assertThat(error(SWARM.replace("port: 8080, ", "")).getMessage()).contains("port 0 is not a TCP port");
        assertThat(error(SWARM.replace("managed: true, ", "managed: true, external: f5, ")).getMessage()).contains("both managed and");
        assertThat(error(SWARM.replace("{managed: true, port: 8080, baseImage: \"odoo-release/base:bookworm-r2\", retryAfter: 45s}",
                "{managed: false}")).getMessage()).contains("neither managed nor external");
        assertThat(error(SWARM.replace("endpointMode: dnsrr", "dataMount: \"type=volume,source=x,target=/data\"")).getMessage())
                .contains("does not mount Odoo's data directory");
        assertThat(error(SWARM.replace("instances: 3", "instances: 3\n      replicas: 3")).getMessage())
                .contains("unknown setting 'environment production.swarm.replicas'");
        assertThat(error(SWARM.replace("env: {TZ: UTC}", "env: {API_TOKEN: x}")).getMessage()).contains("would hold a secret");
        assertThat(error(SWARM.replace("url: http", "container: {name: x}\n    url: http")).getMessage())
                .contains("both container settings and runtime: swarm");
    }
}
