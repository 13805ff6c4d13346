package dev.odoorelease.bench;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.result.CloneResult;
import dev.odoorelease.engine.internal.snapshot.DiscardReplacedCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.testkit.PgBinaries;
import dev.odoorelease.testkit.PgServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 4's whole-operation benchmark (bench/stage-clone-bench): a live stage clone (copy + neutralize
 * + anonymize + verify + swap) against the plain live clone of the same environment (copy + swap), to
 * another server, alternately in one run. Target: scrubbing adds at most 50 % to the copy time.
 */
public final class StageCloneBench {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args, Map.of("--partners", "2000000", "--messages", "3000000", "--files", "20000",
                "--rounds", "2", "--work", "target/bench-stage", "--doc", "docs/benchmarks.md"));
        Path work = BenchArgs.freshWork(Path.of(a.get("--work")));
        int rounds = Integer.parseInt(a.get("--rounds"));
        BenchReport report = new BenchReport();
        try (PgServer prod = PgServer.start("stage-bench-prod", PgServer.Options.DURABLE);
             PgServer staging = PgServer.start("stage-bench-staging", PgServer.Options.DURABLE)) {
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
            StagingPolicy policy = StagingPolicy.builder("https://staging.bench.invalid").reportDir(work.resolve("reports")).build();
            List<Double> plain = new ArrayList<>();
            List<Double> staged = new ArrayList<>();
            Map<String, Long> lastPhases = Map.of();
            for (int r = 0; r < rounds; r++) {
                long t = System.nanoTime();
                CloneResult c = new CloneCommand(source, target).from(CloneCommand.Source.LIVE).drainTarget(true)
                        .progress(timed(t)).call();
                plain.add(secs(t));
                log(String.format(java.util.Locale.ROOT, "plain live clone            %8.2f s", plain.get(r)));
                new DiscardReplacedCommand(target, c.operationId()).call();
                t = System.nanoTime();
                StageCloneResult s = new StageCloneCommand(source, target, policy).from(CloneCommand.Source.LIVE).drainTarget(true)
                        .progress(timed(t)).call();
                staged.add(secs(t));
                lastPhases = s.report().phaseMillis();
                log(String.format(java.util.Locale.ROOT, "stage clone (scrubbed)      %8.2f s  phases %s", staged.get(r), lastPhases));
                new DiscardReplacedCommand(target, s.copy().operationId()).call();
            }
            report.note("Source: synthetic Odoo 17.0 database of " + Sizes.human(size) + " (" + a.get("--partners") + " partners, "
                    + a.get("--messages") + " messages, " + a.get("--files") + " attachments); copied live to a second "
                    + "PostgreSQL " + PgBinaries.majorVersion() + " server (fsync on), 2 jobs, 2 cores.");
            report.note("Phases of the last stage clone (ms): " + lastPhases);
            report.add("stage clone: copy + neutralize + anonymize + verify + swap", staged, plain, "plain live clone: copy + swap",
                    "≤ 1.5×");
            String md = report.markdown("Stage clone vs plain copy (bench/stage-clone-bench)");
            System.out.println("\n" + md);
            BenchReport.writeSection(Path.of(a.get("--doc")), "stage-clone-bench", md);
        }
    }

    /** Progress lines with the seconds since {@code start}: where the time of each clone goes. */
    private static dev.odoorelease.engine.progress.ProgressListener timed(long start) {
        return l -> log(String.format(java.util.Locale.ROOT, "  %7.2f s %s", secs(start), l));
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    private static void log(String s) {
        System.out.println("[stage-clone-bench] " + s);
        System.out.flush();
    }
}
