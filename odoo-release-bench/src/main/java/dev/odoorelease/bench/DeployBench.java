package dev.odoorelease.bench;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.deploy.DeployCommand;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.internal.deploy.RollbackCommand;
import dev.odoorelease.engine.result.RollbackResult;
import dev.odoorelease.engine.config.UpdateMode;
import dev.odoorelease.engine.internal.docker.ContainerSpec;
import dev.odoorelease.engine.internal.docker.ContainerState;
import dev.odoorelease.engine.internal.docker.DockerCli;
import dev.odoorelease.engine.internal.docker.RunResult;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.internal.snapshot.DiscardReplacedCommand;
import dev.odoorelease.testkit.PgBinaries;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 5's benchmark (bench/deploy-bench): deploys, automatic rollbacks and manual rollbacks of the Odoo
 * stand-in on a seeded Odoo 17.0 environment of over 2 GB (template snapshots), each phase timed. Per round:
 * our deploy (module update -u all), a plain deploy without any safety (docker stop + rm, the same -u all
 * one-off container, docker run, poll /web/login) as the downtime baseline, a deploy of an image whose update
 * fails (automatic rollback), and a manual rollback to the previous deploy's snapshot. Targets: the database
 * part of a rollback under 2 s whatever the size; the whole rollback dominated by the container start.
 */
