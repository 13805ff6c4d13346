package dev.odoorelease.engine.internal.deploy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.HealthCheckTimeoutException;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.internal.db.DatabaseAdmin;
import dev.odoorelease.engine.internal.db.DbNames;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.PgTools;
import dev.odoorelease.engine.internal.docker.ContainerEndpoints;
import dev.odoorelease.engine.internal.docker.ContainerSpec;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.internal.filestore.FilestoreCopier;
import dev.odoorelease.engine.internal.filestore.OdooUser;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.internal.snapshot.PgDumpErrors;
import dev.odoorelease.engine.internal.health.OdooHealthCheck;
import dev.odoorelease.engine.internal.staging.StagingVerifier;
import dev.odoorelease.engine.internal.staging.neutralize.NeutralityVerification;
import dev.odoorelease.engine.internal.staging.neutralize.Neutralizer;
import dev.odoorelease.engine.internal.state.CrashPoints;
import dev.odoorelease.engine.internal.state.StateStore;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.DeployedVersion;
import dev.odoorelease.engine.result.HealthReport;
import dev.odoorelease.engine.result.ModulePlan;
import dev.odoorelease.engine.result.RehearsalResult;
import dev.odoorelease.engine.result.RehearsalResult.SchemaChange;
import dev.odoorelease.engine.result.Snapshot;
import dev.odoorelease.engine.result.VerificationCheck;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One run of a {@link RehearseCommand}: copy → neutralize → verify → update → start → health check → drop everything. */
final class RehearsalRun {
    private final RehearseCommand cmd;
    private final Environment env;
    /** Where the throwaway copy lives: the rehearsed environment itself (its server and data directory) or another one. */
    private final Environment host;
    private final DockerCli docker;
    private final ProgressListener progress;
    private final String op;
    private final Snapshot snapshot;
    private final String imageId;
    private final String digest;
    private final String copyDb;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private final long start = System.nanoTime();
    // what the run found, for the result and the history
    private ModulePlan plan;
    private long updateMillis = -1;
    private Integer exitCode;
    private OdooLogFindings findings = new OdooLogFindings(List.of(), List.of());
    private List<SchemaChange> schemaChanges = List.of();
    private String neutralChecked;
    private boolean healthPassed;
    private String healthText = "not run";
    /** Whether the image itself decided the outcome: its update exited non-zero, or its server was health-checked. */
    private boolean imageVerdict;
    private boolean interrupted;

    RehearsalRun(RehearseCommand cmd, String op, Snapshot snapshot, String imageId, String digest) {
        this.cmd = cmd;
        this.env = cmd.env();
        this.host = cmd.host();
        this.progress = cmd.progress();
        this.docker = cmd.docker().progress(progress);
        this.op = op;
        this.snapshot = snapshot;
        this.imageId = imageId;
        this.digest = digest;
        this.copyDb = RehearsalNames.database(op);
    }

