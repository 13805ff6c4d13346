package dev.odoorelease.engine.internal.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.StageCloneFailedException;
import dev.odoorelease.engine.config.CarryOver;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.result.CarriedRecord;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.RefreshResult;
import dev.odoorelease.testkit.OdooDatabases;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * A refresh against real PostgreSQL, Docker and the Odoo stand-in, with one set-up for the class: production seeded,
 * staging cloned from it once, the stand-in deployed on staging, and staging-only records added there (a test user, a
 * sandbox payment provider's credentials, a parameter, plus one user and one parameter nobody declared). The refusals
 * and failures run first, each proving staging's database, filestore and container are as they were and serving; the
 * successful refresh runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RefreshIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("refresh");

    static final String QA_HASH = "$pbkdf2-sha512$600000$c3RhZ2luZ3Fh$StagingOnlyQaTesterHashValue";
    static final String ADMIN_HASH = "$pbkdf2-sha512$600000$c3RhZ2luZ2Fk$StagingOnlyAdminHashValue";
    static final String SANDBOX_SECRET = "sk_test_SandboxSecret4711";
    static final String SANDBOX_HOOK = "https://sandbox.example.invalid/hook-4711";
    /** Tables a running Odoo (the stand-in) writes by itself; compared by the records the tests look at instead. */
    static final Set<String> LIVE_WRITES = Set.of("ir_config_parameter", "ir_cron", "mail_mail");

    @TempDir
    static Path dir;
    static Environment production;
    static Environment staging;
    static OdooContainer container;
    static HealthSettings health;
    static final DockerCli DOCKER = DockerCli.local();
    static String good;
    static Set<String> productionEmails;
    static long started;
    /** The folder of the set-up's stage clone report. */
    static String firstReport;

    @BeforeAll
    static void productionAndAServingStaging() throws Exception {
        started = System.nanoTime();
        StandIns.requireEngine();
        good = StandInImage.series("17.0").build();
        PgServer pg = PG.server();
        Path prodData = dir.resolve("prod");
        Path stagingData = dir.resolve("staging");
        StandInContainer.prepareDataDir(prodData);
        StandInContainer.image(good).database(pg).dataDir(prodData).initDatabase("prod");
        OdooDatabases.seed(pg, "prod", OdooSeeder.forSeries("17.0").partners(60).users(4).attachments(10).filestore(prodData, "prod")
                .progress(l -> { }));
        production = TestEnvironments.production("refresh-production", pg, "prod", prodData);
        staging = TestEnvironments.staging("refresh-staging", pg, "stage", stagingData);
        StandInContainer.prepareDataDir(stagingData);
        firstReport = Path.of(new StageCloneCommand(production, staging, policy(List.of())).from(CloneCommand.Source.LIVE).call()
                .reportJson()).getParent().getFileName().toString();
        StandInContainer.prepareDataDir(stagingData);

        int port = StandIns.freePort();
        container = new OdooContainer(dev.odoorelease.testkit.TestNames.prefix("odoo") + "refresh-staging-" + port, "host", List.of(), List.of("--http-port=" + port), Map.of(), List.of(),
                "http://127.0.0.1:" + port, Duration.ofSeconds(10));
        health = HealthSettings.forUrl("http://127.0.0.1:" + port).database("stage").expectedSeries("17.0")
                .timeout(Duration.ofSeconds(90)).build();
        DeployResult first = new DeployCommand(staging, container, DOCKER).image(good).update(UpdateMode.parse("none"))
                .allowSkippedUpdates(true).health(health).lockTimeout(Duration.ofSeconds(30)).call();
        assertThat(first.outcome()).as(String.valueOf(first.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);

        try (Connection c = pg.superConnect("stage"); Statement s = c.createStatement()) {
            s.execute("UPDATE res_users SET password = '" + ADMIN_HASH + "' WHERE login = 'admin'");
            s.execute("WITH p AS (INSERT INTO res_partner (name, email, active, company_id, type) "
                    + "VALUES ('QA Tester', 'qa@staging.example.invalid', true, 1, 'contact') RETURNING id) "
                    + "INSERT INTO res_users (login, password, active, partner_id, company_id, share, notification_type) "
                    + "SELECT 'qa-tester', '" + QA_HASH + "', true, id, 1, false, 'email' FROM p");
            s.execute("INSERT INTO res_groups_users_rel (gid, uid) SELECT r.gid, (SELECT id FROM res_users WHERE login = 'qa-tester') "
                    + "FROM res_groups_users_rel r WHERE r.uid = (SELECT id FROM res_users WHERE login = 'admin') ON CONFLICT DO NOTHING");
            s.execute("UPDATE payment_provider SET state = 'test', stripe_secret_key = '" + SANDBOX_SECRET + "', "
                    + "stripe_publishable_key = 'pk_test_Sandbox' WHERE code = 'stripe'");
            s.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('sandbox.webhook_url', '" + SANDBOX_HOOK + "')");
            // staging-only records nobody declared: a refresh must not keep them
            s.execute("INSERT INTO ir_config_parameter (key, value) VALUES ('staging.scratch', 'left over')");
            s.execute("WITH p AS (INSERT INTO res_partner (name, active, company_id) VALUES ('Scratch', true, 1) RETURNING id) "
                    + "INSERT INTO res_users (login, password, active, partner_id, company_id, share, notification_type) "
                    + "SELECT 'scratch-user', NULL, true, id, 1, false, 'email' FROM p");
            // a provider only staging has: carrying it over cannot work (production lacks its module)
            s.execute("INSERT INTO payment_provider (name, code, state, company_id) VALUES ('{\"en_US\": \"Adyen\"}', 'adyen', 'test', 1)");
        }
        productionEmails = strings(pg, "prod", "SELECT DISTINCT email FROM res_partner WHERE email IS NOT NULL");
        assertThat(productionEmails).as("production has e-mails for the anonymization check to look for").hasSizeGreaterThan(10);
    }

    @AfterAll
    static void removeContainers() {
        for (ContainerState s : DOCKER.containers().listByLabel("dev.odoorelease.environment", staging == null ? "-" : staging.name())) {
            DOCKER.containers().remove(s.name(), true, true);
        }
        System.out.println("RefreshIT took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    static StagingPolicy policy(List<CarryOver> keep) {
        StagingPolicy.Builder b = StagingPolicy.builder("http://staging.refresh.invalid");
        keep.forEach(b::carryOver);
        return b.build();
    }

    static final List<CarryOver> DECLARED = List.of(CarryOver.user("qa-tester"), CarryOver.user("admin"),
            CarryOver.configParameter("sandbox.webhook_url"), CarryOver.paymentProvider("stripe"));

    RefreshCommand refresh(List<CarryOver> keep) {
        return new RefreshCommand(production, staging, policy(keep), container, DOCKER, health).from(CloneCommand.Source.LIVE)
                .lockTimeout(Duration.ofSeconds(30));
    }

    @Test
    @Order(1)
    void aDeclaredRecordStagingDoesNotHaveIsRefusedWithNothingChanged() throws Exception {
        Map<String, String> before = state();
        List<CarryOver> keep = new ArrayList<>(DECLARED);
        keep.add(CarryOver.user("nobody-here"));

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class, () -> refresh(keep).call());

        assertThat(e).isNotInstanceOf(StageCloneFailedException.class);
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(e.getMessage()).contains("nothing was changed", "user nobody-here", "staging.carryOver.users");
        assertThat(state()).as("database, filestore and container as they were").isEqualTo(before);
        assertServing();
        assertThat(reports()).as("no refresh started, so no report").isEmpty();
    }

    @Test
    @Order(2)
    void aCarryOverThatCannotBeRestoredFailsTheRefreshAndTheOldStagingServes() throws Exception {
        Map<String, String> before = state();
        List<CarryOver> keep = new ArrayList<>(DECLARED);
        keep.add(CarryOver.paymentProvider("adyen"));

        StageCloneFailedException e = catchThrowableOfType(StageCloneFailedException.class, () -> refresh(keep).call());

        assertThat(e).as("the refresh failed").isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.VERIFICATION);
        assertThat(e.getMessage()).contains("payment provider adyen", "no payment provider with code 'adyen'", "keeps its previous data");
        assertThat(Files.readString(e.reportJson())).contains("\"status\" : \"failed\"");
        assertThat(state()).as("database, filestore and container as they were").isEqualTo(before);
        assertServing();
    }

    @Test
    @Order(3)
    void aBrokenImageFailsTheRefreshAndTheOldStagingServesItsPreviousData() throws Exception {
        Map<String, String> before = state();
        String crashing = StandInImage.series("17.0").variant(StandInImage.Variant.CRASH_AT_START).build();

        StageCloneFailedException e = catchThrowableOfType(StageCloneFailedException.class,
                () -> refresh(DECLARED).image(crashing).call());

        assertThat(e).as("the refresh failed").isNotNull();
        assertThat(e.getMessage()).contains("did not come up healthy", "was put back as it was", "discard-replaced");
        assertThat(Files.readString(e.reportJson())).contains("\"status\" : \"failed\"", "did not come up healthy");
        assertThat(state()).as("database, filestore and container as they were").isEqualTo(before);
        assertServing();
        assertThat(strings(PG.server(), "postgres", "SELECT datname FROM pg_database WHERE datname LIKE 'ors_replaced_%_reinstate'"))
                .as("the refreshed copy is kept for a look, under the name the message gives").hasSize(1);
    }

    @Test
    @Order(4)
    void aRefreshKeepsTheDeclaredRecordsAndNothingElseAndStagingServesItsImageAgain() throws Exception {
        PgServer pg = PG.server();
        Map<String, String> qaGroupsBefore = Map.of("groups", String.join(",", strings(pg, "stage", "SELECT gid::text FROM res_groups_users_rel "
                + "WHERE uid = (SELECT id FROM res_users WHERE login = 'qa-tester') ORDER BY 1")));
        String imageBefore = running().image();
        Connection someoneOnStaging = pg.connect("stage");

        RefreshResult r = refresh(DECLARED).call();

        // staging's own sessions were drained, and it serves the image it ran before, healthy
        assertThat(someoneOnStaging.isValid(5)).as("a session on staging's database is ended").isFalse();
        someoneOnStaging.close();
        assertThat(r.image()).isEqualTo(imageBefore).isEqualTo(r.previousImage());
        assertThat(running().image()).isEqualTo(imageBefore);
        assertThat(running().labels().get("dev.odoorelease.operation")).as("a new container, started by the refresh").isNotBlank();
        assertThat(DOCKER.containers().listByLabel("dev.odoorelease.environment", staging.name())).as("the kept container is gone")
                .extracting(ContainerState::name).containsExactly(container.name());
        assertServing();

        // the declared records, as staging had them
        assertThat(strings(pg, "stage", "SELECT password FROM res_users WHERE login = 'qa-tester' AND active")).containsExactly(QA_HASH);
        assertThat(strings(pg, "stage", "SELECT password FROM res_users WHERE login = 'admin'")).containsExactly(ADMIN_HASH);
        assertThat(strings(pg, "stage", "SELECT p.name FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.login = 'qa-tester'"))
                .containsExactly("QA Tester");
        assertThat(String.join(",", strings(pg, "stage", "SELECT gid::text FROM res_groups_users_rel "
                + "WHERE uid = (SELECT id FROM res_users WHERE login = 'qa-tester') ORDER BY 1")))
                .as("its groups, by XML id").isEqualTo(qaGroupsBefore.get("groups"));
        assertThat(strings(pg, "stage", "SELECT value FROM ir_config_parameter WHERE key = 'sandbox.webhook_url'")).containsExactly(SANDBOX_HOOK);
        assertThat(strings(pg, "stage", "SELECT state || ' ' || stripe_secret_key FROM payment_provider WHERE code = 'stripe'"))
                .containsExactly("test " + SANDBOX_SECRET);
        // and nothing else of staging
        assertThat(strings(pg, "stage", "SELECT key FROM ir_config_parameter WHERE key = 'staging.scratch'")).isEmpty();
        assertThat(strings(pg, "stage", "SELECT login FROM res_users WHERE login = 'scratch-user'")).isEmpty();
        assertThat(strings(pg, "stage", "SELECT code FROM payment_provider WHERE code = 'adyen'")).isEmpty();
        // production's data, anonymized and neutralized as by any stage clone
        Set<String> left = strings(pg, "stage", "SELECT DISTINCT email FROM res_partner WHERE email IS NOT NULL");
        left.retainAll(productionEmails);
        assertThat(left).as("no production e-mail left").isEmpty();
        assertThat(strings(pg, "stage", "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'"))
                .containsExactly("http://staging.refresh.invalid");

        // listed in the report as deliberate differences, without their values
        assertThat(r.stageClone().report().carriedOver()).extracting(CarriedRecord::kind, CarriedRecord::key, CarriedRecord::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("user", "qa-tester", "created"),
                        org.assertj.core.groups.Tuple.tuple("user", "admin", "updated"),
                        org.assertj.core.groups.Tuple.tuple("parameter", "sandbox.webhook_url", "created"),
                        org.assertj.core.groups.Tuple.tuple("payment provider", "stripe", "updated"));
        String json = Files.readString(Path.of(r.stageClone().reportJson()));
        String md = Files.readString(Path.of(r.stageClone().reportMarkdown()));
        assertThat(json).contains("\"carriedOver\"", "qa-tester", "sandbox.webhook_url");
        assertThat(md).contains("Kept from the previous staging", "| payment provider | stripe | updated |");
        for (String secret : List.of(QA_HASH, ADMIN_HASH, SANDBOX_SECRET, SANDBOX_HOOK)) {
            assertThat(json + md).as("no kept value in the report").doesNotContain(secret);
        }
    }

    /** Staging's database (every table's rows but those Odoo writes by itself, plus the staging-only records), files and container. */
    static Map<String, String> state() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = PG.server().superConnect("stage"); Statement s = c.createStatement()) {
            for (String t : strings(PG.server(), "stage", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                if (LIVE_WRITES.contains(t)) {
                    continue;
                }
                try (ResultSet rs = s.executeQuery("SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM \"" + t + "\" x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        out.put("parameters", String.join(",", strings(PG.server(), "stage", "SELECT key || '=' || value FROM ir_config_parameter "
                + "WHERE key IN ('sandbox.webhook_url', 'staging.scratch', 'web.base.url')")));
        try (Stream<Path> files = Files.walk(staging.filestore())) {
            out.put("filestore", String.join(",", files.filter(Files::isRegularFile).map(p -> staging.filestore().relativize(p).toString())
                    .sorted().toList()));
        }
        ContainerState c = running();
        out.put("container", c.id() + " " + c.image() + " " + c.labels());
        return out;
    }

    static ContainerState running() {
        ContainerState c = DOCKER.containers().inspect(container.name()).orElseThrow(() -> new AssertionError("no " + container.name()));
        assertThat(c.isUp()).as(c.describe()).isTrue();
        return c;
    }

    /** Staging answers its login page (Odoo serves, on staging's data). */
    static void assertServing() throws Exception {
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(container.url() + "/web/login"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
    }

    static List<Path> reports() throws Exception {
        Path reports = staging.workDir().resolve("reports");
        if (!Files.isDirectory(reports)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(reports)) {
            // the first stage clone of the set-up wrote one; a refresh writes another
            return s.filter(p -> !p.getFileName().toString().equals(firstReport)).toList();
        }
    }

    static Set<String> strings(PgServer pg, String db, String sql) throws Exception {
        Set<String> out = new java.util.LinkedHashSet<>();
        try (Connection c = pg.superConnect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
