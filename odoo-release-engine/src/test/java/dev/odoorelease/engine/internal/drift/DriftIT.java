package dev.odoorelease.engine.internal.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.internal.staging.TestEnvironments;
import dev.odoorelease.engine.internal.state.Json;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DriftReport.Classification;
import dev.odoorelease.engine.result.DriftReport.Difference;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.result.DriftResult;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift report against real PostgreSQL servers: right after a real stage clone it lists only deliberate differences;
 * each kind of drift made on purpose on staging afterwards is reported as drift; it changes neither database nor
 * filestore; bad input is refused before anything is read or written.
 */
class DriftIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("production");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("staging");

    static final String URL = "https://staging.example.invalid";

    @TempDir
    static Path sharedProdData;
    @TempDir
    static Path sharedStagingData;
    @TempDir
    Path prodData;
    @TempDir
    Path stagingData;
    @TempDir
    Path out;

    /** The pair the tests that change no data share (fresh_p, fresh_s): one seed and one stage clone for them all. */
    private static Environment[] shared;
    private Environment prod;
    private Environment stage;

    @BeforeAll
    static void refreshOnce() throws Exception {
        shared = refresh("fresh", sharedProdData, sharedStagingData);
    }

    /** Production seeded like Odoo 17 (database {@code <name>_p}), staging refreshed from it by a real live stage clone. */
    private static Environment[] refresh(String name, Path prodDir, Path stagingDir) throws Exception {
        Environment p = TestEnvironments.seededProduction(PROD.server(), name + "_p", "17.0", prodDir, OdooSeeder.forSeries("17.0")
                .partners(300).users(12).employees(10).leads(20).messages(400).mailQueue(5).attachments(60).attachmentSize(512));
        Environment s = TestEnvironments.staging("staging", STAGING.server(), name + "_s", stagingDir);
        new StageCloneCommand(p, s, StagingPolicy.builder(URL).build()).from(CloneCommand.Source.LIVE).call();
        return new Environment[] {p, s};
    }

    /** A pair of its own, for a test that changes staging's data. */
    private void refreshed(String name) throws Exception {
        Environment[] pair = refresh(name, prodData, stagingData);
        prod = pair[0];
        stage = pair[1];
    }

    /** The shared pair (fresh_p, fresh_s), for a test that only reads data (it may change staging's history). */
    private void sharedRefresh() {
        prod = shared[0];
        stage = shared[1];
    }

    @Test
    void rightAfterAStageCloneEveryDifferenceIsDeliberateAndNothingIsChanged() throws Exception {
        sharedRefresh();
        String prodBefore = checksum(PROD.server(), "fresh_p");
        String stageBefore = checksum(STAGING.server(), "fresh_s");
        String prodFiles = checksum(prod.filestore());
        String stageFiles = checksum(stage.filestore());

        DriftReport r = new DriftCommand(prod, stage).writeTo(out.resolve("report")).call();

        assertThat(r.drift()).as("drift right after a refresh: %s", r.drift()).isEmpty();
        assertThat(r.deliberate()).extracting(Difference::kind).contains("config_parameters", "crons", "mail_servers");
        assertThat(r.deliberate()).filteredOn(d -> d.kind().equals("config_parameters") && d.key().equals("web.base.url"))
                .singleElement().satisfies(d -> {
                    assertThat(d.targetValue()).isEqualTo(URL);
                    assertThat(d.explanation()).contains("neutralization");
                });
        assertThat(r.deliberate()).as("secrets are never shown").filteredOn(d -> d.key().equals("database.secret"))
                .allSatisfy(d -> assertThat(d.sourceValue()).isEqualTo("(secret)"));
        assertThat(r.age().refreshedAt()).isNotNull();
        assertThat(r.age().copiedFrom()).isEqualTo("live " + prod.name());
        assertThat(r.age().baseline()).isTrue();
        assertThat(r.compared()).containsKeys("modules", "config_parameters", "mail_servers", "crons", "server_actions", "companies",
                "languages", "currencies", "users", "groups", "tables", "columns", "indexes", "constraints", "views", "rows", "filestore");
        assertThat(r.volumes()).extracting(DriftReport.Volume::what).contains("res_partner", "filestore files");

        String json = Files.readString(out.resolve("report").resolve(DriftCommand.JSON_FILE));
        assertThat(Json.read(json, DriftReport.class).differences()).hasSameSizeAs(r.differences());
        assertThat(Files.readString(out.resolve("report").resolve(DriftCommand.MARKDOWN_FILE)))
                .contains("# Drift of staging from " + prod.name()).contains("Nothing drifted");
        for (String secret : strings(PROD.server(), "fresh_p", "SELECT value FROM ir_config_parameter WHERE key = 'database.secret'")) {
            assertThat(json).as("no secret in the report").doesNotContain(secret);
        }

        assertThat(checksum(PROD.server(), "fresh_p")).as("production's database unchanged").isEqualTo(prodBefore);
        assertThat(checksum(STAGING.server(), "fresh_s")).as("staging's database unchanged").isEqualTo(stageBefore);
        assertThat(checksum(prod.filestore())).isEqualTo(prodFiles);
        assertThat(checksum(stage.filestore())).isEqualTo(stageFiles);
    }

    @Test
    void eachKindOfDriftMadeOnStagingIsReportedAsDrift() throws Exception {
        refreshed("drift");
        PgServer s = STAGING.server();
        String module = strings(s, "drift_s", "SELECT name FROM ir_module_module WHERE state = 'installed' AND name <> 'base' ORDER BY name LIMIT 1").get(0);
        String cron = strings(s, "drift_s", "SELECT cron_name || ' #' || id FROM ir_cron ORDER BY id LIMIT 1").get(0);
        String disabled = strings(s, "drift_s", "SELECT cron_name || ' #' || id FROM ir_cron WHERE NOT active ORDER BY id DESC LIMIT 1").get(0);
        s.superExecute("drift_s", "UPDATE ir_module_module SET state = 'to upgrade' WHERE name = '" + module + "'");
        s.superExecute("drift_s", "INSERT INTO ir_config_parameter (key, value) VALUES ('drift.test', 'on staging only')");
        s.superExecute("drift_s", "UPDATE ir_cron SET interval_number = interval_number + 7 WHERE id = " + id(cron));
        s.superExecute("drift_s", "UPDATE ir_cron SET active = true WHERE id = " + id(disabled));
        s.superExecute("drift_s", "ALTER TABLE res_partner ADD COLUMN x_drift varchar");
        s.superExecute("drift_s", "CREATE INDEX drift_idx ON res_partner (name)");
        s.superExecute("drift_s", "ALTER TABLE res_partner ADD CONSTRAINT drift_chk CHECK (id > 0)");
        s.superExecute("drift_s", "CREATE VIEW drift_view AS SELECT id FROM res_partner");
        s.superExecute("drift_s", "INSERT INTO res_groups (id, name) SELECT max(id) + 1, '{\"en_US\": \"Drift testers\"}' FROM res_groups");
        s.superExecute("drift_s", "INSERT INTO res_partner (id, name, type, active) SELECT (SELECT max(id) FROM res_partner) + g, 'Drift ' || g, 'contact', true "
                + "FROM generate_series(1, 5) g");
        Path extra = stage.filestore().resolve("ff").resolve("ff00000000000000000000000000000000000000");
        Files.createDirectories(extra.getParent());
        Files.writeString(extra, "a file production does not have");
        String group = strings(s, "drift_s", "SELECT name->>'en_US' || ' #' || id FROM res_groups WHERE name->>'en_US' = 'Drift testers'").get(0);

        DriftReport r = new DriftCommand(prod, stage).call();

        Map<String, Difference> drift = new TreeMap<>();
        r.drift().forEach(d -> drift.put(d.kind() + "|" + d.key() + "|" + d.field(), d));
        assertThat(drift).containsKeys(
                "modules|" + module + "|state",
                "config_parameters|drift.test|exists",
                "crons|" + cron + "|interval",
                "crons|" + disabled + "|active",
                "columns|res_partner.x_drift|exists",
                "indexes|drift_idx|exists",
                "constraints|res_partner.drift_chk|exists",
                "views|drift_view|exists",
                "groups|" + group + "|exists",
                "rows|res_partner|rows",
                "filestore|filestore|files");
        assertThat(drift.get("crons|" + cron + "|interval").explanation()).contains("staging changed it since its last refresh");
        assertThat(drift.get("crons|" + disabled + "|active").explanation()).as("re-enabling what the clone disabled is drift")
                .contains("disabled this scheduled action").contains("changed it since");
        assertThat(drift.get("rows|res_partner|rows").explanation()).contains("staging +5 since its last refresh");
        assertThat(drift.get("filestore|filestore|files").explanation()).contains("staging +1 since its last refresh");
        // nothing else drifted: every item is one of the changes above (or a count of a table they touched)
        Set<String> made = Set.of("modules", "config_parameters", "crons", "columns", "indexes", "constraints", "views", "groups", "rows",
                "filestore");
        assertThat(r.drift()).allSatisfy(d -> assertThat(made).contains(d.kind()));
        assertThat(r.drift()).filteredOn(d -> d.kind().equals("rows")).extracting(Difference::key)
                .isSubsetOf("res_partner", "res_groups", "ir_config_parameter");
        assertThat(r.deliberate()).as("the clone's own differences stay deliberate").isNotEmpty()
                .allMatch(d -> d.classification() == Classification.DELIBERATE);
        assertThat(r.toMarkdown()).contains("## Drift (" + r.drift().size() + ")").contains("drift_idx");
    }

    @Test
    void badInputIsRefusedAndNothingIsWritten() throws Exception {
        sharedRefresh();
        ReleaseConfig config = new ReleaseConfig("acme", List.of(), List.of(EnvironmentConfig.builder(prod).build(),
                EnvironmentConfig.builder(stage).build()));
        OdooRelease release = new OdooRelease(config);
        Path dir = out.resolve("never");
        String before = checksum(STAGING.server(), "fresh_s");

        assertThatThrownBy(() -> release.drift().source(prod.name()).target("nosuch").writeTo(dir).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("Unable to find environment 'nosuch'")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
        assertThatThrownBy(() -> release.drift().source("staging").target("staging").writeTo(dir).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("source and target are the same environment")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
        assertThat(dir).doesNotExist();
        assertThat(checksum(STAGING.server(), "fresh_s")).isEqualTo(before);

        DriftResult ok = release.drift().source(prod.name()).target("staging").writeTo(dir).call();
        assertThat(dir.resolve(DriftCommand.JSON_FILE)).exists();
        assertThat(ok.reportJson()).isEqualTo(dir.resolve(DriftCommand.JSON_FILE).toString());
        assertThat(Path.of(ok.reportMarkdown())).exists();
        assertThat(ok.report().drift()).isEmpty();

        DriftResult byDefault = release.drift().source(prod.name()).target("staging").call();
        assertThat(Path.of(byDefault.reportJson())).as("the default folder: the target's reports/drift-<id>")
                .exists().hasParent(stage.workDir().resolve("reports").resolve("drift-" + byDefault.id()));
    }

    @Test
    void statusAndHealthWarnWhenStagingIsOlderThanItsMaxAge() throws Exception {
        sharedRefresh();
        int closedPort = FreePorts.next(); // nothing listens there: the health check fails at once
        ReleaseConfig config = new ReleaseConfig("acme", List.of(), List.of(EnvironmentConfig.builder(prod).build(),
                EnvironmentConfig.builder(stage).maxAge(Duration.ofDays(30))
                        .health(HealthSettings.forUrl("http://127.0.0.1:" + closedPort + "/").probeTimeout(Duration.ofSeconds(5)).build())
                        .build()));
        List<String> warnings = new CopyOnWriteArrayList<>();
        OdooRelease release = new OdooRelease(config).progress(new ProgressListener() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
                warnings.add(message);
            }
        });

        EnvironmentStatus fresh = release.status().environment("staging").call();
        assertThat(fresh.lastRefreshedAt()).isNotNull();
        assertThat(fresh.ageWarning()).isNull();
        assertThat(release.refreshAge().environment("staging").call()).isEmpty();
        assertThat(release.health().environment("staging").waitUntilHealthy(false).call().healthy()).isFalse();
        assertThat(warnings).as("a recent refresh: the health check does not warn").noneMatch(w -> w.contains("maxAge"));

        STAGING.server().superExecute(stage.stateDatabase(), "UPDATE history SET started_at = started_at - interval '40 days', "
                + "finished_at = finished_at - interval '40 days' WHERE environment = 'staging' AND operation = 'clone'");
        EnvironmentStatus old = release.status().environment("staging").call();
        assertThat(old.ageWarning()).contains("staging was last refreshed 40 days ago").contains("past its maxAge of 30d");
        assertThat(old.lines()).anyMatch(l -> l.startsWith("WARNING: staging was last refreshed"));
        assertThat(release.refreshAge().environment("staging").call()).get().asString().contains("past its maxAge of 30d");
        assertThat(release.refreshAge().environment(prod.name()).call()).as("no maxAge, no warning").isEmpty();
        assertThat(release.health().environment("staging").waitUntilHealthy(false).call().healthy()).isFalse();
        assertThat(warnings).as("the health check warns past maxAge").anyMatch(w -> w.contains("past its maxAge of 30d"));
    }

    private static long id(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('#') + 1));
    }

    private static List<String> strings(PgServer pg, String db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.superConnect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Every row of every table and every object of the public schema, hashed: any write changes it. */
    private static String checksum(PgServer pg, String db) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String t : strings(pg, db, "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY relname")) {
            all.append(t).append('=').append(strings(pg, db, "SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM public.\""
                    + t + "\" x").get(0)).append('\n');
        }
        all.append(strings(pg, db, "SELECT md5(string_agg(relname::text || relkind::text || relnatts::text, ',' ORDER BY relname)) FROM pg_class "
                + "WHERE relnamespace = 'public'::regnamespace").get(0));
        return all.toString();
    }

    private static String checksum(Path dir) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                md.update(dir.relativize(f).toString().getBytes());
                md.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
