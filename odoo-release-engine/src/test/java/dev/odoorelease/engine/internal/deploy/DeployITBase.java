package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.UpdateMode;

/**
 * A production environment for deploy and rollback tests: real Docker engine, real PostgreSQL (the subclass's
 * cluster), the Odoo stand-in images, a database initialised by v1 and v1 deployed and running.
 */
abstract class DeployITBase {
    static final String PASSWORD = "Deploy-Secret-92b1";
    /** Tables a running Odoo writes by itself (its crons' bookkeeping, registry signalling). */
    static final Set<String> LIVE_WRITES = Set.of("ir_config_parameter", "ir_cron", "mail_mail");
    static String v1;

    @TempDir
    Path dataDir;
    final List<String> containers = new ArrayList<>();
    final DockerCli docker = DockerCli.local().redacting(PASSWORD);
    Environment env;
    OdooContainer container;
    HealthSettings health;
    int port;

    /** The test class's PostgreSQL cluster. */
    abstract PgServer pg();

    @BeforeAll
    static void images() {
        StandIns.requireEngine();
        v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("v1").build();
    }

    @AfterEach
    void cleanup() {
        for (String c : containers) {
            docker.containers().remove(c, true, true);
        }
        for (ContainerState s : docker.containers().listByLabel(DeployNames.LABEL_ENV, env == null ? "-" : env.name())) {
            docker.containers().remove(s.name(), true, true);
        }
    }

    /** A database initialised by v1 and v1 deployed and running: production before the operation under test. */
    void production(String db, SnapshotKind kind) {
        PgServer pg = pg();
        ReleaseImages.createRole(pg, "deployer", PASSWORD);
        StandInContainer.prepareDataDir(dataDir);
        StandInContainer.image(v1).dataDir(dataDir)
                .env("HOST", pg.host()).env("PORT", String.valueOf(pg.port())).env("USER", "deployer").env("PASSWORD", PASSWORD)
                .initDatabase(db);
        StandInContainer.prepareDataDir(dataDir);
        env = environment(db, kind);
        port = StandIns.freePort();
        container = new OdooContainer(dev.odoorelease.testkit.TestNames.prefix("odoo") + db.replace('_', '-') + "-" + port, "host", List.of(), List.of("--http-port=" + port),
                Map.of("STANDIN_START_DELAY", "8"), List.of(), "http://127.0.0.1:" + port, Duration.ofSeconds(10));
        containers.add(container.name());
        health = health(Duration.ofSeconds(60));
        DeployResult first = deploy(v1, "none").call();
        assertThat(first.outcome()).as(String.valueOf(first.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
    }

    Environment environment(String db, SnapshotKind kind) {
        return Environment.builder(db.replace('_', '-')).kind(EnvironmentKind.PRODUCTION)
                .database(new DbTarget(pg().host(), pg().port(), db, "deployer", PASSWORD)).dataDir(dataDir).snapshotKind(kind).jobs(2)
                .build();
    }

    HealthSettings health(Duration timeout) {
        return HealthSettings.forUrl("http://127.0.0.1:" + port).database(env.db().database()).expectedSeries("17.0").timeout(timeout)
                .build();
    }

    /**
     * A deploy of {@code image}; with {@code update} "none" it is explicitly allowed to skip the module update (the tests
     * that use it are about containers, health and rollback, not schemas; {@code DeployIT} tests the refusal itself).
     */
    DeployCommand deploy(String image, String update) {
        return new DeployCommand(env, container, docker).image(image).update(UpdateMode.parse(update)).health(health)
                .allowSkippedUpdates("none".equals(update))
                .build(getClass().getSimpleName()).lockTimeout(Duration.ofSeconds(5));
    }

    static String image(StandInImage.Variant variant, String suffix) {
        return StandInImage.series("17.0").variant(variant).moduleVersion("base", "17.0.1.4").moduleVersion("mail", "17.0.1.16")
                .tagSuffix(suffix).build();
    }

    /**
     * Every table's rows, as md5 of the ordered rows, and the filestore's files: equal maps mean equal data. Odoo's
     * {@code checklist/} folder (its list of garbage-collection candidates, not data) is left out, as snapshots leave it;
     * the permissions and owners of the filestore's folders are in.
     */
    Map<String, String> checksums() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = pg().superConnect(env.db().database()); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM \"" + t + "\" x")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT string_agg(column_name, ',' ORDER BY column_name) FROM information_schema.columns "
                    + "WHERE table_name = 'res_partner'")) {
                rs.next();
                out.put("res_partner columns", rs.getString(1));
            }
        }
        try (var files = Files.walk(env.filestore())) {
            List<Path> all = files.map(p -> env.filestore().relativize(p)).filter(p -> !p.startsWith("checklist")).sorted().toList();
            out.put("filestore", String.join(",", all.stream().filter(p -> Files.isRegularFile(env.filestore().resolve(p)))
                    .map(Path::toString).toList()));
            // who may write into the folders: Odoo (uid 101) must still be able to after a restore
            List<String> folders = new ArrayList<>();
            for (Path p : all) {
                Path abs = env.filestore().resolve(p);
                if (Files.isDirectory(abs)) {
                    folders.add(p + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(abs)) + " "
                            + Files.getOwner(abs).getName());
                }
            }
            out.put("filestore folders", String.join(",", folders));
        }
        return out;
    }

    /** {@link #checksums()} without the tables a running Odoo writes by itself. */
    Map<String, String> stableChecksums() throws Exception {
        Map<String, String> m = checksums();
        m.keySet().removeAll(LIVE_WRITES);
        return m;
    }

    String runningImage() {
        return docker.containers().inspect(container.name()).filter(ContainerState::running).map(ContainerState::image).orElse("(not running)");
    }
}
