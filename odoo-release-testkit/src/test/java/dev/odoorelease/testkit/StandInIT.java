package dev.odoorelease.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The foundation's end-to-end proof: a real cluster, a real Docker engine, the stand-in image serving. */
class StandInIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("standin");

    static String image;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void buildImage() {
        image = StandInImage.series("17.0").build();
    }

    @Test
    void initializesADatabaseLikeOdooAndServesHealthAndLogin() throws Exception {
        Processes.Result init = StandInContainer.image(image).database(PG.server()).dataDir(dataDir)
                .args("-d", "prod", "-i", "base", "--stop-after-init", "--without-demo=all").runToCompletion(Duration.ofMinutes(3));
        assertThat(init.exitCode()).as("-i base --stop-after-init; logs: %s", init.combined()).isZero();
        assertThat(init.combined()).contains("Modules loaded.");

        try (Connection c = PG.server().connect("prod"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT latest_version, (SELECT datdba::regrole::text FROM pg_database WHERE datname = 'prod') "
                     + "FROM ir_module_module WHERE name = 'base' AND state = 'installed'")) {
            assertThat(rs.next()).as("base installed").isTrue();
            assertThat(rs.getString(1)).startsWith("17.0.");
            assertThat(rs.getString(2)).as("database owned by the Odoo role").isEqualTo("odoo");
        }
        try (var files = Files.walk(dataDir.resolve("filestore").resolve("prod"))) {
            assertThat(files.filter(Files::isRegularFile).count()).as("asset bundles in the filestore").isPositive();
        }

        try (StandInContainer odoo = StandInContainer.image(image).database(PG.server()).dataDir(dataDir)
                .args("-d", "prod").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            HttpResponse<String> health = odoo.get("/web/health?db_server_status=1");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\": \"pass\"").contains("\"db_server_status\": true");
            assertThat(health.headers().firstValue("Set-Cookie")).as("health probes create no session").isEmpty();

            HttpResponse<String> login = odoo.get("/web/login?db=prod");
            if (login.statusCode() == 302) { // ensure_db binds the database to a fresh session first
                login = odoo.get("/web/login");
            }
            HttpResponse<String> page = login.statusCode() == 200 ? login : odoo.get("/web/login");
            assertThat(page.statusCode()).as("login page (monodb); logs: %s", odoo.logs()).isEqualTo(200);
            assertThat(page.body()).contains("/web/assets/");
        }
    }

    @Test
    void aHealth500VariantAnswers500() throws Exception {
        String broken = StandInImage.series("17.0").variant(StandInImage.Variant.HEALTH_500).build();
        StandInContainer.image(broken).database(PG.server()).dataDir(dataDir)
                .args("-d", "h500", "-i", "base", "--stop-after-init").runToCompletion(Duration.ofMinutes(3));
        try (StandInContainer odoo = StandInContainer.image(broken).database(PG.server()).dataDir(dataDir).args("-d", "h500").start()) {
            odoo.awaitLog("Registry loaded in", Duration.ofMinutes(2));
            assertThat(odoo.get("/web/health").statusCode()).isEqualTo(500);
        }
    }
}
