package dev.odoorelease.engine.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.docker.ContainerSpec;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.StandIns;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.HistoryEntry;
import dev.odoorelease.engine.result.PinnedPlan;
import dev.odoorelease.engine.result.RehearsalResult;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import dev.odoorelease.testkit.TestNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rehearsals against a real PostgreSQL cluster, the real Docker engine and the Odoo stand-in: one production environment
 * running v1 (deployed once for the class, which leaves its template snapshot), a good v2 (a new base version and a new
 * stored field) and a broken v2 whose upgrade fails. Each test checks that the rehearsal leaves nothing behind and never
 * touches production.
 */
class RehearsalIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("rehearsal");

    static final String PASSWORD = "Rehearse-Secret-7d1a";
    static final DockerCli DOCKER = DockerCli.local().redacting(PASSWORD);

    @TempDir
    static Path tmp;

    static String v1;
    static String good;
    static String broken;
    static Environment env;
    static OdooContainer container;
    static HealthSettings health;
    /** The project: rh-prod and a staging environment whose staging policy has project SQL for the custom integration. */
    static ReleaseConfig project;
    /** The project SQL of that policy: it disables the custom integration's one row, which the built-in rules do not know. */
    static Path projectSql;

    @BeforeAll
    static void setUp() throws Exception {
        StandIns.requireEngine();
        v1 = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("v1").build();
        good = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").codeField("res_partner.x_loyalty").tagSuffix("rehearse-good")
                .build();
        broken = StandInImage.series("17.0").variant(StandInImage.Variant.FAILING_UPGRADE).moduleVersion("base", "17.0.1.4")
                .tagSuffix("rehearse-broken").build();
        ReleaseImages.createRole(PG.server(), "deployer", PASSWORD);
        PgServer pg = PG.server();
        String db = "rh_prod";
        Path dataDir = Files.createDirectories(tmp.resolve(db));
        StandInContainer.prepareDataDir(dataDir);
        StandInContainer.image(v1).dataDir(dataDir)
                .env("HOST", pg.host()).env("PORT", String.valueOf(pg.port())).env("USER", "deployer").env("PASSWORD", PASSWORD)
                .initDatabase(db);
        StandInContainer.prepareDataDir(dataDir);
        // a few attachments in the filestore, so that its copy and its tree hash mean something
        Path files = Files.createDirectories(dataDir.resolve("filestore").resolve(db).resolve("ab"));
        Files.writeString(files.resolve("ab12cd34"), "an attachment of production");
        env = Environment.builder("rh-prod").kind(EnvironmentKind.PRODUCTION)
                .database(new DbTarget(pg.host(), pg.port(), db, "deployer", PASSWORD)).dataDir(dataDir).snapshotKind(SnapshotKind.TEMPLATE)
                .jobs(2).build();
        // a custom module's integration, active in production: only the project's own SQL neutralizes it
        try (Connection c = Pg.connect(env.db()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE x_acme_sync (id serial PRIMARY KEY, name varchar NOT NULL, endpoint varchar, active boolean NOT NULL)");
            s.execute("INSERT INTO x_acme_sync (name, endpoint, active) VALUES ('orders to the ERP', 'https://erp.acme.example/api', true)");
        }
        projectSql = Files.writeString(Files.createDirectories(tmp.resolve("neutralize")).resolve("acme-sync.sql"),
                "-- the ERP sync of the custom module acme_sync must never run outside production\n"
                + "UPDATE x_acme_sync SET active = false, endpoint = 'http://acme-sync.invalid';\n");
        int port = StandIns.freePort();
        container = new OdooContainer(TestNames.prefix("odoo") + "rh-prod", "host", List.of(), List.of("--http-port=" + port), Map.of(),
                List.of(), "http://127.0.0.1:" + port, Duration.ofSeconds(10));
        health = HealthSettings.forUrl("http://127.0.0.1:" + port).database(db).expectedSeries("17.0").timeout(Duration.ofSeconds(60)).build();
        Path stagingDir = Files.createDirectories(tmp.resolve("rh_stage"));
        Environment staging = Environment.builder("rh-stage").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(pg.host(), pg.port(), "rh_stage", "deployer", PASSWORD)).dataDir(stagingDir).build();
        project = new ReleaseConfig("rh", List.of(), List.of(
                EnvironmentConfig.builder(env).container(container).health(health).build(),
                EnvironmentConfig.builder(staging).staging(StagingPolicy.builder("http://rh-stage.invalid").neutralizationSql(projectSql)
                        .build()).build()));
        DeployResult r = new DeployCommand(env, container, DOCKER).image(v1).update(UpdateMode.parse("none")).allowSkippedUpdates(true)
                .health(health).build("RehearsalIT").lockTimeout(Duration.ofSeconds(30)).call();
        assertThat(r.outcome()).as(String.valueOf(r.cause())).isEqualTo(DeployResult.Outcome.DEPLOYED);
    }

    @AfterAll
    static void tearDown() {
        if (container != null) {
            for (ContainerState c : DOCKER.containers().listByLabel(DeployNames.LABEL_ENV, env.name())) {
                DOCKER.containers().remove(c.name(), true, true);
            }
            DOCKER.containers().remove(container.name(), true, true);
        }
    }

    /**
     * Also: the copy gets the neutralization a stage clone of production into the project's staging would apply — its
     * staging policy's project SQL, which disables a custom integration the built-in rules do not know — before the first
     * Odoo process starts on it (the rehearsal through the facade, which chooses the policy from the project).
     */
    @Test
    void aGoodImagePassesWithItsUpdateTimeAndSchemaChangesAfterTheCopyWasVerifiedNeutralAndLeavesNothing() throws Exception {
        // what a killed rehearsal would have left: the next one drops it
        String deadOp = "20200101-000000-abcd";
        try (Connection c = Pg.connect(env.db(), "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + RehearsalNames.database(deadOp) + " TEMPLATE template0 IS_TEMPLATE true");
        }
        Files.createDirectories(RehearsalNames.dataDir(env, deadOp).resolve("filestore"));
        DOCKER.containers().run(ContainerSpec.builder(v1).name(RehearsalNames.server(container, deadOp)).network("none")
                .labels(RehearsalNames.labels(env, deadOp)).extraArgs("--entrypoint", "sleep").command("600").build());

        pause();
        String before;
        RehearsalResult r;
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        try {
            before = production();
            r = rehearseRecording(events);
            assertThat(production()).isEqualTo(before);
        } finally {
            unpause();
        }
        assertGoodRehearsal(r, events);
    }

    /** A rehearsal of the good image whose progress lines record when the copy was neutral and when containers started. */
    static RehearsalResult rehearseRecording(List<String> events) {
        ProgressListener order = new ProgressListener() {
            @Override
            public void info(String m) {
                System.out.println("RehearsalIT: " + m);
                if (m.startsWith("Copy ors_rehearsal_") && m.contains("verified neutral")) {
                    // right before the first Odoo process: the copy is neutral (the custom integration too), and no
                    // container of the rehearsal exists yet
                    String copy = m.substring("Copy ".length(), m.indexOf(' ', "Copy ".length()));
                    events.add("neutral=" + neutral(copy) + " acme-sync=" + acmeSync(copy) + " containers=" + rehearsalContainers());
                } else if (m.startsWith("Running container ") && m.contains("-rehearsal-update-")) {
                    events.add("update container started");
                } else if (m.startsWith("Starting container ") && m.contains("-rehearsal-")) {
                    events.add("server container started");
                }
            }
        };
        long t0 = System.nanoTime();
        RehearsalResult r = new dev.odoorelease.engine.OdooRelease(project).progress(order).lockTimeout(Duration.ofSeconds(30))
                .build("RehearsalIT").rehearse().environment(env.name()).image(good).healthTimeout(Duration.ofSeconds(60)).call();
        System.out.println("RehearsalIT: good rehearsal in " + (System.nanoTime() - t0) / 1_000_000 + " ms, phases " + r.phaseMillis());
        return r;
    }

    static void assertGoodRehearsal(RehearsalResult r, List<String> events) throws Exception {
        assertThat(r.outcome()).as(r.failure()).isEqualTo(RehearsalResult.Outcome.PASSED);
        assertThat(r.healthPassed()).isTrue();
        assertThat(r.updateExitCode()).isZero();
        assertThat(r.updateMillis()).isPositive();
        assertThat(r.modules()).isEqualTo("all");
        assertThat(r.schemaChanges()).extracting(RehearsalResult.SchemaChange::describe)
                .contains("column added: res_partner.x_loyalty (character varying)");
        assertThat(r.neutralizationChecked()).isNotNull();
        assertThat(events).containsExactly("neutral=true acme-sync=[false http://acme-sync.invalid] containers=[]",
                "update container started", "server container started");
        assertThat(r.neutralization()).isEqualTo("staging policy of rh-stage (the only environment with staging settings): "
                + "built-in rules + project SQL " + projectSql);
        assertThat(r.leftovers()).isEmpty();
        assertNothingLeft();

        // the history keeps it, and a plan of that image takes its update time as the expected downtime
        try (StateStore st = StateStore.open(env)) {
            HistoryEntry h = st.history().recent(env.name(), 10).stream().filter(x -> x.operation().equals("rehearse")
                    && x.operationId().equals(r.operationId())).findFirst().orElseThrow();
            assertThat(h.result()).isEqualTo("passed");
            assertThat(h.details()).containsEntry("neutralization", r.neutralization());
            assertThat(((Number) h.details().get("updateMs")).longValue()).isEqualTo(r.updateMillis());
        }
        PinnedPlan plan = plan(good).call().pinnedPlan();
        assertThat(plan.rehearsal()).startsWith("passed: rehearsal " + r.operationId());
        assertThat(plan.expectedDowntime()).contains("as rehearsal " + r.operationId() + " measured it");
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void aBrokenUpgradeFailsWhileProductionStaysByteForByteUnchangedAndItsPlanIsRefusedWithoutOverride() throws Exception {
        pause();
        RehearsalResult r;
        try {
            String before = production();
            long t0 = System.nanoTime();
            r = rehearse(broken).call();
            System.out.println("RehearsalIT: broken rehearsal in " + (System.nanoTime() - t0) / 1_000_000 + " ms, phases " + r.phaseMillis());
            assertThat(production()).isEqualTo(before);
        } finally {
            unpause();
        }

        assertThat(r.outcome()).isEqualTo(RehearsalResult.Outcome.FAILED);
        assertThat(r.neutralization()).as("no policy given: the built-in rules, and it says so").isEqualTo(RehearseCommand.BUILT_IN);
        assertThat(r.updateExitCode()).isNotZero();
        assertThat(r.healthPassed()).isFalse();
        assertThat(r.failure()).contains("the module update exited with " + r.updateExitCode()).contains("failing-upgrade");
        assertThat(r.updateErrors()).anySatisfy(e -> assertThat(e).contains("failing-upgrade"));
        assertThat(r.leftovers()).isEmpty();
        assertNothingLeft();

        // the plan says so and a deploy of it is refused, changing nothing
        PinnedPlan plan = plan(broken).call().pinnedPlan();
        String before = state();
        assertThat(plan.rehearsal()).startsWith("FAILED: rehearsal " + r.operationId());
        assertThat(plan.refusals()).anySatisfy(x -> assertThat(x).contains("the last rehearsal of this image FAILED")
                .contains("--force-failed-rehearsal"));
        assertThatThrownBy(() -> deploy().plan(plan.id()).approvedBy("alice").call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.PRECONDITION);
                    assertThat(e.getMessage()).contains("(nothing changed)").contains("FAILED");
                });
        assertThat(state()).isEqualTo(before);
        // with the override the plan has no refusal, and the override is part of it
        PinnedPlan forced = plan(broken).forceFailedRehearsal("the failing module is uninstalled by the deploy").call().pinnedPlan();
        assertThat(forced.refusals()).isEmpty();
        assertThat(forced.forceFailedRehearsal()).isEqualTo("the failing module is uninstalled by the deploy");
        assertThat(forced.lines()).contains("  override, failed rehearsal: the failing module is uninstalled by the deploy");
    }

    /**
     * The copy on another environment's server and data directory, with its credentials (here the same cluster under
     * another role, so a template copy is impossible): production's template snapshots are refused, a fresh dump
     * snapshot is restored there, and nothing is left on that server or in its folder.
     */
    @Test
    void aRehearsalOnAnotherEnvironmentsServerRestoresADumpSnapshotThereAndLeavesNothing() throws Exception {
        ReleaseImages.createRole(PG.server(), "rehearser", "Rehearser-Secret-9b2f");
        Path hostDir = Files.createDirectories(tmp.resolve("rh_host"));
        StandInContainer.prepareDataDir(hostDir);
        Environment host = Environment.builder("rh-rehearsal").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(PG.server().host(), PG.server().port(), "rh_host", "rehearser", "Rehearser-Secret-9b2f"))
                .dataDir(hostDir).jobs(2).build();
        String before = state();
        assertThatThrownBy(() -> rehearse(good).on(host).call()).isInstanceOfSatisfying(OdooReleaseException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("has only template snapshots").contains("rh-rehearsal's server")
                    .contains("--fresh-snapshot");
        });
        assertThat(state()).isEqualTo(before);

        RehearsalResult r = rehearse(good).on(host).freshSnapshot(true).progress(m -> System.out.println("RehearsalIT: " + m)).call();
        assertThat(r.outcome()).as(r.failure()).isEqualTo(RehearsalResult.Outcome.PASSED);
        assertThat(r.freshSnapshot()).isTrue();
        assertThat(r.schemaChanges()).extracting(RehearsalResult.SchemaChange::describe)
                .contains("column added: res_partner.x_loyalty (character varying)");
        try (StateStore st = StateStore.open(env)) {
            assertThat(st.snapshots().find(r.snapshotId()).orElseThrow().kind()).isEqualTo(SnapshotKind.DUMP);
        }
        assertNothingLeft();
        assertThat(RehearsalNames.root(host)).satisfiesAnyOf(p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
    }

    /**
     * A rehearsal killed while its copy lived on another environment's server ({@code --server-of}): {@code recover production}
     * finds that server in the rehearsal's unfinished history entry and drops the copy there, closes the entry and releases
     * the pin. Before, recover only looked at production's own server, and the copy stayed until another rehearsal used the
     * same server; without that environment in the configuration it still cannot reach it, and says so.
     */
    @Test
    void recoverDropsTheCopyAKilledRehearsalMadeOnAnotherEnvironmentsServer() throws Exception {
        try (PgServer other = PgServer.start("rehearsal-host")) {
            killedRehearsalOn(other);
        }
    }

    private void killedRehearsalOn(PgServer other) throws Exception {
        Path hostDir = Files.createDirectories(tmp.resolve("rh_sweep_host"));
        Environment host = Environment.builder("rh-sweep-host").kind(EnvironmentKind.STAGING)
                .database(new DbTarget(other.host(), other.port(), "rh_sweep_host", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(hostDir).jobs(2).build();
        String op = "20200103-000000-5eed";
        try (Connection c = Pg.connect(host.db(), "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + RehearsalNames.database(op) + " TEMPLATE template0 IS_TEMPLATE true");
        }
        Files.createDirectories(RehearsalNames.dataDir(host, op).resolve("filestore"));
        String snapshot;
        try (StateStore st = StateStore.open(env)) {
            snapshot = st.snapshots().list(env.name(), false).stream().filter(dev.odoorelease.engine.result.Snapshot::usable).findFirst()
                    .orElseThrow().id();
            st.history().start(env.name(), RehearsalNames.OPERATION, op, Map.of(RehearsalNames.COPY_ON, host.name()));
            st.snapshots().pin(snapshot, RehearsalNames.pinner(op));
        }

        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        new RecoverCommand(env, container, DOCKER, health).lockTimeout(Duration.ofSeconds(30)).progress(said::add).call();
        assertThat(said).as("without that environment configured").anyMatch(m -> m.startsWith("WARNING: a killed rehearsal of " + env.name()
                + " made its copy on the server of rh-sweep-host, which is not configured here"));
        assertThat(databases(host)).contains(RehearsalNames.database(op));

        new RecoverCommand(env, container, DOCKER, health).rehearsalHosts(Map.of(host.name(), host, env.name(), env))
                .lockTimeout(Duration.ofSeconds(30)).call();

        assertThat(databases(host)).as("the copy on the other server").doesNotContain(RehearsalNames.database(op));
        assertThat(RehearsalNames.folder(host, op)).doesNotExist();
        try (StateStore st = StateStore.open(env)) {
            assertThat(st.history().recent(env.name(), 50)).filteredOn(h -> h.operationId().equals(op)).singleElement()
                    .satisfies(h -> assertThat(h.result()).isEqualTo("interrupted"));
            assertThat(st.snapshots().find(snapshot).orElseThrow().pinnedBy()).isNull();
        }
    }

    static List<String> databases(Environment on) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = Pg.connect(on.db(), "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'ors\\_rehearsal\\_%'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void recoverDropsWhatAKilledRehearsalLeftButNotWhatARunningOneUses() throws Exception {
        String dead = "20200102-000000-dead";
        String running = "20200102-000000-beef";
        for (String op : List.of(dead, running)) {
            try (Connection c = Pg.connect(env.db(), "postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + RehearsalNames.database(op) + " TEMPLATE template0 IS_TEMPLATE true");
            }
            Files.createDirectories(RehearsalNames.dataDir(env, op).resolve("filestore"));
        }
        // what they hold open in production's state: an unfinished history entry each, the dead one's snapshot pin, and one
        // killed before its copy existed (only its history entry and its pin say it ran)
        String killedEarly = "20200102-000000-0ead";
        String snapshot;
        try (StateStore st = StateStore.open(env)) {
            snapshot = st.snapshots().list(env.name(), false).stream().filter(dev.odoorelease.engine.result.Snapshot::usable).findFirst()
                    .orElseThrow().id();
            for (String op : List.of(dead, running, killedEarly)) {
                st.history().start(env.name(), RehearsalNames.OPERATION, op, Map.of(RehearsalNames.COPY_ON, env.name()));
            }
            st.snapshots().pin(snapshot, RehearsalNames.pinner(killedEarly));
        }
        // another project's environment of the same name, rehearsing on the same Docker engine: its container carries the
        // same labels (environment, operation) under its own name, and is not this environment's to sweep
        String foreignOp = "20200102-000000-f00d";
        String foreign = TestNames.prefix("other-project") + "-rehearsal-" + foreignOp;
        DOCKER.containers().run(ContainerSpec.builder(v1).name(foreign).network("none").labels(RehearsalNames.labels(env, foreignOp))
                .extraArgs("--entrypoint", "sleep").command("600").build());
        // a rehearsal that still runs holds the lock of its database's name
        try (var alive = dev.odoorelease.engine.internal.state.EnvironmentLock.acquire(env.db().withDatabase(RehearsalNames.database(running)),
                env.name(), RehearsalNames.OPERATION, running, Duration.ofSeconds(5), ProgressListener.NONE)) {
            new RecoverCommand(env, container, DOCKER, health).lockTimeout(Duration.ofSeconds(30)).call();
            assertThat(Files.exists(RehearsalNames.folder(env, dead))).isFalse();
            assertThat(Files.exists(RehearsalNames.folder(env, running))).isTrue();
            assertThat(DOCKER.containers().inspect(foreign)).as("another project's rehearsal container is left alone").isPresent();
            // the dead ones are closed as interrupted and their pin released; the running one's entry stays open (the
            // environment's own clean-up of killed operations does not take a rehearsal, which runs without its lock, for dead)
            try (StateStore st = StateStore.open(env)) {
                Map<String, String> results = new TreeMap<>();
                st.history().recent(env.name(), 50).stream().filter(h -> List.of(dead, running, killedEarly).contains(h.operationId()))
                        .forEach(h -> results.put(h.operationId(), String.valueOf(h.result())));
                assertThat(results).containsExactlyInAnyOrderEntriesOf(Map.of(dead, "interrupted", killedEarly, "interrupted", running, "null"));
                assertThat(st.snapshots().find(snapshot).orElseThrow().pinnedBy()).isNull();
            }
            try (Connection c = Pg.connect(env.db(), "postgres"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT string_agg(datname, ',') FROM pg_database WHERE datname LIKE 'ors\\_rehearsal\\_%'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(RehearsalNames.database(running));
            }
        }
        // once its rehearsal is gone, the next sweep drops it too
        new RecoverCommand(env, container, DOCKER, health).lockTimeout(Duration.ofSeconds(30)).call();
        assertThat(DOCKER.containers().inspect(foreign)).as("another project's rehearsal container is left alone").isPresent();
        DOCKER.containers().remove(foreign, true, true);
        assertNothingLeft();
        try (StateStore st = StateStore.open(env)) {
            assertThat(st.history().recent(env.name(), 50)).filteredOn(h -> h.operationId().equals(running)).singleElement()
                    .satisfies(h -> assertThat(h.result()).isEqualTo("interrupted"));
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsCreated() throws Exception {
        String before = state();
        assertThatThrownBy(() -> new RehearseCommand(env, container, DOCKER, health).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage()).startsWith("Unable to rehearse a deploy to rh-prod: no image given");
                });
        assertThatThrownBy(() -> new RehearseCommand(env, null, DOCKER, health).image(good).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.getMessage()).contains("no container settings"));
        assertThatThrownBy(() -> rehearse(good).update(UpdateMode.parse("changed")).call())
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> assertThat(e.getMessage()).contains("update 'changed' needs"));
        Path missing = tmp.resolve("neutralize").resolve("no-such-file.sql");
        assertThatThrownBy(() -> rehearse(good).neutralization(StagingPolicy.builder("http://rh-stage.invalid").neutralizationSql(missing)
                .build(), "staging policy of rh-stage").call()).isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage()).contains("project SQL file " + missing + " cannot be read");
                });
        assertNothingLeft();
        assertThat(state()).isEqualTo(before);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Production's own Odoo writes to its database (its mail queue cron stamps ir_cron.lastcall every few seconds): it is
     * paused while a test compares production's content before and after a rehearsal, so that any change is the rehearsal's.
     */
    static void pause() {
        dev.odoorelease.testkit.DockerEngine.check(Duration.ofMinutes(1), "pause", container.name());
    }

    static void unpause() {
        dev.odoorelease.testkit.DockerEngine.check(Duration.ofMinutes(1), "unpause", container.name());
    }

    /** What a refused deploy or bad input must leave alone: history, deployed state, snapshots, the container. */
    static String state() throws Exception {
        try (StateStore st = StateStore.open(env)) {
            List<HistoryEntry> h = st.history().recent(env.name(), 1000);
            return h.size() + " history entries, last " + (h.isEmpty() ? "-" : h.get(0).operationId() + " " + h.get(0).result())
                    + "; deployed " + st.environments().get(env.name()) + "; snapshots " + st.snapshots().list(env.name(), true).size()
                    + "; container " + DOCKER.containers().inspect(container.name()).map(c -> c.id() + " " + c.image() + " " + c.running())
                    .orElse("-");
        }
    }

    static RehearseCommand rehearse(String image) {
        return new RehearseCommand(env, container, DOCKER, health).image(image).build("RehearsalIT").healthTimeout(Duration.ofSeconds(60))
                .lockTimeout(Duration.ofSeconds(30));
    }

    static DeployCommand deploy() {
        return new DeployCommand(env, container, DOCKER).health(health).allowSkippedUpdates(true).lockTimeout(Duration.ofSeconds(30));
    }

    static DeployCommand plan(String image) {
        return deploy().image(image).update(UpdateMode.parse("all")).dryRun(true);
    }

    /** Whether a database is neutral as Odoo's flag and its scheduled actions say, read by the test itself. */
    static boolean neutral(String db) {
        try (Connection c = Pg.connect(env.db(), db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT value FROM ir_config_parameter WHERE key = 'database.is_neutralized'")) {
                if (!rs.next() || !"true".equals(rs.getString(1))) {
                    return false;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ir_cron c WHERE c.active AND c.id NOT IN "
                    + "(SELECT res_id FROM ir_model_data WHERE model = 'ir.cron' AND name = 'autovacuum_job')")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The custom integration's rows in a database: active flag and endpoint. */
    static List<String> acmeSync(String db) {
        List<String> rows = new ArrayList<>();
        try (Connection c = Pg.connect(env.db(), db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT active, endpoint FROM x_acme_sync ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getBoolean(1) + " " + rs.getString(2));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    static List<String> rehearsalContainers() {
        return DOCKER.containers().listByLabel(RehearsalNames.LABEL, env.name()).stream().map(ContainerState::name).toList();
    }

    /** No rehearsal database on the server, no rehearsal folder, no rehearsal container. */
    static void assertNothingLeft() throws Exception {
        try (Connection c = Pg.connect(env.db(), "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'ors\\_rehearsal\\_%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("rehearsal databases").isZero();
        }
        Path root = RehearsalNames.root(env);
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                assertThat(s.toList()).as("rehearsal folders").isEmpty();
            }
        }
        assertThat(rehearsalContainers()).as("rehearsal containers").isEmpty();
    }

    /**
     * Production as a checksum: every table's content (sorted rows), the filestore tree (paths, sizes, contents) and
     * the container (id, image, state, start time).
     */
    static String production() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Map<String, String> tables = new TreeMap<>();
        try (Connection c = Pg.connect(env.db()); Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String t : names) {
                try (ResultSet rs = s.executeQuery("SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM \"" + t + "\" x")) {
                    rs.next();
                    tables.put(t, rs.getString(1));
                }
            }
        }
        md.update(tables.toString().getBytes());
        Path fs = env.filestore();
        try (Stream<Path> s = Files.walk(fs)) {
            for (Path p : s.sorted().toList()) {
                md.update(fs.relativize(p).toString().getBytes());
                if (Files.isRegularFile(p)) {
                    md.update(Files.readAllBytes(p));
                }
            }
        }
        ContainerState ct = DOCKER.containers().inspect(container.name()).orElseThrow();
        return tables.size() + " tables, " + HexFormat.of().formatHex(md.digest()) + "; container " + ct.id() + " " + ct.image() + " "
                + ct.imageId() + " running=" + ct.running() + " started " + ct.startedAt() + " restarts " + ct.restartCount();
    }
}
