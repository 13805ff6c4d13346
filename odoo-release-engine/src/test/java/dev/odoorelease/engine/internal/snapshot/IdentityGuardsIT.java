package dev.odoorelease.engine.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.StageClone;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.internal.db.DatabaseIdentity;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.TcpForwarder;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard rails compare what databases and folders ARE, never how they are spelled (issue 14, items 1–3): one
 * server reached as 127.0.0.1, localhost, ::1, the machine's host name or through a forwarding port is one server;
 * one folder reached through a symbolic link, a symlinked parent or a bind mount is one folder, and a filestore inside
 * another overlaps it. Each refusal changes nothing; each lock is the database's, whatever the environment is called.
 */
class IdentityGuardsIT {
    /** Production's server listens on IPv4 and IPv6 loopback, so ::1 is one more spelling of it. */
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("identity-prod",
            PgServer.Options.FAST.with("listen_addresses", "127.0.0.1,::1"));
    @RegisterExtension
    static final PgServerExtension OTHER = PgServerExtension.named("identity-other");

    /** A server whose roles may not run pg_control_system(), as on some managed PostgreSQL services. */
    @RegisterExtension
    static final PgServerExtension MANAGED = PgServerExtension.named("identity-managed");

    static TcpForwarder forwarder;

    @TempDir
    Path prodData;
    @TempDir
    Path otherData;

    @BeforeAll
    static void forward() {
        forwarder = TcpForwarder.to(PROD.server().host(), PROD.server().port());
    }

    @AfterAll
    static void stopForwarding() {
        forwarder.close();
    }

    /** Every other way this machine reaches production's server (host, port). */
    static Map<String, Object[]> spellings() throws Exception {
        PgServer pg = PROD.server();
        Map<String, Object[]> s = new LinkedHashMap<>();
        s.put("localhost", new Object[] {"localhost", pg.port()});
        s.put("::1", new Object[] {"::1", pg.port()});
        String hostName = InetAddress.getLocalHost().getHostName();
        // the machine's own name, an alias of 127.0.0.1 here (/etc/hosts); asserted, so it is never silently dropped
        assertThat(InetAddress.getByName(hostName).getHostAddress()).as("host name %s resolves to loopback", hostName)
                .isEqualTo("127.0.0.1");
        s.put("host name " + hostName, new Object[] {hostName, pg.port()});
        s.put("forwarded port " + forwarder.port(), new Object[] {"127.0.0.1", forwarder.port()});
        return s;
    }

