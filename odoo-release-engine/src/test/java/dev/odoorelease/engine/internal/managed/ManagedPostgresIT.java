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
import dev.odoorelease.engine.internal.docker.StandIns;
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

    @BeforeAll
    static void aManagedServerWithProductionOnIt() throws Exception {
        started = System.nanoTime();
        StandIns.requireEngine();
        String image = StandInImage.series("17.0").build();
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
    static void took() {
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
    @Order(4)
    void driftReadsBothSides() throws Exception {
        DriftReport report = new DriftCommand(production, staging).writeTo(dir.resolve("drift")).call();
        assertThat(report.compared()).isNotEmpty();
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

    static String owner(String db) throws SQLException {
        try (Connection c = admin.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '" + db + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