public final class DeployBench {
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final DockerCli docker = DockerCli.local();
    private Environment env;
    private OdooContainer container;
    private HealthSettings health;
    private int port;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args, Map.of("--partners", "1000000", "--messages", "2000000", "--files", "100000",
                "--file-kb", "20", "--rounds", "3", "--work", "target/bench-deploy", "--doc", "docs/benchmarks.md"));
        new DeployBench().run(a);
    }

    private void run(Map<String, String> a) throws Exception {
        Path work = BenchArgs.freshWork(Path.of(a.get("--work")));
        int rounds = Integer.parseInt(a.get("--rounds"));
        String vA = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("bench-a").build();
        String vB = StandInImage.series("17.0").moduleVersion("base", "17.0.1.4").tagSuffix("bench-b").build();
        String broken = StandInImage.series("17.0").variant(StandInImage.Variant.FAILING_UPGRADE).moduleVersion("base", "17.0.1.5")
                .tagSuffix("bench-broken").build();
        BenchReport report = new BenchReport();
        try (PgServer prod = PgServer.start("deploy-bench", PgServer.Options.DURABLE)) {
            Path data = work.resolve("prod-data");
            long t0 = System.nanoTime();
            long dbBytes = BenchData.seedProduction(prod, data, Long.parseLong(a.get("--partners")), Long.parseLong(a.get("--messages")),
                    Long.parseLong(a.get("--files")), Integer.parseInt(a.get("--file-kb")), DeployBench::log);
            StandInContainer.prepareDataDir(data);
            env = Environment.builder("bench-prod").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget(prod.host(), prod.port(), "prod", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                    .dataDir(data).snapshotKind(SnapshotKind.TEMPLATE).keepSnapshots(2).jobs(2).build();
            FilestoreStats fs = FilestoreStats.of(env.filestore());
            String sizes = "database " + Sizes.human(dbBytes) + ", filestore " + fs.files() + " files / " + Sizes.human(fs.bytes());
            log("environment ready in " + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + sizes);
            port = freePort();
            container = new OdooContainer("odoo-release-bench-" + port, "host", List.of(), List.of("--http-port=" + port), Map.of(),
                    List.of(), "http://127.0.0.1:" + port, Duration.ofSeconds(10));
            health = HealthSettings.forUrl("http://127.0.0.1:" + port).database("prod").expectedSeries("17.0")
                    .timeout(Duration.ofMinutes(5)).pollInterval(POLL).build();
            try {
                DeployResult first = deploy(vA, "none");
                require(first.outcome() == DeployResult.Outcome.DEPLOYED, "first deploy: " + first.cause());
                for (int r = 0; r < rounds; r++) {
                    round(r, vA, vB, broken);
                }
            } finally {
                docker.containers().remove(container.name(), true, true);
                for (ContainerState s : docker.containers().listByLabel("dev.odoorelease.environment", env.name())) {
                    docker.containers().remove(s.name(), true, true);
                }
            }
            report.note("Synthetic Odoo 17.0 environment: " + sizes + " (" + a.get("--partners") + " partners, " + a.get("--messages")
                    + " messages); PostgreSQL " + PgBinaries.majorVersion() + " with fsync on; template snapshots; the Odoo stand-in "
                    + "image, " + a.get("--rounds") + " round(s); Docker " + dockerVersion() + " (vfs storage driver); "
                    + Runtime.getRuntime().availableProcessors() + " cores.");
            report.note("The stand-in's module update and registry load take about the same time whatever the data (it adds a column "
                    + "and rewrites ir_module_module rows): with a real Odoo the update and health phases grow with the modules and "
                    + "the data; the phases of odoo-release itself (lock, plan, stop, snapshot, restore) are what this measures.");
            report.note("Health checks poll every " + POLL.toMillis() + " ms, the baseline polls /web/login at the same interval.");
            addRows(report);
            String md = report.markdown("Deploys and rollbacks (bench/deploy-bench)");
            System.out.println("\n" + md);
            BenchReport.writeSection(Path.of(a.get("--doc")), "deploy-bench", md);
            log("written to " + a.get("--doc"));
        } finally {
            Folders.deleteTree(work);
        }
    }

    private void round(int r, String vA, String vB, String broken) throws Exception {
        String running = docker.containers().inspect(container.name()).map(ContainerState::image).orElseThrow();
        String next = running.equals(vA) ? vB : vA;

        DeployResult d = deploy(next, "all");
        require(d.outcome() == DeployResult.Outcome.DEPLOYED, "deploy: " + d.cause());
        for (String phase : List.of("lock", "plan", "stop", "snapshot", "update", "start", "health", "total")) {
            add("deploy " + phase, d.phaseMillis().getOrDefault(phase, 0L) / 1000.0);
        }
        add("deploy downtime", d.downtimeMillis() / 1000.0);
        log(String.format(Locale.ROOT, "round %d: deploy %s → %s in %.2f s, downtime %.2f s, phases %s", r, running, next,
                d.phaseMillis().get("total") / 1000.0, d.downtimeMillis() / 1000.0, d.phaseMillis()));

        double plain = plainDeploy(running);
        add("plain deploy downtime", plain);
        log(String.format(Locale.ROOT, "round %d: plain deploy back to %s: downtime %.2f s", r, running, plain));

        DeployResult failed = deploy(broken, "all");
        require(failed.outcome() == DeployResult.Outcome.ROLLED_BACK, "failing deploy: " + failed.outcome() + " " + failed.rollbackFailures());
        Map<String, Long> p = failed.phaseMillis();
        add("auto rollback", p.get("rollback") / 1000.0);
        add("auto rollback restore", p.getOrDefault("rollback-restore", 0L) / 1000.0);
        add("auto rollback start+health", (p.getOrDefault("rollback-start", 0L) + p.getOrDefault("rollback-health", 0L)) / 1000.0);
        log(String.format(Locale.ROOT, "round %d: failing deploy rolled back in %.2f s (database part %.2f s), phases %s", r,
                p.get("rollback") / 1000.0, p.getOrDefault("rollback-restore", 0L) / 1000.0, p));
        new DiscardReplacedCommand(env, failed.operationId() + "-restore").call();

        RollbackResult rb = new RollbackCommand(env, container, docker, health).build("deploy-bench").call();
        require(rb.outcome() == RollbackResult.Outcome.ROLLED_BACK, "manual rollback: " + rb.cause() + " " + rb.failures());
        Map<String, Long> q = rb.phaseMillis();
        add("manual rollback total", q.get("total") / 1000.0);
        add("manual rollback snapshot", q.getOrDefault("snapshot", 0L) / 1000.0);
        add("manual rollback restore", q.getOrDefault("restore", 0L) / 1000.0);
        add("manual rollback start+health", (q.getOrDefault("start", 0L) + q.getOrDefault("health", 0L)) / 1000.0);
        add("manual rollback downtime", rb.downtimeMillis() / 1000.0);
        log(String.format(Locale.ROOT, "round %d: manual rollback to %s in %.2f s (restore %.2f s), downtime %.2f s, phases %s", r,
                rb.image(), q.get("total") / 1000.0, q.getOrDefault("restore", 0L) / 1000.0, rb.downtimeMillis() / 1000.0, q));
    }

    private DeployResult deploy(String image, String update) {
        return new DeployCommand(env, container, docker).image(image).update(UpdateMode.parse(update)).health(health)
                .allowSkippedUpdates("none".equals(update)).build("deploy-bench").call();
    }

    /**
     * The baseline: what a deploy does without any safety — no lock, journal, snapshot or kept container: stop and remove
     * the container, the same one-off module update, a new container, then /web/login polled until it answers 200.
     * Returns its downtime in seconds.
     */
    private double plainDeploy(String image) throws Exception {
        long t = System.nanoTime();
        docker.containers().stop(container.name(), container.stopGrace());
        docker.containers().remove(container.name(), true, true);
        RunResult u = docker.containers().runToCompletion(spec(image, container.name() + "-plain-update", "-u", "all", "--stop-after-init",
                "--no-http", "--max-cron-threads=0"), Duration.ofHours(1));
        require(u.exitCode() == 0, "plain update exited with " + u.exitCode() + ": " + u.tail(10));
        docker.containers().run(spec(image, container.name(), "--http-port=" + port));
        URI login = URI.create("http://127.0.0.1:" + port + "/web/login?db=prod");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            long attempt = System.nanoTime();
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(10)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return (System.nanoTime() - t) / 1e9;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            require(System.nanoTime() < deadline, "plain deploy: /web/login never answered 200");
            Thread.sleep(Math.max(0, POLL.toMillis() - (System.nanoTime() - attempt) / 1_000_000));
        }
    }

    private ContainerSpec spec(String image, String name, String... odooArgs) {
        List<String> cmd = new ArrayList<>(List.of("odoo", "-d", "prod"));
        cmd.addAll(List.of(odooArgs));
        return ContainerSpec.builder(image).name(name).command(cmd).network("host").env("HOST", env.db().host())
                .env("PORT", String.valueOf(env.db().port())).env("USER", env.db().user()).env("PASSWORD", env.db().password())
                .volume(env.dataDir().toAbsolutePath() + ":/var/lib/odoo").label("dev.odoorelease.environment", env.name())
                .stopTimeout(container.stopGrace()).build();
    }

    private void addRows(BenchReport report) {
        String[][] phases = {{"lock", "lock (advisory lock, state store, leftovers check)"}, {"plan", "plan (deployed state, modules)"},
                {"stop", "stop of the old container (kept renamed)"}, {"snapshot", "template snapshot (database + filestore)"},
                {"update", "module update -u all (one-off container)"}, {"start", "start of the new container"},
                {"health", "health check until healthy"}};
        for (String[] ph : phases) {
            report.add("deploy: " + ph[1], seconds.get("deploy " + ph[0]), List.of(), "—", "");
        }
        report.add("deploy: total", seconds.get("deploy total"), List.of(), "—", "");
        report.add("deploy: user-visible downtime (old container stopped → new one healthy)", seconds.get("deploy downtime"),
                seconds.get("plain deploy downtime"), "docker stop + rm, the same -u all, docker run, poll /web/login", "");
        report.add("failed deploy: rollback (failure detected → old version healthy)", seconds.get("auto rollback"), List.of(), "—",
                "dominated by the container start");
        report.add("failed deploy rollback: database + filestore restore", seconds.get("auto rollback restore"), List.of(), "—", "< 2 s");
        report.add("failed deploy rollback: old container start + health check", seconds.get("auto rollback start+health"), List.of(),
                "—", "");
        report.add("manual rollback: total", seconds.get("manual rollback total"), List.of(), "—", "");
        report.add("manual rollback: safety snapshot", seconds.get("manual rollback snapshot"), List.of(), "—", "");
        report.add("manual rollback: database + filestore restore", seconds.get("manual rollback restore"), List.of(), "—", "< 2 s");
        report.add("manual rollback: container start + health check", seconds.get("manual rollback start+health"), List.of(), "—", "");
        report.add("manual rollback: downtime", seconds.get("manual rollback downtime"), List.of(), "—", "");
    }

    private void add(String key, double s) {
        seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("deploy-bench: " + what);
        }
    }

    private String dockerVersion() {
        try {
            Process p = new ProcessBuilder("docker", "version", "--format", "{{.Server.Version}}").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return v;
        } catch (Exception e) {
            return "?";
        }
    }

    private static int freePort() throws Exception {
        return dev.odoorelease.testkit.FreePorts.next();
    }

    private static void log(String s) {
        System.out.println("[deploy-bench] " + s);
        System.out.flush();
    }
}