    private static Environment spelled(String name, EnvironmentKind kind, Object[] hostPort, String db, Path dataDir) {
        return Environment.builder(name).kind(kind)
                .database(new DbTarget((String) hostPort[0], (Integer) hostPort[1], db, PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(dataDir).jobs(2).build();
    }

    @Test
    void aCloneIntoProductionsDatabaseUnderAnotherSpellingIsRefusedAndChangesNothing() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "id_prod", prodData, 20, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Map<String, String> before = state(PROD.server(), "id_prod", prod.filestore());
        int i = 0;
        for (Map.Entry<String, Object[]> s : spellings().entrySet()) {
            Environment dev = spelled("dev" + i++, EnvironmentKind.DEVELOPMENT, s.getValue(), "id_prod",
                    Files.createDirectories(otherData.resolve("dev" + i)));
            assertThatThrownBy(() -> new CloneCommand(prod, dev).from(CloneCommand.Source.LIVE).call())
                    .as("clone into %s", s.getKey())
                    .isInstanceOf(OdooReleaseException.class)
                    .hasMessageStartingWith("Unable to clone " + prod.name() + " into " + dev.name())
                    .hasMessageContaining("is the database of environment " + prod.name())
                    .hasMessageContaining("nothing was changed")
                    .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.PRECONDITION));
            assertThat(state(PROD.server(), "id_prod", prod.filestore())).as("production after a refused clone into %s", s.getKey())
                    .isEqualTo(before);
        }
    }

    @Test
    void theFacadeRefusesEveryOperationThatChangesProductionsDatabaseUnderAnotherName() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "facade_prod", prodData, 5, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Map<String, String> before = state(PROD.server(), "facade_prod", prod.filestore());
        Environment dev = spelled("dev", EnvironmentKind.DEVELOPMENT, new Object[] {"::1", PROD.server().port()}, "facade_prod",
                otherData.resolve("dev"));
        ReleaseConfig config = new ReleaseConfig("acme", null, List.of(
                EnvironmentConfig.builder(prod).health(HealthSettings.forUrl("http://127.0.0.1:1/").build()).build(),
                EnvironmentConfig.builder(dev).container(new OdooContainer("acme-dev", null, List.of(), List.of(), null, List.of(),
                        "http://127.0.0.1:2/", null)).build()));
        OdooRelease release = new OdooRelease(config).lockTimeout(Duration.ofSeconds(5));
        Map<String, ThrowingCallable> operations = new LinkedHashMap<>();
        operations.put("restore snapshot 20261122-013012-4fa2 into", () -> release.restore().environment("dev").snapshot("20261122-013012-4fa2").call());
        operations.put("deploy to", () -> release.deploy().environment("dev").image("registry.example/acme/odoo:1").call());
        operations.put("roll back", () -> release.rollback().environment("dev").call());
        operations.put("recover", () -> release.recover().environment("dev").call());
        operations.put("stage-clone " + prod.name() + " into", () -> release.stageClone().source(prod.name()).target("dev").from(StageClone.From.LIVE).call());
        for (Map.Entry<String, ThrowingCallable> op : operations.entrySet()) {
            assertThatThrownBy(op.getValue()).as(op.getKey())
                    .isInstanceOf(OdooReleaseException.class)
                    .hasMessageStartingWith("Unable to " + op.getKey() + " dev: the database of dev")
                    .hasMessageContaining("is the database of environment " + prod.name() + ", a production environment,")
                    .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.PRECONDITION));
        }
        assertThat(state(PROD.server(), "facade_prod", prod.filestore())).isEqualTo(before);
    }

    @Test
    void theSwapChecksAgainUnderTheLockWhereTheTargetResolvesNow() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "moved", prodData, 12, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        // staging: a database of the same name on another server, reached through a name that will move to production's
        MiniOdoo.create(OTHER.server(), "moved", otherData, 2, EnvironmentKind.STAGING, SnapshotKind.DUMP);
        Map<String, String> before = state(PROD.server(), "moved", prod.filestore());
        try (TcpForwarder staging = TcpForwarder.to(OTHER.server().host(), OTHER.server().port())) {
            Environment stage = spelled("staging", EnvironmentKind.STAGING, new Object[] {"127.0.0.1", staging.port()}, "moved", otherData);
            List<String> seen = new ArrayList<>();
            assertThatThrownBy(() -> new CloneCommand(prod, stage).from(CloneCommand.Source.LIVE)
                    .beforeSwap(in -> {
                        seen.add(in.database());
                        staging.retarget(PROD.server().host(), PROD.server().port()); // the name now leads to production
                    }).call())
                    .isInstanceOf(OdooReleaseException.class)
                    .hasMessageStartingWith("Unable to swap new data into staging")
                    .hasMessageContaining("is the database of environment " + prod.name());
            assertThat(seen).as("the copy was made: only the last check under the lock refused").hasSize(1);
        }
        assertThat(state(PROD.server(), "moved", prod.filestore())).as("production after the refused swap").isEqualTo(before);
    }

    @Test
    void filestoresAreComparedByWhatTheyAreNotByTheirPaths() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "fs_prod", prodData, 15, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Map<String, String> before = state(PROD.server(), "fs_prod", prod.filestore());
        Path links = Files.createDirectories(otherData.resolve("links"));
        Map<String, Path> dataDirs = new LinkedHashMap<>();
        dataDirs.put("a symbolic link to production's data directory", Files.createSymbolicLink(links.resolve("data"), prodData));
        dataDirs.put("a path through a symlinked parent",
                Files.createSymbolicLink(links.resolve("parent"), prodData.getParent()).resolve(prodData.getFileName()));
        Path bind = Files.createDirectories(otherData.resolve("bind"));
        dataDirs.put("a bind mount of production's data directory", bind);
        // a staging database of the same name on another server: only the folders can collide
        MiniOdoo.create(OTHER.server(), "fs_prod", Files.createDirectories(otherData.resolve("own")), 1, EnvironmentKind.STAGING,
                SnapshotKind.DUMP);
        mount(prodData, bind);
        try {
            int i = 0;
            for (Map.Entry<String, Path> d : dataDirs.entrySet()) {
                Environment stage = Environment.builder("stage" + i++).kind(EnvironmentKind.STAGING)
                        .database(new DbTarget(OTHER.server().host(), OTHER.server().port(), "fs_prod", PgServer.ODOO_ROLE,
                                PgServer.ODOO_PASSWORD)).dataDir(d.getValue()).jobs(2).build();
                assertThatThrownBy(() -> new CloneCommand(prod, stage).from(CloneCommand.Source.LIVE).call())
                        .as(d.getKey())
                        .isInstanceOf(OdooReleaseException.class)
                        .hasMessageContaining("the filestore of " + stage.name() + " and that of environment " + prod.name() + " overlap")
                        .hasMessageContaining("are the same folder");
                assertThat(state(PROD.server(), "fs_prod", prod.filestore())).as("production after: %s", d.getKey()).isEqualTo(before);
            }
        } finally {
            umount(bind);
        }
        // one inside the other, both ways: staging's filestore inside production's, and production's inside staging's
        Environment inside = Environment.builder("inside").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(OTHER.server().host(), OTHER.server().port(), "nested", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(prod.filestore().resolve("nested-data")).jobs(2).build();
        assertThatThrownBy(() -> new CloneCommand(prod, inside).from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining("lies inside " + prod.filestore());
        Path outer = Files.createDirectories(otherData.resolve("outer"));
        Environment prod2 = MiniOdoo.create(PROD.server(), "fs_inner", outer.resolve("filestore").resolve("wrapper").resolve("data"), 3,
                EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        Environment wrapper = Environment.builder("wrapper").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(OTHER.server().host(), OTHER.server().port(), "wrapper", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(outer).jobs(2).build();
        assertThatThrownBy(() -> new CloneCommand(prod2, wrapper).from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(OdooReleaseException.class).hasMessageContaining(prod2.filestore() + " lies inside " + wrapper.filestore());
        assertThat(state(PROD.server(), "fs_prod", prod.filestore())).isEqualTo(before);
        assertThat(databases(OTHER.server())).as("no copy was started on the staging server").noneMatch(n -> n.startsWith("ors_"));
    }

    @Test
    void oneDatabaseUnderTwoEnvironmentNamesTakesOneLockWhateverTheSpelling() throws Exception {
        Environment prod = MiniOdoo.create(PROD.server(), "id_lock", prodData, 1, EnvironmentKind.PRODUCTION, SnapshotKind.DUMP);
        try (OperationContext holder = OperationContext.open(prod, "deploy", Duration.ofSeconds(10), ProgressListener.NONE)) {
            int i = 0;
            for (Map.Entry<String, Object[]> s : spellings().entrySet()) {
                Environment alias = spelled("production-" + i++, EnvironmentKind.PRODUCTION, s.getValue(), "id_lock", prodData);
                long start = System.nanoTime();
                assertThatThrownBy(() -> OperationContext.open(alias, "deploy", Duration.ofSeconds(2), ProgressListener.NONE).close())
                        .as("a second deploy of the same database as %s under the name %s", s.getKey(), alias.name())
                        .isInstanceOf(OdooReleaseException.class)
                        .hasMessageStartingWith("Unable to lock database id_lock of environment " + alias.name() + " for deploy")
                        .hasMessageContaining("deploy " + holder.operationId() + " " + prod.name())
                        .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.LOCKED));
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("it waited for the holder").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            }
        }
        // released: the other name takes it now
        Map.Entry<String, Object[]> any = spellings().entrySet().iterator().next();
        try (OperationContext next = OperationContext.open(spelled("production-x", EnvironmentKind.PRODUCTION, any.getValue(), "id_lock",
                prodData), "deploy", Duration.ofSeconds(10), ProgressListener.NONE)) {
            assertThat(next.operationId()).isNotBlank();
        }
    }

    @Test
    void aRoleThatMayNotReadTheSystemIdentifierStillTellsOneServerFromAnother() throws Exception {
        PgServer managed = MANAGED.server();
        managed.superExecute("postgres", "REVOKE EXECUTE ON FUNCTION pg_control_system() FROM PUBLIC");
        DatabaseIdentity viaIp = DatabaseIdentity.of(new DbTarget("127.0.0.1", managed.port(), "shop", PgServer.ODOO_ROLE,
                PgServer.ODOO_PASSWORD));
        DatabaseIdentity viaName = DatabaseIdentity.of(new DbTarget("localhost", managed.port(), "shop", PgServer.ODOO_ROLE,
                PgServer.ODOO_PASSWORD));
        DatabaseIdentity elsewhere = DatabaseIdentity.of(new DbTarget("127.0.0.1", PROD.server().port(), "shop", PgServer.ODOO_ROLE,
                PgServer.ODOO_PASSWORD));

        assertThat(viaIp.systemIdentifier()).as("the role may not read it here").isNull();
        assertThat(elsewhere.systemIdentifier()).as("granted to PUBLIC by default").isNotNull();
        assertThat(viaIp.sameDatabase(viaName)).as("one server by its start time").isTrue();
        assertThat(viaIp.sameDatabase(elsewhere)).isFalse();
        assertThat(viaIp.sameDatabase(DatabaseIdentity.of(new DbTarget("localhost", managed.port(), "other", PgServer.ODOO_ROLE,
                PgServer.ODOO_PASSWORD)))).as("another database on the same server").isFalse();
    }

    /** Rows of the business table and attachments, the database's OID, and every file of the filestore with its size. */
    static Map<String, String> state(PgServer pg, String db, Path filestore) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("partners", String.valueOf(MiniOdoo.count(pg, db, "SELECT count(*) FROM res_partner")));
        m.put("attachments", String.valueOf(MiniOdoo.count(pg, db, "SELECT count(*) FROM ir_attachment")));
        try (Connection c = pg.superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + db + "'")) {
            rs.next();
            m.put("oid", rs.getString(1));
        }
        try (Stream<Path> files = Files.walk(filestore)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                m.put(filestore.relativize(f).toString(), String.valueOf(Files.size(f)));
            }
        }
        return m;
    }

    static List<String> databases(PgServer pg) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = pg.superConnect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void mount(Path what, Path where) {
        Processes.Result r = Processes.run(List.of("mount", "--bind", what.toString(), where.toString()), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("mount --bind (the tests run as root): " + r.combined()).isZero();
    }

    private static void umount(Path where) {
        Processes.Result r = Processes.run(List.of("umount", where.toString()), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as("umount " + where + ": " + r.combined()).isZero();
    }
}
