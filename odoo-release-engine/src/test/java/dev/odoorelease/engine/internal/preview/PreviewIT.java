package dev.odoorelease.engine.internal.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.PreviewTemplate;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.result.PreviewInfo;
import dev.odoorelease.engine.result.PreviewRemoved;
import dev.odoorelease.engine.result.PreviewResult;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.TestNames;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Previews against real PostgreSQL, Docker and the Odoo stand-in, with one set-up for the class: production (its own
 * role) initialised and seeded, staging stage-cloned from it and snapshotted (scrubbed data), and "raw", a plain clone of
 * production snapshotted the same way (unscrubbed data). Each test leaves no preview behind.
 */
class PreviewIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("preview");
    static final String PROD_PASSWORD = "Prod-Preview-Secret-5521";
    /**
     * Staging's own role, with a password no file or output of the images contains: the Docker output an operation reads is
     * redacted with the project's secrets (a password "odoo" would turn the image's data_dir /var/lib/odoo into
     * /var/lib/****).
     */
    static final String STAGE_PASSWORD = "Stage-Preview-Secret-7730";

    @TempDir
    static Path dir;
    static String v1;
    static String v2;
    /** Its module update fails (exit 255): a deploy of it rolls back. */
    static String failing;
    static EnvironmentConfig production;
    static EnvironmentConfig staging;
    static EnvironmentConfig raw;
    static String namePrefix;
    static int firstPort;
    static long started;
    static final DockerCli DOCKER = DockerCli.local();
    static final List<String> LOG = new ArrayList<>();

    @BeforeAll
    static void productionStagingAndAnUnscrubbedCopy() throws Exception {
        started = System.nanoTime();
        StandIns.requireEngine();
        v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("pv1").build();
        v2 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").tagSuffix("pv2").build();
        failing = StandInImage.series("17.0").variant(StandInImage.Variant.FAILING_UPGRADE).moduleVersion("base", "17.0.1.5")
                .tagSuffix("pvfail").build();
        PgServer pg = PG.server();
        ReleaseImages.createRole(pg, "produser", PROD_PASSWORD);
        ReleaseImages.createRole(pg, "stageuser", STAGE_PASSWORD);
        Path prodData = dir.resolve("prod");
        StandInContainer.prepareDataDir(prodData);
        StandInContainer.image(v1).dataDir(prodData).env("HOST", pg.host()).env("PORT", String.valueOf(pg.port()))
                .env("USER", "produser").env("PASSWORD", PROD_PASSWORD).initDatabase("prod");
        try (Connection c = pg.superConnect("prod")) {
            // as the superuser: production's tables belong to its own role
            OdooSeeder.forSeries("17.0").partners(40).users(3).attachments(8).filestore(prodData, "prod").progress(l -> { }).seed(c);
        }
        Environment prod = Environment.builder("production").kind(EnvironmentKind.PRODUCTION)
                .database(new DbTarget(pg.host(), pg.port(), "prod", "produser", PROD_PASSWORD)).dataDir(prodData).jobs(2).build();
        production = EnvironmentConfig.builder(prod).branch("main").build();
        Environment stage = env("staging", EnvironmentKind.STAGING, "stage", dir.resolve("staging"));
        staging = EnvironmentConfig.builder(stage).branch("develop").build();
        Environment rawEnv = env("raw", EnvironmentKind.STAGING, "raw_stage", dir.resolve("raw"));
        raw = EnvironmentConfig.builder(rawEnv).build();

        StandInContainer.prepareDataDir(stage.dataDir());
        new StageCloneCommand(prod, stage, StagingPolicy.builder("http://staging.preview.invalid").build()).from(CloneCommand.Source.LIVE)
                .call();
        StandInContainer.prepareDataDir(stage.dataDir());
        new SnapshotCommand(stage).kind(SnapshotKind.TEMPLATE).deployed(v1, null).call();
        // production's data copied as it is (what a restore of a production dump into staging by hand amounts to)
        StandInContainer.prepareDataDir(rawEnv.dataDir());
        new CloneCommand(prod, rawEnv).from(CloneCommand.Source.LIVE).call();
        new SnapshotCommand(rawEnv).kind(SnapshotKind.TEMPLATE).call();
        namePrefix = TestNames.prefix("pv");
        firstPort = StandIns.freePort();
    }

    static Environment env(String name, EnvironmentKind kind, String db, Path dataDir) {
        return Environment.builder(name).kind(kind).database(new DbTarget(PG.server().host(), PG.server().port(), db, "stageuser",
                STAGE_PASSWORD)).dataDir(dataDir).jobs(2).build();
    }

    @AfterEach
    void noPreviewLeft() throws Exception {
        // every test removes what it made; a failed one must not leave containers on the shared engine
        for (String line : Processes.run(List.of("docker", "ps", "-a", "--format", "{{.Names}}"), Duration.ofSeconds(30)).stdout()
                .lines().toList()) {
            if (line.startsWith(namePrefix)) {
                DOCKER.containers().remove(line.strip(), true, true);
            }
        }
    }

    @AfterAll
    static void took() {
        System.out.println("PreviewIT took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
    }

    static PreviewTemplate.Builder template(String source) {
        return PreviewTemplate.builder().branch("feature/**").branch("feat**").changeRequests(true).source(source)
                .dataDir(dir.resolve("previews")).namePattern(namePrefix + "{branch}").url("http://127.0.0.1:{port}")
                .ports(firstPort + "-" + (firstPort + 30)).network("host").args(List.of("--http-port={port}"))
                .memory("768m").cpus("1").healthTimeout(Duration.ofSeconds(90)).maxAlive(5);
    }

    static OdooRelease release(PreviewTemplate t) {
        return new OdooRelease(new ReleaseConfig("pvtest", List.of(), List.of(production, staging, raw), t))
                .lockTimeout(Duration.ofSeconds(60)).progress(new dev.odoorelease.engine.progress.ProgressListener() {
                    @Override
                    public void info(String message) {
                        LOG.add(message);
                    }

                    @Override
                    public void warn(String message) {
                        LOG.add("WARN " + message);
                    }
                });
    }

    @Test
    void aPreviewIsCreatedFromScrubbedDataUpdatedInPlaceAndExpires() throws Exception {
        PreviewTemplate t = template("staging").ttl(Duration.ofSeconds(45)).build();
        OdooRelease release = release(t);
        long t0 = System.nanoTime();
        PreviewResult created = release.previewUp().branch("feature/login").image(v1).update("none").allowSkippedUpdates(true).call();
        long createMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("PreviewIT: created a preview in " + createMillis + " ms, phases " + created.phaseMillis());

        assertThat(created.outcome()).as(String.valueOf(created.deploy().cause())).isEqualTo(PreviewResult.Outcome.CREATED);
        PreviewInfo p = created.preview();
        // a new preview has nothing to roll back to: its deploy took no snapshot (its undo is its removal)
        assertThat(created.deploy().snapshotId()).isNull();
        assertThat(created.deploy().phaseMillis()).doesNotContainKey("snapshot");
        assertThat(databasesOf(p)).as("no snapshot database").containsExactly(p.database());
        assertThat(p.name()).isEqualTo(t.nameFor("feature/login"));
        assertThat(p.status()).isEqualTo("alive");
        assertThat(created.url()).isEqualTo("http://127.0.0.1:" + p.port());
        assertThat(get(created.url() + "/web/login").statusCode()).isEqualTo(200);
        // neutralized for its own URL, verified before its Odoo started (the deploy's health check came after)
        assertThat(strings(p.database(), "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'")).containsExactly(created.url());
        assertThat(strings(p.database(), "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'"))
                .containsExactly("true");
        assertThat(strings(p.database(), "SELECT DISTINCT email FROM res_partner WHERE email IS NOT NULL"))
                .as("staging's scrubbed data, not production's").doesNotContainAnyElementsOf(
                        strings("prod", "SELECT DISTINCT email FROM res_partner WHERE email IS NOT NULL"));
        // the filestore is hard-linked from the snapshot's
        Path fs = Path.of(p.dataDir()).resolve("filestore").resolve(p.database());
        try (Stream<Path> files = Files.walk(fs)) {
            List<Path> regular = files.filter(Files::isRegularFile).filter(f -> !f.startsWith(fs.resolve("checklist"))).toList();
            assertThat(regular).isNotEmpty();
            for (Path f : regular) {
                assertThat((Integer) Files.getAttribute(f, "unix:nlink")).as("hard link " + f).isGreaterThan(1);
            }
        }
        // resource limits on the container
        String limits = Processes.run(List.of("docker", "inspect", "--format", "{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}",
                p.container()), Duration.ofSeconds(30)).stdout().strip();
        assertThat(limits).isEqualTo((768L * 1024 * 1024) + " 1000000000");

        // a new commit of the same branch: updated in place through the deploy machinery
        PreviewResult updated = release.previewUp().branch("feature/login").image(v2).update("all").call();
        assertThat(updated.outcome()).as(() -> updated.deploy().cause() + "\n" + String.join("\n", LOG) + "\n" + tree(Path.of(p.dataDir())))
                .isEqualTo(PreviewResult.Outcome.UPDATED);
        assertThat(updated.preview().name()).isEqualTo(p.name());
        assertThat(updated.preview().image()).isEqualTo(v2);
        assertThat(updated.preview().port()).isEqualTo(p.port());
        assertThat(strings(p.database(), "SELECT latest_version FROM ir_module_module WHERE name = 'base'")).containsExactly("17.0.1.4");
        assertThat(release.previewList().call()).extracting(PreviewInfo::name).containsExactly(p.name());
        assertThat(updated.deploy().snapshotId()).as("an update keeps the deploy's rollback snapshot").isNotNull();

        // an update that fails rolls back: the preview runs what it ran, on its data from before
        PreviewResult broken = release.previewUp().branch("feature/login").image(failing).update("all").call();
        assertThat(broken.outcome()).as(() -> String.join("\n", LOG)).isEqualTo(PreviewResult.Outcome.ROLLED_BACK);
        assertThat(broken.deploy().cause()).contains("update");
        assertThat(release.previewList().call().get(0).image()).isEqualTo(v2);
        assertThat(strings(p.database(), "SELECT latest_version FROM ir_module_module WHERE name = 'base'")).containsExactly("17.0.1.4");
        assertThat(get(created.url() + "/web/login").statusCode()).isEqualTo(200);

        // TTL: once it passed, the next preview operation removes it, all of it
        List<String> databases = databasesOf(p);
        assertThat(databases).as("the update's snapshot").hasSizeGreaterThan(1);
        Instant expires = release.previewList().call().get(0).expiresAt();
        while (Instant.now().isBefore(expires.plusSeconds(1))) {
            Thread.sleep(250);
        }
        List<PreviewRemoved> expired = release.previewDown().expiredOnly().call();
        assertThat(expired).extracting(PreviewRemoved::name).containsExactly(p.name());
        assertThat(expired.get(0).reason()).contains("TTL");
        assertNothingLeft(p, databases);
    }

    @Test
    void twoBranchesThatSanitizeAlikeGetTwoPreviewsAndTheCapRemovesTheOneIdleLongest() throws Exception {
        PreviewTemplate t = template("staging").maxAlive(2).build();
        OdooRelease release = release(t);
        PreviewResult a = release.previewUp().branch("feat/x").image(v1).update("none").allowSkippedUpdates(true).call();
        PreviewResult b = release.previewUp().branch("feat-x").image(v1).update("none").allowSkippedUpdates(true).call();
        assertThat(a.preview().name()).isNotEqualTo(b.preview().name());
        assertThat(a.preview().database()).isNotEqualTo(b.preview().database());
        assertThat(a.preview().port()).isNotEqualTo(b.preview().port());
        assertThat(get(a.url() + "/web/login").statusCode()).isEqualTo(200);
        assertThat(get(b.url() + "/web/login").statusCode()).isEqualTo(200);

        LOG.clear();
        List<String> aDatabases = databasesOf(a.preview());
        List<String> bDatabases = databasesOf(b.preview());
        PreviewResult c = release.previewUp().branch("PR-7").changeId("7").image(v1).update("none").allowSkippedUpdates(true).call();
        assertThat(c.outcome()).isEqualTo(PreviewResult.Outcome.CREATED);
        assertThat(c.removed()).extracting(PreviewRemoved::name).containsExactly(a.preview().name());
        assertThat(c.removed().get(0).reason()).contains("maxAlive").contains("idle longest");
        assertThat(String.join("\n", LOG)).contains("Removing preview " + a.preview().name() + " of branch feat/x");
        assertNothingLeft(a.preview(), aDatabases);
        assertThat(release.previewList().call()).extracting(PreviewInfo::branch).containsExactly("feat-x", "PR-7");

        List<PreviewRemoved> down = release.previewDown().branch("feat-x").call();
        assertThat(down).extracting(PreviewRemoved::name).containsExactly(b.preview().name());
        assertNothingLeft(b.preview(), bDatabases);
        assertThat(release.previewDown().branch("feat-x").call()).as("a branch without a preview: nothing to do").isEmpty();
        List<String> cDatabases = databasesOf(c.preview());
        release.previewDown().branch("PR-7").call();
        assertNothingLeft(c.preview(), cDatabases);
        assertThat(release.previewList().call()).isEmpty();
    }

    @Test
    void aNewPreviewWhoseDeployFailsIsRemovedAgain() throws Exception {
        PreviewTemplate t = template("staging").build();
        LOG.clear();
        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class,
                () -> release(t).previewUp().branch("feature/broken").image(failing).update("all").call());
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("failed at update").contains("removed again");
        assertThat(String.join("\n", LOG)).contains("No rollback snapshot");
        String name = t.nameFor("feature/broken");
        assertNothingLeft(new PreviewInfo(name, "staging", "feature/broken", null, name, dir.resolve("previews").resolve(name).toString(),
                name, "", 0, "", null, null, null, null, null, null), List.of(name));
        assertThat(release(t).previewList().call()).isEmpty();
    }

    @Test
    void aDemoPreviewIsAFreshDatabaseWithOdoosDemoDataNeutralizedAndRemovedLikeAnyPreview() throws Exception {
        PreviewTemplate t = template("staging").data(PreviewTemplate.DataSource.DEMO).demoModules(List.of("base", "mail")).build();
        OdooRelease release = release(t);
        LOG.clear();
        PreviewResult created = release.previewUp().branch("feature/demo").image(v1).call();
        System.out.println("PreviewIT: created a demo preview, phases " + created.phaseMillis());
        assertThat(created.outcome()).as(() -> created.deploy().cause() + "\n" + String.join("\n", LOG))
                .isEqualTo(PreviewResult.Outcome.CREATED);
        PreviewInfo p = created.preview();
        assertThat(p.snapshotId()).as("no snapshot of any environment").isNull();
        assertThat(created.deploy().snapshotId()).isNull();
        assertThat(get(created.url() + "/web/login").statusCode()).isEqualTo(200);
        // Odoo's demo data, flagged as such: the modules' demo flag, and demo records with noupdate xml ids of their module
        assertThat(strings(p.database(), "SELECT name || ':' || demo FROM ir_module_module WHERE name IN ('base', 'mail') ORDER BY name"))
                .containsExactly("base:true", "mail:true");
        assertThat(strings(p.database(), "SELECT d.noupdate || ':' || u.login FROM ir_model_data d JOIN res_users u ON u.id = d.res_id "
                + "WHERE d.module = 'base' AND d.name = 'user_demo' AND d.model = 'res.users'")).containsExactly("true:demo");
        assertThat(strings(p.database(), "SELECT count(*) FROM ir_model_data WHERE module = 'base' AND model = 'res.partner' "
                + "AND name LIKE 'res_partner_%' AND noupdate")).containsExactly("5");
        // production was made without demo data (--without-demo), as the stand-in does like Odoo
        assertThat(strings("prod", "SELECT count(*) FROM ir_model_data WHERE name = 'user_demo'")).containsExactly("0");
        assertThat(strings("prod", "SELECT demo::text FROM ir_module_module WHERE name = 'base'")).containsExactly("false");
        // no production data at all
        List<String> prodEmails = strings("prod", "SELECT email FROM res_partner WHERE id > 5 AND email IS NOT NULL");
        assertThat(prodEmails).isNotEmpty();
        assertThat(strings(p.database(), "SELECT email FROM res_partner WHERE email IS NOT NULL")).doesNotContainAnyElementsOf(prodEmails);
        // neutralized for its own URL and verified before its Odoo started
        assertThat(strings(p.database(), "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'")).containsExactly(created.url());
        assertThat(strings(p.database(), "SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'"))
                .containsExactly("true");
        assertThat(String.join("\n", LOG)).contains("Neutralized database " + p.database());

        List<String> databases = databasesOf(p);
        assertThat(release.previewDown().branch("feature/demo").call()).extracting(PreviewRemoved::name).containsExactly(p.name());
        assertNothingLeft(p, databases);
    }

    @Test
    void unscrubbedDataIsRefusedAndLeavesNothing() throws Exception {
        PreviewTemplate t = template("raw").build();
        OdooReleaseException e = catchThrowableOfType(OdooReleaseException.class,
                () -> release(t).previewUp().branch("feature/raw").image(v1).update("none").allowSkippedUpdates(true).call());
        assertThat(e).isNotNull();
        assertThat(e.errorCode()).isEqualTo(ErrorCode.VERIFICATION);
        assertThat(e.getMessage()).contains("not what a verified stage clone of raw scrubbed").contains("removed again");
        String name = t.nameFor("feature/raw");
        assertNothingLeft(new PreviewInfo(name, "raw", "feature/raw", null, name, dir.resolve("previews").resolve(name).toString(), name,
                "", 0, "", null, null, null, null, null, null), List.of(name));
        assertThat(release(t).previewList().call()).isEmpty();
    }

    @Test
    void refusalsBeforeAnythingIsCreated() throws Exception {
        PreviewTemplate t = template("staging").build();
        OdooReleaseException notMatched = catchThrowableOfType(OdooReleaseException.class,
                () -> release(t).previewUp().branch("develop").image(v1).call());
        assertThat(notMatched.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(notMatched.getMessage()).contains("do not match").contains("nothing was created");

        // staging configured with production's role on production's server (spelled differently): previews would share
        // production's credentials. As a Jenkins build of a feature branch sees it, production's password unknown: the
        // role's power over production's database is what refuses it
        Environment sharing = Environment.builder("staging").kind(EnvironmentKind.STAGING)
                .database(new DbTarget("localhost", PG.server().port(), "stage", "produser", PROD_PASSWORD)).dataDir(dir.resolve("staging"))
                .jobs(2).build();
        EnvironmentConfig productionWithoutSecret = EnvironmentConfig.builder(production.environment().toBuilder()
                .database(new DbTarget(PG.server().host(), PG.server().port(), "prod", "produser", null)).build()).branch("main").build();
        OdooRelease withProdRole = new OdooRelease(new ReleaseConfig("pvtest", List.of(), List.of(productionWithoutSecret,
                EnvironmentConfig.builder(sharing).build()), t));
        OdooReleaseException shared = catchThrowableOfType(OdooReleaseException.class,
                () -> withProdRole.previewUp().branch("feature/shared").image(v1).call());
        assertThat(shared.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(shared.getMessage()).contains("role produser").contains("the owner of production environment production")
                .contains("nothing was changed");
        // and with production's password known: the same password is refused as such
        OdooRelease samePassword = new OdooRelease(new ReleaseConfig("pvtest", List.of(), List.of(production,
                EnvironmentConfig.builder(sharing).build()), t));
        OdooReleaseException password = catchThrowableOfType(OdooReleaseException.class,
                () -> samePassword.previewUp().branch("feature/shared").image(v1).call());
        assertThat(password.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
        assertThat(password.getMessage()).contains("database password of production environment production").doesNotContain(PROD_PASSWORD);
        String name = t.nameFor("feature/shared");
        assertThat(strings("postgres", "SELECT datname FROM pg_database WHERE datname = '" + name + "'")).isEmpty();
        assertThat(Files.exists(dir.resolve("previews").resolve(name))).isFalse();
    }

    /** The databases of a preview: its own and its snapshots' (read before it is removed). */
    static List<String> databasesOf(PreviewInfo p) throws Exception {
        List<String> dbs = new ArrayList<>(List.of(p.database()));
        dbs.addAll(strings("odoo_release_stageuser", "SELECT database_name FROM snapshot WHERE environment = '" + p.name()
                + "' AND database_name IS NOT NULL"));
        return dbs;
    }

    /** Nothing of the preview is left: container, databases, data directory, state rows, registry row. */
    static void assertNothingLeft(PreviewInfo p, List<String> databases) throws Exception {
        assertThat(DOCKER.containers().exists(p.container())).as("container " + p.container()).isFalse();
        assertThat(DOCKER.containers().listByLabel("dev.odoorelease.environment", p.name())).as("kept containers").isEmpty();
        assertThat(databases).contains(p.database());
        for (String db : databases) {
            assertThat(strings("postgres", "SELECT datname FROM pg_database WHERE datname = '" + db + "'")).as("database " + db).isEmpty();
        }
        assertThat(Files.exists(Path.of(p.dataDir()))).as("data directory").isFalse();
        for (String table : List.of("snapshot", "history", "journal", "environment_state", "deploy_plan", "preview")) {
            String column = table.equals("preview") ? "name" : "environment";
            assertThat(strings("odoo_release_stageuser", "SELECT count(*) FROM " + table + " WHERE " + column + " = '" + p.name() + "'"))
                    .as(table + " rows").containsExactly("0");
        }
    }

    /** Owner, mode and path of everything under {@code root}, for a failure's message. */
    static String tree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            return String.join("\n", all.limit(200).map(f -> {
                try {
                    return Files.getAttribute(f, "unix:uid") + " " + java.nio.file.attribute.PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) + " " + root.relativize(f);
                } catch (java.io.IOException e) {
                    return f + " " + e;
                }
            }).toList());
        } catch (java.io.IOException e) {
            return root + ": " + e;
        }
    }

    static List<String> strings(String db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.server().superConnect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
