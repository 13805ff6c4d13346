package dev.odoorelease.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.DockerEndpoint;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 12: two environments may not answer at one URL, run as one container, or keep their files in one data
 * directory — however each is spelled. A colliding configuration is refused when it is built.
 */
class DistinctEndpointsTest {
    @TempDir
    Path dir;

    private EnvironmentConfig env(String name, EnvironmentKind kind, String url, String container, Path dataDir) {
        Environment e = Environment.builder(name).kind(kind)
                .database(new DbTarget("db.internal", 5432, name.replace('-', '_'), "odoo", null)).dataDir(dataDir).build();
        EnvironmentConfig.Builder b = EnvironmentConfig.builder(e);
        if (container != null) {
            b.container(new OdooContainer(container, null, List.of(), List.of(), null, List.of(), url, null));
        } else {
            b.health(dev.odoorelease.engine.config.HealthSettings.forUrl(url).build());
        }
        return b.build();
    }

    private OdooReleaseException refused(EnvironmentConfig a, EnvironmentConfig b) {
        try {
            new ReleaseConfig("acme", null, List.of(a, b));
        } catch (OdooReleaseException e) {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).startsWith("Unable to use the configuration of project acme: environments " + a.name()
                    + " and " + b.name());
            return e;
        }
        throw new AssertionError("accepted: " + a + " and " + b);
    }

    @Test
    void oneUrlSpelledTwoWaysIsRefused() {
        String[][] same = {
                {"http://odoo.example.com", "HTTP://ODOO.example.com.:80/"},
                {"https://odoo.example.com/", "https://odoo.example.com:443"},
                {"http://127.0.0.1:8069", "http://localhost:8069/"},
                {"http://[::1]:8069", "http://127.0.0.1:8069"},
                {"http://10.0.0.5:8069/odoo", "http://10.0.0.5:8069/odoo/"},
                {"http://10.0.0.5:8069/odoo", "http://10.0.0.5:8069/x/../odoo"},
        };
        for (String[] pair : same) {
            OdooReleaseException e = refused(env("staging", EnvironmentKind.STAGING, pair[0], null, dir.resolve("s")),
                    env("production", EnvironmentKind.PRODUCTION, pair[1], null, dir.resolve("p")));
            assertThat(e.getMessage()).as(pair[0] + " vs " + pair[1]).contains("answer at the same URL")
                    .contains("Give each environment its own URL.");
        }
    }

    @Test
    void distinctUrlsAreAccepted() {
        String[][] distinct = {
                {"http://127.0.0.1:8069", "http://127.0.0.1:8070"},
                {"http://odoo.example.com", "https://odoo.example.com"},
                {"http://odoo.example.com/staging", "http://odoo.example.com/production"},
                {"http://staging.example.com", "http://production.example.com"},
        };
        for (String[] pair : distinct) {
            assertThatCode(() -> new ReleaseConfig("acme", null, List.of(
                    env("staging", EnvironmentKind.STAGING, pair[0], null, dir.resolve("s")),
                    env("production", EnvironmentKind.PRODUCTION, pair[1], null, dir.resolve("p")))))
                    .as(pair[0] + " vs " + pair[1]).doesNotThrowAnyException();
        }
    }

    @Test
    void oneContainerOnOneEngineIsRefused() {
        OdooReleaseException e = refused(env("staging", EnvironmentKind.STAGING, "http://s:8069", "odoo", dir.resolve("s")),
                env("production", EnvironmentKind.PRODUCTION, "http://p:8069", "/odoo", dir.resolve("p")));
        assertThat(e.getMessage()).contains("use the same container odoo on the local Docker engine");

        EnvironmentConfig elsewhere = EnvironmentConfig.builder(env("production", EnvironmentKind.PRODUCTION, "http://p:8069", "odoo",
                dir.resolve("p")).environment()).container(new OdooContainer("odoo", null, List.of(), List.of(), null, List.of(),
                "http://p:8069", null)).docker(DockerEndpoint.of("tcp://prod-host:2376")).build();
        assertThatCode(() -> new ReleaseConfig("acme", null, List.of(env("staging", EnvironmentKind.STAGING, "http://s:8069", "odoo",
                dir.resolve("s")), elsewhere))).as("the same name on another engine is another container").doesNotThrowAnyException();
    }

    @Test
    void oneDataDirectorySpelledTwoWaysIsRefused() throws Exception {
        OdooReleaseException e = refused(env("staging", EnvironmentKind.STAGING, "http://s:8069", null, dir.resolve("data")),
                env("production", EnvironmentKind.PRODUCTION, "http://p:8069", null, dir.resolve("x/../data/.")));
        assertThat(e.getMessage()).contains("use the same data directory (" + dir.resolve("data") + ")");

        // through a symbolic link: the facade resolves it before an operation (the configuration is built offline)
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        EnvironmentConfig s = env("staging", EnvironmentKind.STAGING, "http://s:8069", null, link);
        EnvironmentConfig p = env("production", EnvironmentKind.PRODUCTION, "http://p:8069", null, real);
        assertThatCode(() -> DistinctEndpoints.require("acme", List.of(s, p), false)).doesNotThrowAnyException();
        assertThatThrownBy(() -> DistinctEndpoints.require("acme", List.of(s, p), true))
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("use the same data directory")
                .hasMessageContaining("are the same folder (" + real.toRealPath() + ")");
    }
}