    RehearsalResult run() {
        String failure = null;
        long historyId;
        try (StateStore store = StateStore.open(env)) {
            // where its copy lives: a sweep there (whose lock proves it dead) closes this entry if the rehearsal is killed
            historyId = store.history().start(env.name(), RehearsalNames.OPERATION, op,
                    Map.of(RehearsalNames.COPY_ON, host.name(), "neutralization", cmd.policySource()));
            // the snapshot read must outlive no retention: pinned while the copy is made and used
            store.snapshots().pin(snapshot.id(), RehearsalNames.pinner(op));
        }
        CrashPoints.reached(RehearsalNames.OPERATION, "begin");
        progress.info("Rehearsing the deploy of " + cmd.image() + " (" + imageId + ") on " + env.name() + "'s snapshot " + snapshot.id()
                + " (" + snapshot.createdAt() + "), in the throwaway database " + copyDb + " on " + host.db().server()
                + (host == env ? "" : " (" + host.name() + "'s server)") + "; " + env.name() + " itself is not touched");
        List<String> left = new ArrayList<>();
        try {
            failure = steps();
        } catch (RuntimeException e) {
            failure = e.getMessage();
            interrupted = e instanceof OdooReleaseException ore && ore.errorCode() == ErrorCode.INTERRUPTED;
        } finally {
            long t = System.nanoTime();
            interrupted |= Thread.interrupted(); // the clean-up runs to its end, then the interrupt is passed on
            try {
                RehearsalSweep.drop(host, env.name(), cmd.container(), docker, op, progress, left);
            } finally {
                phases.put("cleanup", millisSince(t));
                phases.put("total", millisSince(start));
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        CrashPoints.reached(RehearsalNames.OPERATION, "dropped");
        if (interrupted) {
            failure = "interrupted: " + failure;
        }
        RehearsalResult r = new RehearsalResult(op, env.name(), failure == null ? RehearsalResult.Outcome.PASSED : RehearsalResult.Outcome.FAILED,
                cmd.image(), imageId, digest, snapshot.id(), cmd.freshSnapshot(), copyDb, plan == null ? "" : plan.updateArg(), updateMillis,
                exitCode, findings.warnings(), findings.errors(), schemaChanges, cmd.policySource(), neutralChecked, healthPassed, healthText, failure,
                phases, left);
        record(historyId, r);
        if (r.passed()) {
            progress.info("Rehearsal " + op + " of " + cmd.image() + " on " + env.name() + " PASSED: module update "
                    + (updateMillis < 0 ? "none" : Sizes.human(Duration.ofMillis(updateMillis))) + ", " + schemaChanges.size()
                    + " schema change(s), " + findings.warnings().size() + " warning(s); " + healthText);
        } else {
            progress.warn("Rehearsal " + op + " of " + cmd.image() + " on " + env.name() + " FAILED: " + failure);
        }
        return r;
    }

    /** The rehearsal's steps; the reason it failed, or null when it passed. */
    private String steps() {
        Path dataDir = RehearsalNames.dataDir(host, op);
        Environment copy = host.toBuilder().database(host.db().withDatabase(copyDb)).dataDir(dataDir).build();
        long t = System.nanoTime();
        copyDatabase();
        copyFilestore(copy);
        phases.put("copy", millisSince(t));
        CrashPoints.reached(RehearsalNames.OPERATION, "copied");
        SchemaShape before;
        try (Connection c = Pg.connect(host.db(), copyDb)) {
            t = System.nanoTime();
            progress.info("Neutralizing the copy " + copyDb + " before any Odoo process touches it, with the "
                    + cmd.policySource());
            // as a stage clone of the environment would: the staging policy's project SQL and mail catcher, in the same
            // transaction and with the same verification; the URL is the rehearsal's own, which never resolves
            StagingPolicy policy = cmd.policy();
            Neutralizer neutralizer = new Neutralizer(c).targetUrl(RehearseCommand.COPY_URL).progress(progress);
            if (policy != null) {
                neutralizer.customSql(policy.neutralizationSql());
                if (policy.mailCatcherHost() != null) {
                    neutralizer.mailCatcher(policy.mailCatcherHost(), policy.mailCatcherPort());
                }
            }
            neutralizer.run();
            phases.put("neutralize", millisSince(t));
            before = SchemaShape.read(c);
            Map<String, String> installed = OdooDatabase.installedModules(c);
            plan = modulePlan(installed);
            // the neutralization's own verification, again, right before the first Odoo process, and the stage clone's
            // checks that the copy cannot reach out (its mail catcher, its cron allowlist): fail closed
            List<String> problems = new ArrayList<>(NeutralityVerification.problems(c, RehearseCommand.COPY_URL, policy));
            for (VerificationCheck check : new StagingVerifier(c, verificationPolicy(policy)).neutrality()) {
                if (!check.passed()) {
                    problems.add(check.describe());
                }
            }
            if (!problems.isEmpty()) {
                throw new OdooReleaseException(ErrorCode.VERIFICATION, "Unable to rehearse on " + copyDb + ": the copy is not neutral ("
                        + String.join("; ", problems) + "), so no Odoo process was started on it. Check the neutralization rules"
                        + (policy == null ? "" : " and the project SQL of the " + cmd.policySource()) + ".");
            }
        } catch (SQLException e) {
            throw Pg.sqlError("neutralize the rehearsal's copy " + copyDb, host.db(), e);
        }
        neutralChecked = Instant.now().toString();
        // hidden from Odoo's database list (IS_TEMPLATE) until now: only a neutral copy is ever listed
        unhide();
        progress.info("Copy " + copyDb + " verified neutral at " + neutralChecked + "; starting Odoo processes on it");
        CrashPoints.reached(RehearsalNames.OPERATION, "neutralized");
        OdooContainer rc = rehearsalContainer();
        Path configFile = OdooConfigFile.write(new DeployContext(null, copy, rc, docker, cmd.health(), progress), cmd.image(), op);
        String failure = null;
        if (plan.updatesSomething()) {
            t = System.nanoTime();
            progress.info("Rehearsing the module update: odoo -u " + plan.updateArg() + " --stop-after-init (one-off container)");
            RunResult r = docker.containers().runToCompletion(OdooContainerSpecs.update(rc, copy, cmd.image(),
                    RehearsalNames.update(cmd.container(), op), plan.updateArg(), RehearsalNames.labels(env, op), configFile), cmd.updateTimeout());
            updateMillis = r.duration().toMillis();
            phases.put("update", millisSince(t));
            exitCode = r.exitCode();
            findings = OdooLogFindings.of(r.logs());
            if (r.exitCode() != 0) {
                imageVerdict = true;
                failure = "the module update exited with " + r.exitCode() + (r.exitCode() == 255 ? " (Odoo could not load the registry)" : "")
                        + (findings.errors().isEmpty() ? "" : ": " + String.join("; ", findings.errors()));
            }
        } else {
            progress.info("No module to update (" + String.join("; ", plan.notes()) + ")");
        }
        try (Connection c = Pg.connect(host.db(), copyDb)) {
            schemaChanges = before.changesTo(SchemaShape.read(c));
        } catch (SQLException e) {
            throw Pg.sqlError("read the schema of the rehearsal's copy " + copyDb, host.db(), e);
        }
        schemaChanges.forEach(s -> progress.info("  schema: " + s.describe()));
        if (failure != null) {
            healthText = "not run: the update failed";
            return failure;
        }
        return serveAndCheck(rc, copy, configFile);
    }

    /** Starts the image on the copy and runs the environment's health check against it; the failure, or null. */
    private String serveAndCheck(OdooContainer rc, Environment copy, Path configFile) {
        long t = System.nanoTime();
        String name = RehearsalNames.server(cmd.container(), op);
        ContainerSpec spec = OdooContainerSpecs.server(rc, copy, cmd.image(), name, RehearsalNames.labels(env, op), configFile).toBuilder()
                .restartPolicy(null).build();
        docker.containers().run(spec);
        CrashPoints.reached(RehearsalNames.OPERATION, "serving");
        HealthSettings h = cmd.health();
        String url = rc.url() != null ? rc.url() : ContainerEndpoints.of(docker, name).endpoints().stream().findFirst()
                .map(e -> e.baseUri("http").toString()).orElseThrow(() -> new OdooReleaseException(ErrorCode.PRECONDITION,
                        "Unable to reach the rehearsal's server " + name + ": it has no address this machine reaches (no published port, "
                        + "no network address). Give the environment's container a network."));
        HealthSettings settings = new HealthSettings(url, copyDb, h.expectedSeries(), h.timeout(), h.pollInterval(), h.consecutivePasses(),
                h.probeTimeout(), h.urlChecks(), h.requireLogLines(), h.loginAttempt(), h.login());
        try {
            HealthReport report = OdooHealthCheck.of(settings).container(docker, name).progress(progress).check();
            imageVerdict = true;
            healthPassed = true;
            healthText = report.summary();
            return null;
        } catch (HealthCheckTimeoutException e) {
            imageVerdict = true;
            healthText = e.report() == null ? e.getMessage() : e.report().summary();
            return "the rehearsal's server did not pass the health check: " + e.getMessage();
        } finally {
            phases.put("health", millisSince(t));
        }
    }

    /**
     * The policy the stage clone's checks read, with the rehearsal's own URL: its mail catcher and cron allowlist (the
     * built-in defaults without a policy).
     */
    private static StagingPolicy verificationPolicy(StagingPolicy policy) {
        StagingPolicy.Builder b = StagingPolicy.builder(RehearseCommand.COPY_URL);
        if (policy != null) {
            if (policy.mailCatcherHost() != null) {
                b.mailCatcher(policy.mailCatcherHost(), policy.mailCatcherPort());
            }
            policy.cronAllowlist().forEach(b::allowCron);
        }
        return b.build();
    }

    /** The database copy of the snapshot, created hidden from Odoo's database list (IS_TEMPLATE). */
    private void copyDatabase() {
        try (DatabaseAdmin admin = DatabaseAdmin.on(host.db()); Statement s = admin.connection().createStatement()) {
            if (snapshot.kind() == SnapshotKind.TEMPLATE) {
                progress.info("  template copy of snapshot database " + snapshot.databaseName() + " on " + host.db().server());
                s.execute("CREATE DATABASE " + DbNames.quoteDatabase(copyDb) + " TEMPLATE " + DbNames.quoteDatabase(snapshot.databaseName())
                        + (admin.serverMajor() >= 15 ? " STRATEGY FILE_COPY" : "") + " IS_TEMPLATE true");
                return;
            }
            s.execute("CREATE DATABASE " + DbNames.quoteDatabase(copyDb) + " TEMPLATE template0 ENCODING 'UTF8' IS_TEMPLATE true");
            PgTools tools = PgTools.forServer(admin.serverMajor());
            progress.info("  pg_restore of dump snapshot " + snapshot.id() + " into " + copyDb + " (" + host.jobs() + " jobs)");
            ProcessResult r = tools.run(tools.pgRestore(), host.db(), List.of("--dbname", copyDb, "--jobs", String.valueOf(host.jobs()),
                    "--no-owner", "--no-privileges", "--exit-on-error", Path.of(snapshot.location()).resolve("db").toString()),
                    Duration.ofHours(12));
            if (!r.ok()) {
                throw PgDumpErrors.map("restore snapshot " + snapshot.id() + " into " + copyDb, host, r);
            }
        } catch (SQLException e) {
            throw Pg.sqlError("copy snapshot " + snapshot.id() + " into " + copyDb, host.db(), e);
        }
    }

    private void copyFilestore(Environment copy) {
        OdooUser odoo = OdooUser.ofDataDir(host.dataDir());
        try {
            odoo.createDirectories(copy.dataDir().resolve("filestore"));
        } catch (IOException e) {
            throw FilestoreCopier.ioError("create the rehearsal's data directory " + copy.dataDir(), e);
        }
        FilestoreCopier.Result files = FilestoreCopier.from(Path.of(snapshot.location()).resolve("filestore"), copy.filestore()).owner(odoo)
                .threads(host.jobs()).progress(progress).copy();
        progress.info("  filestore: " + files.files() + " files " + (files.linked() ? "hard-linked" : "copied") + " into " + copy.filestore());
    }

    private void unhide() {
        try (DatabaseAdmin admin = DatabaseAdmin.on(host.db()); Statement s = admin.connection().createStatement()) {
            s.execute("ALTER DATABASE " + DbNames.quoteDatabase(copyDb) + " IS_TEMPLATE false");
        } catch (SQLException e) {
            throw Pg.sqlError("list the rehearsal's copy " + copyDb, host.db(), e);
        }
    }

    private ModulePlan modulePlan(Map<String, String> installed) {
        String deployedCommit;
        try (StateStore store = StateStore.open(env)) {
            deployedCommit = store.environments().get(env.name()).map(DeployedVersion::commit).orElse(null);
        }
        return new ModulePlanner(cmd.repository(), cmd.addonsPaths()).plan(cmd.update(), installed, OdooDatabase.series(installed),
                deployedCommit, cmd.commit());
    }

    /**
     * The environment's container settings for the rehearsal: its network, volumes and Odoo options, but its own name,
     * no published port of the environment's, no cron thread, and on the host's network its own free http and gevent ports.
     */
    private OdooContainer rehearsalContainer() {
        OdooContainer c = cmd.container();
        List<String> args = new ArrayList<>();
        List<String> portOptions = List.of("--http-port", "-p", "--xmlrpc-port", "--gevent-port", "--longpolling-port", "--max-cron-threads");
        List<String> given = c.extraOdooArgs();
        for (int i = 0; i < given.size(); i++) {
            String a = given.get(i);
            if (portOptions.contains(a)) {
                i++; // its value follows
            } else if (portOptions.stream().noneMatch(p -> a.startsWith(p + "="))) {
                args.add(a);
            }
        }
        args.add("--max-cron-threads=0");
        String url = null;
        if ("host".equals(c.network())) {
            int http = freePort();
            args.add("--http-port=" + http);
            args.add("--gevent-port=" + freePort());
            String engineHost = docker.endpoint() == null || docker.endpoint().host() == null
                    || docker.endpoint().host().startsWith("unix://") ? "127.0.0.1" : java.net.URI.create(docker.endpoint().host()).getHost();
            url = "http://" + engineHost + ":" + http;
        }
        return new OdooContainer(RehearsalNames.server(c, op), c.network(), List.of(), args, c.extraEnv(), c.extraVolumes(), url, c.stopGrace());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to find a free port for the rehearsal's server: " + e.getMessage() + ".", e);
        }
    }

    /** The rehearsal in the environment's history: what a plan of the image reads (outcome, update time, failure). */
    private void record(long historyId, RehearsalResult r) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("image", r.image());
        d.put("imageId", r.imageId());
        d.put("imageDigest", String.valueOf(r.imageDigest()));
        d.put("snapshot", r.snapshotId());
        d.put(RehearsalNames.COPY_ON, host.name());
        d.put("neutralization", r.neutralization());
        d.put("freshSnapshot", r.freshSnapshot());
        d.put("modules", r.modules());
        d.put("updateMs", r.updateMillis());
        d.put("updateExitCode", r.updateExitCode());
        d.put("updateWarnings", r.updateWarnings().size());
        d.put("updateErrors", r.updateErrors());
        d.put("schemaChanges", r.schemaChanges().stream().map(SchemaChange::describe).toList());
        d.put("neutralizationChecked", String.valueOf(r.neutralizationChecked()));
        d.put("healthPassed", r.healthPassed());
        d.put("health", r.health());
        d.put("failure", r.failure());
        d.put("phaseMillis", r.phaseMillis());
        d.put("build", String.valueOf(cmd.build()));
        if (!r.leftovers().isEmpty()) {
            d.put("leftovers", r.leftovers());
        }
        try (StateStore store = StateStore.open(env)) {
            // only a verdict on the image counts for plans: a rehearsal that could not run (copy, neutralization, Docker,
            // an abort) proves nothing about the upgrade, and is recorded as what it was
            store.history().finish(historyId, r.passed() || imageVerdict ? r.outcome().id() : interrupted ? "interrupted" : "error", d);
            store.snapshots().unpinAll(RehearsalNames.pinner(op));
        } catch (RuntimeException e) {
            progress.warn("could not record rehearsal " + op + " in " + env.name() + "'s history: " + e.getMessage());
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
