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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
        Map<String, String> a = new HashMap<>(Map.of("--partners", "1000000", "--messages", "2000000", "--files", "300000",
                "--file-kb", "8", "--rounds", "3", "--work", "target/bench-preview", "--doc", "docs/benchmarks.md"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!a.containsKey(args[i])) {
                System.err.println("unknown option " + args[i] + "; known: " + a.keySet());
                System.exit(2);
            }
            a.put(args[i], args[i + 1]);
        }
        Path work = Path.of(a.get("--work")).toAbsolutePath();
        Folders.deleteTree(work);
        Files.createDirectories(work);
        System.setProperty("odoorelease.pg.dir", work.resolve("pg").toString());
        int rounds = Integer.parseInt(a.get("--rounds"));
        String image = StandInImage.series("17.0").moduleVersion("base", "17.0.1.3").tagSuffix("bench-preview").build();
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        try (PgServer pg = PgServer.start("preview-bench", PgServer.Options.DURABLE)) {
            Path prodData = work.resolve("prod-data");
            long t0 = System.nanoTime();
            long dbBytes = BenchData.seedProduction(pg, prodData, Long.parseLong(a.get("--partners")), Long.parseLong(a.get("--messages")),
                    Long.parseLong(a.get("--files")), Integer.parseInt(a.get("--file-kb")), PreviewBench::log);
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
            new SnapshotCommand(stage).kind(SnapshotKind.TEMPLATE).deployed(image, null).call();
            FilestoreStats fs = FilestoreStats.of(stage.filestore());
            String sizes = "database " + Sizes.human(dbBytes) + ", filestore " + fs.files() + " files / " + Sizes.human(fs.bytes());
            log("staging and its scrubbed snapshot ready in " + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + sizes);
            int port = FreePorts.next();
            PreviewTemplate template = PreviewTemplate.builder().branch("feature/*").source("staging").dataDir(work.resolve("previews"))
                    .namePattern("bench-{branch}").url("http://127.0.0.1:{port}").ports(port + "-" + (port + 20)).network("host")
                    .args(List.of("--http-port={port}")).healthTimeout(Duration.ofMinutes(5)).maxAlive(3).build();
            OdooRelease release = new OdooRelease(new ReleaseConfig("bench", List.of(), List.of(EnvironmentConfig.builder(prod).build(),
                    EnvironmentConfig.builder(stage).build()), template)).progress(l -> log("  " + l));
            for (int r = 0; r < rounds; r++) {
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
                add(seconds, "create: deploy (snapshot, start, health)", ph.getOrDefault("deploy", 0L) / 1000.0);
                add(seconds, "  of which snapshot", dp.getOrDefault("snapshot", 0L) / 1000.0);
                add(seconds, "  of which container start + health", (dp.getOrDefault("start", 0L) + dp.getOrDefault("health", 0L)) / 1000.0);
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
            report.note("The deploy into a new preview takes its own template snapshot first (its rollback point), a second server-side "
                    + "copy of the database: with the first copy it grows with the database's size; the container start and health check "
                    + "do not.");
            for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
                report.add(e.getKey(), e.getValue(), List.of(), "—", e.getKey().equals("create: total") ? "< 10 s at 4 GB + 300k files" : "");
            }
            String md = report.markdown("Preview creation (bench/preview-bench)");
            System.out.println("\n" + md);
            BenchReport.writeSection(Path.of(a.get("--doc")), "preview-bench", md);
            log("written to " + a.get("--doc"));
        } finally {
            Folders.deleteTree(work);
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
