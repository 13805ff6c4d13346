package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.ReleaseImages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the CLI against real PostgreSQL clusters (production and staging), the real Docker engine and the
 * Odoo stand-in: the happy path, and bad input that fails with one clear line, its exit code, and nothing changed.
 * The methods build on each other (a snapshot, then a clone, deploys), in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("cli-prod");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("cli-staging");
    static final String USER = "release";
    static final String PASSWORD = "Cli-Secret-4711";
    static final Map<String, String> ENV = Map.of("PROD_DB_PASSWORD", PASSWORD, "STAGING_DB_PASSWORD", PASSWORD);

    @TempDir
    static Path dir;
    static Path config;
    static String prodContainer;
    /** {@code orcli-<port>-}: this run's containers (other runs of this test may share the Docker engine). */
    static String containerPrefix;
    static String stagingContainer;
    static String v1;
    static String v2;
    static String sick;
    static String snapshotId;

    static CliRun cli(String... args) {
        return CliRun.of(config, ENV::get, args);
    }

    static int freePort() throws Exception {
        return dev.odoorelease.testkit.FreePorts.next();
    }

    @BeforeAll
    static void environments() throws Exception {
        DockerEngine.require();
        v1 = ReleaseImages.current();
        v2 = ReleaseImages.goodUpgrade();
        sick = ReleaseImages.brokenUpgrade();
        PgServer prod = PROD.server();
        PgServer staging = STAGING.server();
        ReleaseImages.createRole(prod, USER, PASSWORD);
        ReleaseImages.createRole(staging, USER, PASSWORD);
        Path prodData = dir.resolve("production");
        ReleaseImages.initDatabase(v1, prod, USER, PASSWORD, prodData, "prod");
        try (Connection c = java.sql.DriverManager.getConnection(prod.jdbcUrl("prod"), USER, PASSWORD)) {
            OdooSeeder.forSeries("17.0").partners(300).users(5).messages(200).mailQueue(3).attachments(30)
                    .mailServer("smtp.production.invalid", 587).filestore(prodData, "prod").progress(l -> { }).seed(c);
        }
        dev.odoorelease.testkit.StandInContainer.prepareDataDir(prodData);
        int prodPort = freePort();
        int stagingPort = freePort();
        containerPrefix = dev.odoorelease.testkit.TestNames.prefix("orcli");
        prodContainer = containerPrefix + "production";
        stagingContainer = containerPrefix + "staging";
        config = ReleaseImages.writeConfig(dir.resolve("odoo-release.yml"), "cli-test", containerPrefix, USER, staging,
                stagingPort, prod, prodPort);
        Files.createDirectories(dir.resolve("staging"));
        dev.odoorelease.testkit.StandInContainer.prepareDataDir(dir.resolve("staging"));
    }

    @AfterAll
    static void containers() {
        if (prodContainer != null) {
            DockerEngine.removeContainers(prodContainer, stagingContainer);
            for (String c : DockerEngine.docker(Duration.ofSeconds(30), "ps", "-aq", "--filter", "label=dev.odoorelease.environment")
                    .stdout().split("\\s+")) {
                if (!c.isBlank() && DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.Name}}", c).stdout()
                        .contains(containerPrefix)) { // this run's only: other runs of this test share the engine
                    DockerEngine.removeContainers(c);
                }
            }
        }
    }

    /** Databases of both servers, containers of this test, and files under the data dirs: what bad input must not change. */
    static String everything() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (PgServer pg : List.of(PROD.server(), STAGING.server())) {
            try (Connection c = pg.superConnect("postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database")) {
                rs.next();
                sb.append(rs.getString(1)).append('\n');
            }
        }
        sb.append(DockerEngine.docker(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}} {{.Image}} {{.State}}",
                "--filter", "name=" + containerPrefix).stdout());
        try (Stream<Path> files = Files.walk(dir)) {
            sb.append(files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.odoo-release/reports/")).count());
        }
        return sb.toString();
    }

    static void assertOneLineError(CliRun r, int exit, String... contains) {
        assertThat(r.exit()).as(r.err()).isEqualTo(exit);
        assertThat(r.err().strip().lines()).as("one line").hasSize(1);
        assertThat(r.err()).startsWith("odoo-release: Unable to").contains(contains).doesNotContain(PASSWORD);
        assertThat(r.out()).isEmpty();
    }

    @Test
    @Order(1)
    void everyCommandHasHelp() {
        for (String cmd : List.of("snapshot", "snapshots", "snapshots list", "snapshots verify", "snapshots delete",
                "snapshots discard-replaced", "restore", "stage-clone", "refresh", "rehearse", "plan", "deploy", "health", "rollback", "status", "recover")) {
            List<String> args = new ArrayList<>(List.of(cmd.split(" ")));
            args.add("--help");
            CliRun r = cli(args.toArray(String[]::new));
            assertThat(r.exit()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: odoo-release " + cmd);
        }
        CliRun top = cli("--help");
        assertThat(top.out()).contains("Exit codes:").contains("12   the deploy failed and was rolled back");
    }

    @Test
    @Order(2)
    void badInputIsOneClearLineAndChangesNothing() throws Exception {
        String before = everything();
        CliRun missing = new CliRun(Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), ENV::get,
                "--config", dir.resolve("nope.yml").toString(), "status"), "", "");
        assertThat(missing.exit()).isEqualTo(2);
        StringWriter err = new StringWriter();
        int noConfig = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(
                "ODOO_RELEASE_CONFIG", dir.resolve("nope.yml").toString())::get, "snapshots", "list", "production");
        assertThat(noConfig).isEqualTo(2);
        assertThat(err.toString()).startsWith("odoo-release: Unable to read the configuration " + dir.resolve("nope.yml"))
                .contains("does not exist");

        assertOneLineError(cli("snapshot", "prod"), 2, "Unable to find environment 'prod'", "staging, production");
        assertOneLineError(cli("snapshots", "delete", "production", "../../etc"), 2, "not a valid id");
        assertOneLineError(cli("restore", "staging", "x; DROP DATABASE prod"), 2, "not a valid id");
        assertOneLineError(cli("stage-clone", "staging", "production"), 7, "production is a production environment");
        assertOneLineError(cli("stage-clone", "production", "production"), 7, "production environment");
        assertOneLineError(cli("deploy", "production", "--image", "Bad Image!", "--update", "none"), 2, "not a valid image reference");
        assertOneLineError(cli("deploy", "production", "--image", v2, "--update", "all", "--branch", "feature/x"), 7,
                "only builds of main");
        assertOneLineError(cli("restore", "production", "20260101-000000-abcd"), 7, "production environment");
        assertOneLineError(cli("snapshot", "staging", "--kind", "rsync"), 2, "snapshot kind 'rsync'");
        assertOneLineError(cli("stage-clone", "production", "staging", "--from", "yesterday"), 2, "--from 'yesterday'");
        assertOneLineError(cli("refresh", "production"), 7, "production environment");
        assertOneLineError(cli("refresh", "staging", "--from", "yesterday"), 2, "--from 'yesterday'");
        assertOneLineError(cli("refresh", "staging", "--image", "Bad Image!"), 2, "not a valid image reference");
        assertOneLineError(cli("refresh", "staging", "--source", "prod"), 2, "Unable to find environment 'prod'");
        assertOneLineError(cli("snapshot"), 2, "Missing required parameter");
        assertOneLineError(cli("deploy", "production", "--image", v2, "--frobnicate"), 2, "Unknown option");
        assertOneLineError(cli("snapshots", "list", "production", "--lock-timeout", "soon"), 2, "not a duration");

        CliRun json = cli("--json", "snapshot", "prod");
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.json().path("ok").asBoolean()).isFalse();
        assertThat(json.json().path("error").path("category").asText()).isEqualTo("CONFIGURATION");
        assertThat(everything()).as("nothing changed").isEqualTo(before);
    }

    @Test
    @Order(3)
    void snapshotListVerifyAndDelete() throws Exception {
        CliRun snap = cli("--json", "snapshot", "production", "--kind", "dump", "--label", "cli test");
        assertThat(snap.exit()).as(snap.err()).isZero();
        JsonNode s = snap.json().path("result").path("snapshot");
        snapshotId = s.path("id").asText();
        assertThat(s.path("status").asText()).isEqualTo("VERIFIED");
        assertThat(s.path("manifest").path("filestoreFiles").asLong()).isPositive();
        assertThat(snap.err()).as("progress with elapsed time").containsPattern("\\[ +\\d+\\.\\d s\\] ");

        CliRun second = cli("snapshot", "production", "--kind", "dump");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("(dump, verified)").contains("undo: odoo-release snapshots delete production ");
        String secondId = second.out().split(" ")[1];

        CliRun list = cli("snapshots", "list", "production");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(snapshotId).contains(secondId).contains("cli test").contains("verified");
        assertThat(cli("--json", "snapshots", "list", "production").json().path("result")).hasSize(2);

        CliRun verify = cli("snapshots", "verify", "production", snapshotId);
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("is sound");

        CliRun delete = cli("snapshots", "delete", "production", secondId);
        assertThat(delete.exit()).isZero();
        assertThat(cli("--json", "snapshots", "list", "production").json().path("result")).hasSize(1);
        assertOneLineError(cli("snapshots", "verify", "production", secondId), 7, secondId);
        assertOneLineError(cli("snapshots", "delete", "production", "20200101-000000-abcd"), 8, "Unable to find snapshot");
    }

    @Test
    @Order(4)
    void stageCloneScrubsAndVerifiesAndPrintsItsReport() throws Exception {
        CliRun clone = cli("stage-clone", "production", "staging", "--from", "snapshot");
        assertThat(clone.exit()).as(clone.err()).isZero();
        assertThat(clone.out()).contains("staging is now a neutralized, anonymized, verified copy of snapshot " + snapshotId)
                .contains("neutralized:").contains("anonymized:").contains("verified:").contains("differences report:")
                .contains("PASS database.is_neutralized").doesNotContain("FAIL ").doesNotContain("## Neutralization");
        try (Connection c = java.sql.DriverManager.getConnection(STAGING.server().jdbcUrl("stage"), USER, PASSWORD);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("true");
        }
        CliRun live = cli("--json", "stage-clone", "production", "staging", "--from", "live");
        assertThat(live.exit()).as(live.err()).isZero();
        JsonNode r = live.json().path("result");
        assertThat(r.path("report").path("status").asText()).isEqualTo("replaced");
        String op = r.path("copy").path("operationId").asText();
        CliRun full = cli("stage-clone", "production", "staging", "--from", "live", "--report");
        assertThat(full.exit()).as(full.err()).isZero();
        assertThat(full.out()).contains("## Neutralization").contains("## Verification");
        CliRun discard = cli("snapshots", "discard-replaced", "staging", op);
        assertThat(discard.exit()).as(discard.err()).isZero();
    }

    @Test
    @Order(5)
    void restoreIntoStagingKeepsTheReplacedDataUntilDiscarded() throws Exception {
        CliRun snap = cli("--json", "snapshot", "staging");
        assertThat(snap.exit()).as(snap.err()).isZero();
        String id = snap.json().path("result").path("snapshot").path("id").asText();
        STAGING.server().superExecute("stage", "UPDATE res_partner SET name = 'changed after the snapshot'");
        CliRun restore = cli("restore", "staging", id);
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("Restored snapshot " + id + " into staging").contains("discard-replaced staging ");
        try (Connection c = java.sql.DriverManager.getConnection(STAGING.server().jdbcUrl("stage"), USER, PASSWORD);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM res_partner WHERE name = 'changed after the snapshot'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
        String op = restore.out().lines().filter(l -> l.contains("discard-replaced")).findFirst().orElseThrow().replaceAll(".* ", "");
        assertThat(cli("snapshots", "discard-replaced", "staging", op).exit()).isZero();
    }

    @Test
    @Order(6)
    void deployPlanHealthRollbackStatusAndRecover() throws Exception {
        CliRun first = cli("deploy", "production", "--image", v1, "--update", "none", "--allow-skipped-updates", "--branch", "main");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("DEPLOYED " + v1 + " to production");

        CliRun health = cli("health", "production");
        assertThat(health.exit()).as(health.out()).isZero();
        assertThat(health.out()).startsWith("HEALTHY: production").contains("ok   GET /web/login?db=prod");
        // staging's Odoo is not running: one probe, not healthy, exit 10 with what was seen
        CliRun down = cli("--json", "health", "staging");
        assertThat(down.exit()).isEqualTo(10);
        assertThat(down.json().path("result").path("healthy").asBoolean()).isFalse();

        String before = everything();
        CliRun plan = cli("plan", "production", "--image", v2, "--update", "all");
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("Plan for production: " + v1 + " -> " + v2).contains("nothing changed");
        assertThat(everything()).as("a plan changes nothing").isEqualTo(before);

        // a rehearsal of v2 on a throwaway copy of production's snapshot: production untouched, nothing left behind
        CliRun rehearsal = cli("rehearse", "production", "--image", v2, "--update", "all");
        assertThat(rehearsal.exit()).as(rehearsal.out() + rehearsal.err()).isZero();
        assertThat(rehearsal.out()).contains("of " + v2 + " on production: PASSED").contains("module update: all, ")
                .contains("health check: passed").contains("nothing to undo");
        assertThat(rehearsal.err()).contains("verified neutral");
        assertThat(everything()).as("a rehearsal leaves nothing behind").isEqualTo(before);
        CliRun rehearsed = cli("--json", "plan", "production", "--image", v2, "--update", "all");
        assertThat(rehearsed.exit()).as(rehearsed.err()).isZero();
        assertThat(rehearsed.json().path("result").path("pinnedPlan").path("rehearsal").asText()).startsWith("passed: rehearsal ");
        assertThat(rehearsed.json().path("result").path("pinnedPlan").path("expectedDowntime").asText()).contains("measured it");

        CliRun good = cli("--json", "deploy", "production", "--image", v2, "--update", "all", "--commit", "2b2b2b2");
        assertThat(good.exit()).as(good.err()).isZero();
        assertThat(good.json().path("result").path("outcome").asText()).isEqualTo("deployed");
        assertThat(good.json().path("result").path("snapshotId").asText()).isNotBlank();

        CliRun broken = cli("deploy", "production", "--image", sick, "--update", "all");
        assertThat(broken.exit()).as(broken.err()).isEqualTo(12);
        assertThat(broken.out()).startsWith("ROLLED BACK: the deploy of " + sick + " to production failed and was undone")
                .contains("after the rollback: ").doesNotContain("after the rollback: not verified");
        assertThat(broken.err()).contains("Rolled back production");
        assertThat(DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.Config.Image}} {{.State.Status}}", prodContainer)
                .stdout().strip()).isEqualTo(v2 + " running");

        CliRun status = cli("status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("production (production): deployed " + v2 + " (commit 2b2b2b2)")
                .contains("health: healthy").contains("staging (staging): never deployed").contains("health: NOT HEALTHY")
                .contains("rolled_back");
        CliRun statusJson = cli("--json", "status", "production");
        assertThat(statusJson.json().path("result").get(0).path("deployed").path("image").asText()).isEqualTo(v2);
        assertThat(statusJson.json().path("result").get(0).path("healthy").asBoolean()).isTrue();
        assertOneLineError(cli("status", "nope"), 2, "Unable to find environment 'nope'");

        // a manual rollback: to the snapshot the good deploy took, i.e. v1 and its data
        assertOneLineError(cli("rollback", "production", "--snapshot", "../x"), 2, "not a valid id");
        assertOneLineError(cli("rollback", "production", "--branch", "feature/x"), 7, "only builds of main");
        String beforeRollback = everything();
        CliRun dry = cli("rollback", "production", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("Plan for rolling production back to snapshot").contains(v2 + " -> " + v1);
        assertThat(everything()).as("a dry run changes nothing").isEqualTo(beforeRollback);
        CliRun rollback = cli("--json", "rollback", "production");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        assertThat(rollback.json().path("result").path("outcome").asText()).isEqualTo("rolled_back");
        assertThat(rollback.json().path("result").path("undo").asText()).startsWith("odoo-release rollback production --snapshot ");
        assertThat(DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{.Config.Image}} {{.State.Status}}", prodContainer)
                .stdout().strip()).isEqualTo(v1 + " running");

        CliRun recover = cli("recover", "production");
        assertThat(recover.exit()).isZero();
        assertThat(recover.out()).contains("Nothing to recover");
    }
}
