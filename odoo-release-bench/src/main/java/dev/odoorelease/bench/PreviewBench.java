package dev.odoorelease.bench;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.PreviewTemplate;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.PreviewResult;
import dev.odoorelease.testkit.FreePorts;
import dev.odoorelease.testkit.PgBinaries;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 20's benchmark (bench/preview-bench): the creation of a preview environment from staging's scrubbed template
 * snapshot — template copy of the database, neutralization and its verification, filestore hard links, the deploy of
 * the branch's image (snapshot, start, health check) — and its removal, on a seeded Odoo 17.0 environment, each phase
 * timed. Target (issue 20): creation under 10 s for a 4 GB database and 300 000 files, dominated by the container start.
 */
public final class PreviewBench {
    private static final String PROD_PASSWORD = "Bench-Prod-Preview-1187";
    private static final String STAGE_PASSWORD = "Bench-Stage-Preview-4409";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args, Map.of("--partners", "200000", "--messages", "400000", "--files", "300000",
                "--file-kb", "8", "--rounds", "3", "--work", "target/bench-preview", "--doc", "docs/benchmarks.md", "--db-mb", "4096"));
        Path work = BenchArgs.freshWork(Path.of(a.get("--work")));
        int rounds = Integer.parseInt(a.get("--rounds"));
        String image = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("bench-preview").build();
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        try (PgServer pg = PgServer.start("preview-bench", PgServer.Options.DURABLE)) {
            Path prodData = work.resolve("prod-data");
            long t0 = System.nanoTime();
            long dbBytes = BenchData.seedProduction(pg, prodData, Long.parseLong(a.get("--partners")), Long.parseLong(a.get("--messages")),
                    Long.parseLong(a.get("--files")), Integer.parseInt(a.get("--file-kb")), PreviewBench::log);
            long padded = pad(pg, dbBytes, Long.parseLong(a.get("--db-mb")) * 1024 * 1024);
            dbBytes += padded;
            // the seeded attachments hang on records the stage clone anonymizes (their files blanked): moved to a model it
            // keeps (product.template), staging's scrubbed filestore holds them all, as a real one holds product images
            pg.superExecute("prod", "UPDATE ir_attachment SET res_model = 'product.template', res_field = NULL WHERE res_model IS NOT NULL");
            // production's own password, and staging's own role: previews must share no credential with production
            pg.superExecute("postgres", "ALTER ROLE " + PgServer.ODOO_ROLE + " PASSWORD '" + PROD_PASSWORD + "'");
            ReleaseImages.createRole(pg, "stageuser", STAGE_PASSWORD);
            StandInContainer.prepareDataDir(prodData);
            Environment prod = Environment.builder("production").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget(pg.host(), pg.port(), "prod", PgServer.ODOO_ROLE, PROD_PASSWORD)).dataDir(prodData).jobs(2).build();
            Environment stage = Environment.builder("staging").kind(EnvironmentKind.STAGING)
                    .database(new DbTarget(pg.host(), pg.port(), "stage", "stageuser", STAGE_PASSWORD)).dataDir(work.resolve("stage-data"))
                    .jobs(2).build();
            StandInContainer.prepareDataDir(stage.dataDir());
            new StageCloneCommand(prod, stage, StagingPolicy.builder("https://staging.bench.invalid").reportDir(work.resolve("reports"))
                    .build()).from(CloneCommand.Source.LIVE).call();
            StandInContainer.prepareDataDir(stage.dataDir());
            var snapshot = new SnapshotCommand(stage).kind(SnapshotKind.TEMPLATE).deployed(image, null).call().snapshot();
            FilestoreStats fs = FilestoreStats.of(stage.filestore());
            String sizes = "database " + Sizes.human(dbBytes) + ", filestore " + fs.files() + " files / " + Sizes.human(fs.bytes());
            log("staging and its scrubbed snapshot ready in " + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + sizes);
            int port = FreePorts.next();
            PreviewTemplate template = PreviewTemplate.builder().branch("feature/*").source("staging").dataDir(work.resolve("previews"))
                    .namePattern("bench-{branch}").url("http://127.0.0.1:{port}").ports(port + "-" + (port + 20)).network("host")
                    .args(List.of("--http-port={port}")).healthTimeout(Duration.ofMinutes(5)).maxAlive(3).build();
            OdooRelease release = new OdooRelease(new ReleaseConfig("bench", List.of(), List.of(EnvironmentConfig.builder(prod).build(),
                    EnvironmentConfig.builder(stage).build()), template)).progress(l -> log("  " + l));
            Map<String, List<Double>> baselines = new LinkedHashMap<>();
            String snapDb = snapshot.databaseName();
            Path snapFs = Path.of(snapshot.location()).resolve("filestore");
            for (int r = 0; r < rounds; r++) {
                // the baselines, alternately with ours: PostgreSQL 15's default copy strategy, and cp -al
                long b = System.nanoTime();
                pg.superExecute("postgres", "CREATE DATABASE bench_wal_log TEMPLATE " + snapDb + " STRATEGY WAL_LOG");
                add(baselines, "create: database template copy", (System.nanoTime() - b) / 1e9);
                pg.superExecute("postgres", "DROP DATABASE bench_wal_log");
                pg.superExecute("postgres", "CHECKPOINT");
                Path linked = work.resolve("cp-al");
                b = System.nanoTime();
                dev.odoorelease.testkit.Processes.check(List.of("cp", "-al", snapFs.toString(), linked.toString()), Duration.ofHours(1));
                add(baselines, "create: filestore hard links", (System.nanoTime() - b) / 1e9);
                Folders.deleteTree(linked);
                String branch = "feature/bench-" + r;
                long t = System.nanoTime();
                PreviewResult p = release.previewUp().branch(branch).image(image).update("none").allowSkippedUpdates(true).call();
                double total = (System.nanoTime() - t) / 1e9;
                if (p.outcome() != PreviewResult.Outcome.CREATED) {
                    throw new IllegalStateException("preview not created: " + p.deploy().cause());
                }
                Map<String, Long> ph = p.phaseMillis();
                Map<String, Long> dp = p.deploy().phaseMillis();
                add(seconds, "create: total", total);
                add(seconds, "create: database template copy", ph.getOrDefault("copy", 0L) / 1000.0);
                add(seconds, "create: neutralize + verify", ph.getOrDefault("neutralize", 0L) / 1000.0);
                add(seconds, "create: filestore hard links", ph.getOrDefault("filestore", 0L) / 1000.0);
                add(seconds, "create: deploy", ph.getOrDefault("deploy", 0L) / 1000.0);
                add(seconds, "  of which lock + plan", (dp.getOrDefault("lock", 0L) + dp.getOrDefault("plan", 0L)) / 1000.0);
                add(seconds, "  of which the image's odoo.conf (one-off container; cached in the JVM)", dp.getOrDefault("config", 0L) / 1000.0);
                add(seconds, "  of which rollback snapshot", dp.getOrDefault("snapshot", 0L) / 1000.0);
                add(seconds, "  of which module update", dp.getOrDefault("update", 0L) / 1000.0);
                add(seconds, "  of which container start", dp.getOrDefault("start", 0L) / 1000.0);
                add(seconds, "  of which health check", dp.getOrDefault("health", 0L) / 1000.0);
                // the copy and the hard links run at the same time: their wall time is copy+filestore
                long data = ph.containsKey("copy+filestore") ? ph.get("copy+filestore")
                        : ph.getOrDefault("copy", 0L) + ph.getOrDefault("filestore", 0L);
                add(seconds, "create: database copy and hard links together (wall)", data / 1000.0);
                double accounted = (data + ph.getOrDefault("neutralize", 0L) + ph.getOrDefault("deploy", 0L)) / 1000.0;
                add(seconds, "create: the rest (lock, sweep, guard rails, registry)", total - accounted);
                log(String.format(Locale.ROOT, "round %d: created %s in %.2f s, phases %s, deploy phases %s", r, p.url(), total, ph, dp));
                t = System.nanoTime();
                release.previewDown().branch(branch).call();
                double down = (System.nanoTime() - t) / 1e9;
                add(seconds, "remove (verified)", down);
                log(String.format(Locale.ROOT, "round %d: removed in %.2f s", r, down));
            }
            BenchReport report = new BenchReport();
            report.note("Synthetic Odoo 17.0 environment: " + sizes + " (" + a.get("--partners") + " partners, " + a.get("--messages")
                    + " messages), stage-cloned to staging on the same PostgreSQL " + PgBinaries.majorVersion() + " server (fsync on), "
                    + "then a template snapshot of staging; the Odoo stand-in image, " + rounds + " round(s) of preview up + preview down; "
                    + Runtime.getRuntime().availableProcessors() + " cores, shared with other work.");
            report.note("Of the database, " + Sizes.human(padded) + " is a table of non-personal rows (bench_ledger) added to reach the "
                    + "size: the anonymization does not touch it, the copies copy it like any table. The seeded attachments were moved "
                    + "to product.template (kept by the anonymization), so staging's scrubbed filestore holds them all.");
            report.note("A new preview's deploy takes no rollback snapshot (nothing to roll back to: its undo is its removal); the "
                    + "health check probes every 250 ms. Baselines, run alternately with ours on the same snapshot: CREATE DATABASE … "
                    + "TEMPLATE with PostgreSQL 15's default STRATEGY WAL_LOG (ours: FILE_COPY), and `cp -al` of the snapshot's filestore "
                    + "(ours: the engine's hard-link copier). For the total, the floor: the container start and health check of the same "
                    + "creation (what issue 20 expects to dominate).");
            List<Double> floor = new ArrayList<>();
            for (int i = 0; i < seconds.get("create: total").size(); i++) {
                floor.add(seconds.get("  of which container start").get(i) + seconds.get("  of which health check").get(i));
            }
            for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
                String k = e.getKey();
                if (k.equals("create: total")) {
                    report.add(k, e.getValue(), floor, "container start + health check alone", "< 10 s at 4 GB + 300k files");
                } else if (baselines.containsKey(k)) {
                    report.add(k, e.getValue(), baselines.get(k), k.contains("database") ? "TEMPLATE … STRATEGY WAL_LOG" : "cp -al", "");
                } else {
                    report.add(k, e.getValue(), List.of(), "—", "");
                }
            }
            String md = report.markdown("Preview creation (bench/preview-bench)");
            System.out.println("\n" + md);
            BenchReport.writeSection(Path.of(a.get("--doc")), "preview-bench", md);
            log("written to " + a.get("--doc"));
        } finally {
            Folders.deleteTree(work);
        }
    }

    /**
     * Grows database prod to {@code target} bytes with a table of non-personal rows ({@code bench_ledger}: numbers and a
     * fixed-width reference, stored uncompressed), vacuumed and checkpointed. Returns the bytes added.
     */
    private static long pad(PgServer pg, long size, long target) throws Exception {
        long missing = target - size;
        if (missing <= 0) {
            return 0;
        }
        // ~ 2 KiB a row, 4 to an 8 KiB page, not compressed (storage plain)
        long rows = missing / 2048;
        log("padding prod with " + rows + " rows (" + Sizes.human(missing) + ") of bench_ledger");
        pg.superExecute("prod", "CREATE TABLE bench_ledger (id bigint PRIMARY KEY, amount numeric, ref text)");
        pg.superExecute("prod", "ALTER TABLE bench_ledger ALTER COLUMN ref SET STORAGE PLAIN");
        pg.superExecute("prod", "ALTER TABLE bench_ledger OWNER TO " + PgServer.ODOO_ROLE);
        long chunk = 200_000;
        for (long from = 1; from <= rows; from += chunk) {
            pg.superExecute("prod", "INSERT INTO bench_ledger SELECT i, i * 1.5, repeat(md5(i::text), 60) FROM generate_series(" + from
                    + ", " + Math.min(rows, from + chunk - 1) + ") i");
        }
        pg.superExecute("prod", "VACUUM ANALYZE bench_ledger");
        pg.superExecute("prod", "CHECKPOINT");
        try (java.sql.Connection c = pg.superConnect("prod"); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT pg_database_size('prod')")) {
            rs.next();
            return rs.getLong(1) - size;
        }
    }

    private static void add(Map<String, List<Double>> m, String k, double v) {
        m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }

    private static void log(String s) {
        System.out.println("[preview-bench] " + s);
        System.out.flush();
    }
}
