package dev.odoorelease.bench;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.drift.DriftCommand;
import dev.odoorelease.engine.result.DriftReport;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.testkit.PgBinaries;
import dev.odoorelease.testkit.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 18's benchmark (bench/drift-bench): the drift report of a staging environment freshly stage-cloned from a
 * seeded Odoo 17.0 production on another server, against counting every row of every table of both databases (what a
 * report that read all the data would at least cost), alternately in one run. Target: well under a minute at 4 GB.
 */
public final class DriftBench {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args, Map.of("--partners", "2000000", "--messages", "3000000", "--files", "20000",
                "--rounds", "3", "--work", "target/bench-drift", "--doc", "docs/benchmarks.md"));
        Path work = BenchArgs.freshWork(Path.of(a.get("--work")));
        int rounds = Integer.parseInt(a.get("--rounds"));
        BenchReport report = new BenchReport();
        try (PgServer prod = PgServer.start("drift-bench-prod", PgServer.Options.DURABLE);
             PgServer staging = PgServer.start("drift-bench-staging", PgServer.Options.DURABLE)) {
            Path prodData = work.resolve("prod-data");
            long t0 = System.nanoTime();
            long size = BenchData.seedProduction(prod, prodData, Long.parseLong(a.get("--partners")), Long.parseLong(a.get("--messages")),
                    Long.parseLong(a.get("--files")), 8, l -> log(l));
            log("seeded in " + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + Sizes.human(size));
            Environment source = Environment.builder("bench-prod").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget(prod.host(), prod.port(), "prod", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                    .dataDir(prodData).jobs(2).build();
            Environment target = Environment.builder("bench-staging").kind(EnvironmentKind.STAGING)
                    .database(new DbTarget(staging.host(), staging.port(), "stage", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                    .dataDir(work.resolve("stage-data")).jobs(2).build();
            Path reports = work.resolve("reports");
            long t = System.nanoTime();
            new StageCloneCommand(source, target, StagingPolicy.builder("https://staging.bench.invalid").reportDir(reports).build())
                    .from(CloneCommand.Source.LIVE).drainTarget(true).call();
            log(String.format(java.util.Locale.ROOT, "stage clone %.1f s", secs(t)));
            List<Double> drift = new ArrayList<>();
            List<Double> counts = new ArrayList<>();
            DriftReport last = null;
            for (int r = 0; r < rounds; r++) {
                t = System.nanoTime();
                last = new DriftCommand(source, target).reportDir(reports).writeTo(work.resolve("drift-" + r)).call();
                drift.add(secs(t));
                log(String.format(java.util.Locale.ROOT, "drift report           %8.2f s  (%s)", drift.get(r), last.summary()));
                t = System.nanoTime();
                countAll(prod, "prod");
                countAll(staging, "stage");
                counts.add(secs(t));
                log(String.format(java.util.Locale.ROOT, "count(*) of every table %8.2f s", counts.get(r)));
            }
            report.note("Source: synthetic Odoo 17.0 database of " + Sizes.human(size) + " (" + a.get("--partners") + " partners, "
                    + a.get("--messages") + " messages, " + a.get("--files") + " attachments), stage-cloned live to a second "
                    + "PostgreSQL " + PgBinaries.majorVersion() + " server; 2 cores shared with other work.");
            report.note("Last report: " + last.summary() + "; facts compared " + last.compared() + ".");
            report.add("drift report (both sides read, compared, JSON + Markdown written)", drift, counts,
                    "count(*) of every table of both databases", "< 60 s at 4 GB");
            String md = report.markdown("Drift report (bench/drift-bench)");
            System.out.println("\n" + md);
            BenchReport.writeSection(Path.of(a.get("--doc")), "drift-bench", md);
        }
    }

    private static void countAll(PgServer pg, String db) throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = pg.superConnect(db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM public.\"" + table.replace("\"", "\"\"") + "\"")) {
                    rs.next();
                }
            }
        }
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    private static void log(String s) {
        System.out.println("[drift-bench] " + s);
        System.out.flush();
    }
}
