package dev.odoorelease.engine.internal.managed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.internal.deploy.RollbackCommand;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.internal.staging.RefreshCommand;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.RefreshResult;
import dev.odoorelease.engine.result.RollbackResult;
import dev.odoorelease.engine.internal.drift.DriftCommand;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.snapshot.RestoreCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotMaintenance;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.RestoreResult;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.testkit.ManagedRole;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the engine on a PostgreSQL server where the tool's only role is a managed service's master user
 * (AWS RDS and the like): LOGIN, CREATEDB, CREATEROLE, member of {@code pg_signal_backend}, owner of the Odoo
 * databases, and NOT a superuser ({@link ManagedRole}). Nothing here connects as a superuser except to play other
 * clients (a provider's monitoring session) and to set the scene. One cluster for the class; the tests run in order on
 * the same production and staging.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagedPostgresIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("managed");

    static final String ROLE = "release_admin";
    static final String PASSWORD = "Managed-Secret-51c7";

    @TempDir
    static Path dir;
    static ManagedRole admin;
    static Environment production;
    static Environment staging;
    static long started;
    static final DockerCli DOCKER = DockerCli.local().redacting(PASSWORD);
    static final List<String> containers = new CopyOnWriteArrayList<>();
    static String v1;
    static String v2;
    /** Production's dump snapshot, taken by the snapshot test. */
    static String dumpSnapshot;

    @BeforeAll
    static void aManagedServerWithProductionOnIt() throws Exception {
        started = System.nanoTime();
        StandIns.requireEngine();
        // names of this class's own: a stand-in of another name is removed by the build of a newer one of that name
        v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("managed1").build();
        v2 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").moduleVersion("mail", "17.0.1.16").tagSuffix("managed2")
                .build();
        String image = v1;
        PgServer pg = PG.server();
        admin = ManagedRole.create(pg, ROLE, PASSWORD);
        Path prodData = dir.resolve("prod");
        StandInContainer.prepareDataDir(prodData);
        // Odoo, connecting as the managed role, creates its database itself: the role owns it and everything in it
        StandInContainer.image(image).dataDir(prodData)
                .env("HOST", pg.host()).env("PORT", String.valueOf(pg.port())).env("USER", ROLE).env("PASSWORD", PASSWORD)
                .initDatabase("prod");
        StandInContainer.prepareDataDir(prodData);
        try (Connection c = admin.connect("prod")) {
            OdooSeeder.forSeries("17.0").partners(40).users(3).attachments(6).filestore(prodData, "prod").progress(l -> { }).seed(c);
        }
        production = environment("managed-production", EnvironmentKind.PRODUCTION, "prod", prodData);
        staging = environment("managed-staging", EnvironmentKind.STAGING, "stage", dir.resolve("staging"));
        StandInContainer.prepareDataDir(dir.resolve("staging"));
    }

    @AfterAll
    static void removeContainers() {
        for (String c : containers) {
            DOCKER.containers().remove(c, true, true);
        }
        for (Environment env : new Environment[] {production, staging}) {
            if (env != null) {
                for (ContainerState s : DOCKER.containers().listByLabel("dev.odoorelease.environment", env.name())) {
                    DOCKER.containers().remove(s.name(), true, true);
                }
            }
        }
        System.out.println("ManagedPostgresIT took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    static Environment environment(String name, EnvironmentKind kind, String db, Path dataDir) {
        PgServer pg = PG.server();
        return Environment.builder(name).kind(kind).database(new DbTarget(pg.host(), pg.port(), db, ROLE, PASSWORD))
                .dataDir(dataDir).jobs(2).build();
    }

    @Test
    @Order(1)
    void theToolsRoleIsExactlyAManagedMasterUser() throws Exception {
        assertThat(admin.isSuperuser()).isFalse();
        try (Connection c = admin.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, "
                     + "pg_has_role('pg_signal_backend', 'MEMBER'), (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'prod') "
                     + "FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            assertThat(List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5)))
                    .containsExactly(true, true, false, false, true);
            assertThat(rs.getString(6)).as("owner of the Odoo database").isEqualTo(ROLE);
        }
    }

    @Test
    @Order(2)
    void snapshotsOfBothKindsAreTakenVerifiedAndRestored() throws Exception {
        long partners = count("prod", "res_partner");
        SnapshotResult template = new SnapshotCommand(production).kind(SnapshotKind.TEMPLATE).call();
        SnapshotResult dump = new SnapshotCommand(production).kind(SnapshotKind.DUMP).call();
        dumpSnapshot = dump.snapshot().id();
        SnapshotMaintenance maintenance = new SnapshotMaintenance(production);
        assertThat(maintenance.verify(template.snapshot().id())).isEmpty();
        assertThat(maintenance.verify(dump.snapshot().id())).isEmpty();

        execute("prod", "INSERT INTO res_partner (name, active, company_id) VALUES ('after the snapshots', true, 1)");
        assertThat(count("prod", "res_partner")).isEqualTo(partners + 1);
        RestoreResult fromDump = new RestoreCommand(production).snapshot(dump.snapshot().id()).call();
        assertThat(count("prod", "res_partner")).isEqualTo(partners);
        assertThat(owner("prod")).isEqualTo(ROLE);

        execute("prod", "INSERT INTO res_partner (name, active, company_id) VALUES ('after the snapshots', true, 1)");
        RestoreResult fromTemplate = new RestoreCommand(production).snapshot(template.snapshot().id()).keepSnapshot(true).call();
        assertThat(count("prod", "res_partner")).isEqualTo(partners);
        assertThat(fromDump.replacedDatabase()).isNotEqualTo(fromTemplate.replacedDatabase());
    }

    @Test
    @Order(3)
    void anotherRolesSessionIsEndedThroughPgSignalBackendAndTheRestoreSaysHow() throws Exception {
        // the managed role may create roles: a reporting tool's, as a team on RDS would
        execute("postgres", "CREATE ROLE reporting LOGIN PASSWORD '" + PASSWORD + "'");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (Connection reporting = connectAs("reporting", "prod"); Connection odoo = admin.connect("prod")) {
            new RestoreCommand(production).snapshot(dumpSnapshot).drainSessions(true).progress(listener(lines)).call();

            assertThat(lines).anySatisfy(l -> assertThat(l).contains("ending ", "1 session(s) of role " + ROLE + " as their own role",
                    "1 session(s) of role reporting through pg_signal_backend", "connected to database prod"));
            assertThat(reporting.isValid(5)).as("the reporting session was ended").isFalse();
            assertThat(odoo.isValid(5)).as("the role's own session was ended").isFalse();
        }
    }

    @Test
    @Order(4)
    void aSuperusersSessionIsRefusedUpFrontAndNoSessionIsEnded() throws Exception {
        long oid = oid("prod");
        try (Connection monitoring = PG.server().superConnect("prod"); Connection reporting = connectAs("reporting", "prod")) {
            OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class,
                    () -> new RestoreCommand(production).snapshot(dumpSnapshot).drainSessions(true).call());

            assertThat(e).as("refused").isNotNull();
            assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(e.getMessage()).contains("Unable to restore", "2 session(s)", "of role postgres", "only a superuser may",
                    "GRANT pg_signal_backend TO " + ROLE, "nothing was changed and no session was ended");
            assertThat(reporting.isValid(5)).as("no session ended: not even the one the role could have ended").isTrue();
            assertThat(monitoring.isValid(5)).isTrue();
            assertThat(oid("prod")).as("the same database, not restored").isEqualTo(oid);
        }
    }

    @Test
    @Order(5)
    void aStageCloneFromLiveAndFromASnapshotIsNeutralizedAnonymizedAndVerified() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        StageCloneResult live = new StageCloneCommand(production, staging, policy()).from(CloneCommand.Source.LIVE)
                .progress(listener(lines)).call();
        assertThat(live.report().status()).isEqualTo("replaced");
        assertThat(live.report().verification()).isNotEmpty().allSatisfy(v -> assertThat(v.passed()).as(v.toString()).isTrue());
        StageCloneResult fromSnapshot = new StageCloneCommand(production, staging, policy())
                .from(CloneCommand.Source.LATEST_SNAPSHOT).progress(listener(lines)).call();
        assertThat(fromSnapshot.report().status()).isEqualTo("replaced");
        assertThat(owner("stage")).isEqualTo(ROLE);
    }

    @Test
    @Order(6)
    void driftReadsBothSides() throws Exception {
        DriftReport report = new DriftCommand(production, staging).writeTo(dir.resolve("drift")).call();
        assertThat(report.compared()).isNotEmpty();
        assertThat(report.age().refreshedAt()).as("the stage clone's record, read from staging's state").isNotNull();
        assertThat(report.age().baseline()).isTrue();
    }

    @Test
    @Order(7)
    void aCopyThatWouldHaveToCreateAnExtensionTheRoleMayNotCreateIsRefusedUpFront() throws Exception {
        // an extension the role may not create (not trusted), put there by the server's superuser: pg_restore would have to
        // create it in the new database and would fail half-way
        PG.server().superExecute("prod", "CREATE EXTENSION pg_stat_statements");
        try {
            String dump = new SnapshotCommand(production).kind(SnapshotKind.DUMP).call().snapshot().id();
            long prodOid = oid("prod");
            long stageOid = oid("stage");
            int databases = databases();

            OdooReleaseException restore = catchThrowableOfType(OdooReleaseException.class,
                    () -> new RestoreCommand(production).snapshot(dump).call());
            OdooReleaseException live = catchThrowableOfType(OdooReleaseException.class,
                    () -> new StageCloneCommand(production, staging, policy()).from(CloneCommand.Source.LIVE).call());
            OdooReleaseException fromDump = catchThrowableOfType(OdooReleaseException.class,
                    () -> new StageCloneCommand(production, staging, policy()).from(CloneCommand.Source.LATEST_SNAPSHOT).call());

            for (OdooReleaseException e : List.of(restore, live, fromDump)) {
                assertThat(e).as("refused").isNotNull();
                assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.PRECONDITION);
                assertThat(e.getMessage()).contains("role " + ROLE + " may not create extension pg_stat_statements",
                        "template snapshot", "Nothing was changed");
            }
            assertThat(restore.getMessage()).startsWith("Unable to restore");
            assertThat(live.getMessage()).startsWith("Unable to clone");
            assertThat(oid("prod")).as("production not restored").isEqualTo(prodOid);
            assertThat(oid("stage")).as("staging not replaced").isEqualTo(stageOid);
            assertThat(databases()).as("no database was created for a copy").isEqualTo(databases);
        } finally {
            PG.server().superExecute("prod", "DROP EXTENSION pg_stat_statements");
        }
    }

    @Test
    @Order(8)
    void aDeployWithASnapshotAndAManualRollbackRunWithTheManagedRole() throws Exception {
        OdooContainer prod = container("prod");
        containers.add(prod.name());
        HealthSettings health = health(prod, "prod");
        DeployResult first = new DeployCommand(production, prod, DOCKER).image(v1).update(UpdateMode.parse("none"))
                .allowSkippedUpdates(true).health(health).lockTimeout(Duration.ofSeconds(30)).call();
        assertThat(first.outcome()).as(String.valueOf(first.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);

        // the running Odoo holds sessions of the role: the snapshot stops it, the update needs no superuser
        DeployResult second = new DeployCommand(production, prod, DOCKER).image(v2).update(UpdateMode.parse("all"))
                .health(health).lockTimeout(Duration.ofSeconds(30)).call();
        assertThat(second.outcome()).as(String.valueOf(second.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(second.snapshotId()).isNotNull();

        // a superuser's session (a provider's monitoring) the template snapshot would have to end: refused before Odoo stops
        try (Connection monitoring = PG.server().superConnect("prod")) {
            OdooReleaseException refused = catchThrowableOfType(OdooReleaseException.class,
                    () -> new DeployCommand(production, prod, DOCKER).image(v1).update(UpdateMode.parse("none"))
                            .allowSkippedUpdates(true).health(health).lockTimeout(Duration.ofSeconds(30)).call());
            assertThat(refused).as("refused").isNotNull();
            assertThat(refused.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(refused.getMessage()).contains("Unable to deploy", "of role postgres", "only a superuser may",
                    "no session was ended");
            assertThat(monitoring.isValid(5)).isTrue();
            assertThat(DOCKER.containers().inspect(prod.name()).filter(ContainerState::running).map(ContainerState::image))
                    .as("Odoo was not stopped").contains(v2);
        }

        RollbackResult back = new RollbackCommand(production, prod, DOCKER, health).snapshot(second.snapshotId())
                .lockTimeout(Duration.ofSeconds(30)).call();
        assertThat(back.outcome()).as(String.valueOf(back.cause())).isEqualTo(RollbackResult.Outcome.ROLLED_BACK);
        assertThat(back.image()).isEqualTo(v1);
        assertThat(owner("prod")).isEqualTo(ROLE);
    }

    @Test
    @Order(9)
    void aRefreshOfAServingStagingRunsWithTheManagedRole() throws Exception {
        OdooContainer stage = container("stage");
        containers.add(stage.name());
        HealthSettings health = health(stage, "stage");
        DeployResult served = new DeployCommand(staging, stage, DOCKER).image(v1).update(UpdateMode.parse("none"))
                .allowSkippedUpdates(true).health(health).lockTimeout(Duration.ofSeconds(30)).call();
        assertThat(served.outcome()).as(String.valueOf(served.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);

        RefreshResult r = new RefreshCommand(production, staging, policy(), stage, DOCKER, health).from(CloneCommand.Source.LIVE)
                .lockTimeout(Duration.ofSeconds(30)).call();

        assertThat(r.stageClone().report().status()).isEqualTo("replaced");
        assertThat(r.health()).isNotBlank();
        assertThat(DOCKER.containers().inspect(stage.name()).map(ContainerState::running)).contains(true);
        assertThat(owner("stage")).isEqualTo(ROLE);
    }

    @Test
    @Order(10)
    void aTemplateSnapshotOfADatabaseTheRoleDoesNotOwnIsRefusedUpFront() throws Exception {
        PG.server().superExecute("postgres", "CREATE DATABASE foreign_db OWNER reporting TEMPLATE template0");
        Environment foreign = environment("managed-foreign", EnvironmentKind.STAGING, "foreign_db", dir.resolve("foreign"));
        java.nio.file.Files.createDirectories(foreign.filestore()); // so that only the copy itself can be refused
        int databases = databases();

        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class,
                () -> new SnapshotCommand(foreign).kind(SnapshotKind.TEMPLATE).call());

        assertThat(e).as("refused").isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(e.getMessage()).contains("Unable to take a template snapshot", "does not own database foreign_db (its owner is "
                + "reporting)", "kind: dump", "ALTER DATABASE foreign_db OWNER TO " + ROLE, "Nothing was changed");
        assertThat(databases()).as("no snapshot database").isEqualTo(databases);
        assertThat(new SnapshotMaintenance(foreign).list(true)).as("no snapshot recorded, not even a failed one").isEmpty();
    }

    static OdooContainer container(String db) {
        int port = StandIns.freePort();
        return new OdooContainer(dev.odoorelease.testkit.TestNames.prefix("odoo") + "managed-" + db + "-" + port, "host", List.of(),
                List.of("--http-port=" + port), Map.of(), List.of(), "http://127.0.0.1:" + port, Duration.ofSeconds(10));
    }

    static HealthSettings health(OdooContainer c, String db) {
        return health(c, db, Duration.ofSeconds(90));
    }

    static HealthSettings health(OdooContainer c, String db, Duration timeout) {
        return HealthSettings.forUrl(c.url()).database(db).expectedSeries("17.0").timeout(timeout).build();
    }

    @Test
    @Order(11)
    void aCopyThatWouldHaveToCreateAnEventTriggerIsRefusedUpFront() throws Exception {
        // an event trigger (auditing DDL, say), put there by the server's superuser: only a superuser may create one
        PG.server().superExecute("prod", "CREATE FUNCTION audit_ddl() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'");
        PG.server().superExecute("prod", "CREATE EVENT TRIGGER audit_ddl ON ddl_command_end EXECUTE FUNCTION audit_ddl()");
        try {
            long stageOid = oid("stage");
            int databases = databases();

            OdooReleaseException live = catchThrowableOfType(OdooReleaseException.class,
                    () -> new StageCloneCommand(production, staging, policy()).from(CloneCommand.Source.LIVE).call());

            assertThat(live).as("refused").isNotNull();
            assertThat(live.errorCode()).as(live.getMessage()).isEqualTo(ErrorCode.PRECONDITION);
            assertThat(live.getMessage()).contains("Unable to clone", "event triggers audit_ddl",
                    "may not create event trigger audit_ddl", "Nothing was changed");
            assertThat(oid("stage")).as("staging not replaced").isEqualTo(stageOid);
            assertThat(databases()).as("no database was created for a copy").isEqualTo(databases);
        } finally {
            PG.server().superExecute("prod", "DROP EVENT TRIGGER audit_ddl");
            PG.server().superExecute("prod", "DROP FUNCTION audit_ddl()");
        }
    }

    static StagingPolicy policy() {
        return StagingPolicy.builder("http://staging.managed.invalid").build();
    }

    static ProgressListener listener(List<String> lines) {
        return lines::add;
    }

    static long count(String db, String table) throws SQLException {
        try (Connection c = admin.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void execute(String db, String sql) throws SQLException {
        try (Connection c = admin.connect(db); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static Connection connectAs(String role, String db) throws SQLException {
        return java.sql.DriverManager.getConnection(PG.server().jdbcUrl(db), role, PASSWORD);
    }

    static int databases() throws SQLException {
        try (Connection c = admin.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static long oid(String db) throws SQLException {
        try (Connection c = admin.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + db + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String owner(String db) throws SQLException {
        try (Connection c = admin.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + db + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
