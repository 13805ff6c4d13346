package dev.odoorelease.bench;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.result.CloneResult;
import dev.odoorelease.engine.internal.snapshot.DiscardReplacedCommand;
import dev.odoorelease.engine.internal.snapshot.RestoreCommand;
import dev.odoorelease.engine.result.RestoreResult;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotMaintenance;
import dev.odoorelease.engine.result.SnapshotResult;
import dev.odoorelease.testkit.PgBinaries;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Issue 3's benchmark (see bench/snapshot-bench): our template snapshot, its restore, our dump
 * snapshot + restore and our cross-server clone, each timed against its raw baseline in the same run.
 */
public final class SnapshotBench {
    private final Path work;
    private final Path trash;
    private final int rounds;
    private final int jobs;
    private int seq;

    private SnapshotBench(Path work, int rounds, int jobs) {
        this.work = work;
        this.trash = work.resolve("trash");
        this.rounds = rounds;
        this.jobs = jobs;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> defaults = new java.util.HashMap<>(Map.of("--partners", "1000000", "--messages", "2000000",
                "--files", "112000", "--file-kb", "20", "--rounds", "2", "--jobs", "2", "--work", "target/bench", "--doc", "docs/benchmarks.md"));
        defaults.put("--only", "template,dump,clone");
        Map<String, String> a = BenchArgs.parse(args, defaults);
        new SnapshotBench(Path.of(a.get("--work")).toAbsolutePath(), Integer.parseInt(a.get("--rounds")), Integer.parseInt(a.get("--jobs")))
                .run(Long.parseLong(a.get("--partners")), Long.parseLong(a.get("--messages")), Long.parseLong(a.get("--files")),
                        Integer.parseInt(a.get("--file-kb")), Path.of(a.get("--doc")), List.of(a.get("--only").split(",")));
    }

    private void run(long partners, long messages, long files, int fileKb, Path doc, List<String> only) throws Exception {
        dev.odoorelease.engine.internal.filestore.Folders.deleteTree(work);
        Files.createDirectories(trash);
        System.setProperty("odoorelease.pg.dir", work.resolve("pg").toString());
        BenchReport report = new BenchReport();
        try (PgServer prod = PgServer.start("bench-prod", PgServer.Options.DURABLE);
             PgServer staging = PgServer.start("bench-staging", PgServer.Options.DURABLE)) {
            Path prodData = work.resolve("prod-data");
            long t0 = System.nanoTime();
            long dbBytes = BenchData.seedProduction(prod, prodData, partners, messages, files, fileKb, SnapshotBench::log);
            Environment env = Environment.builder("bench-prod").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget(prod.host(), prod.port(), "prod", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                    .dataDir(prodData).jobs(jobs).keepSnapshots(50).build();
            Environment stage = Environment.builder("bench-staging").kind(EnvironmentKind.STAGING)
                    .database(new DbTarget(staging.host(), staging.port(), "stage", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                    .dataDir(work.resolve("stage-data")).jobs(jobs).build();
            FilestoreStats fs = FilestoreStats.of(env.filestore());
            String sizes = "database " + Sizes.human(dbBytes) + ", filestore " + fs.files() + " files / " + Sizes.human(fs.bytes());
            log("environment ready in " + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + sizes);
            report.note("Synthetic Odoo 17.0 environment: " + sizes + " (" + partners + " partners, " + messages
                    + " messages); PostgreSQL " + PgBinaries.majorVersion() + " with fsync on; " + jobs + " jobs; "
                    + Runtime.getRuntime().availableProcessors() + " cores.");

            if (only.contains("template")) {
                templateSnapshotAndRestore(report, prod, env);
            }
            if (only.contains("dump")) {
                dumpAndRestore(report, prod, env);
            }
            if (only.contains("clone")) {
                crossServerClone(report, prod, staging, env, stage);
            }

            String md = report.markdown("Snapshots, restores and clones (bench/snapshot-bench)");
            System.out.println("\n" + md);
            BenchReport.writeSection(doc, only.size() == 3 ? "snapshot-bench" : "snapshot-bench-" + String.join("-", only), md);
            log("written to " + doc);
        }
        dev.odoorelease.engine.internal.filestore.Folders.deleteTree(trash);
    }

    private void templateSnapshotAndRestore(BenchReport report, PgServer prod, Environment env) throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> restore = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            String copy = "raw_tpl_" + r;
            Path fsCopy = work.resolve("raw-fs-" + r);
            raw.add(time("baseline template copy + cp -al", () -> {
                sql(prod, "CREATE DATABASE " + copy + " TEMPLATE prod STRATEGY FILE_COPY");
                sh("cp", "-al", env.filestore().toString(), fsCopy.toString());
                return null;
            }));
            sql(prod, "DROP DATABASE " + copy);
            discard(fsCopy);
            SnapshotResult[] snap = new SnapshotResult[1];
            ours.add(time("our template snapshot", () -> snap[0] = new SnapshotCommand(env).kind(SnapshotKind.TEMPLATE).call()));
            RestoreResult[] res = new RestoreResult[1];
            restore.add(time("our restore of it", () -> res[0] = new RestoreCommand(env).snapshot(snap[0].snapshot().id()).call()));
            new DiscardReplacedCommand(env, res[0].operationId()).call();
        }
        report.add("template snapshot (database + filestore)", ours, raw, "CREATE DATABASE … TEMPLATE … STRATEGY FILE_COPY + cp -al", "≤ 1.2×");
        report.add("restore of a template snapshot", restore, List.of(), "—", "≤ 2 s");
    }

    private void dumpAndRestore(BenchReport report, PgServer prod, Environment env) throws Exception {
        List<Double> oursDump = new ArrayList<>();
        List<Double> oursRestore = new ArrayList<>();
        List<Double> oursTotal = new ArrayList<>();
        List<Double> rawDump = new ArrayList<>();
        List<Double> rawRestore = new ArrayList<>();
        List<Double> rawTotal = new ArrayList<>();
        Map<String, String> pass = passEnv(prod);
        Path bin = PgBinaries.binDir();
        for (int r = 0; r < rounds; r++) {
            Path dir = work.resolve("raw-dump-" + r);
            Path fsCopy = work.resolve("raw-dump-fs-" + r);
            String restored = "raw_restored_" + r;
            Path fsRestored = work.resolve("raw-dump-fs-restored-" + r);
            double d = time("baseline pg_dump -Fd -j" + jobs + " + cp -a", () -> {
                Processes.check(List.of(bin.resolve("pg_dump").toString(), "-h", prod.host(), "-p", "" + prod.port(), "-U", "odoo",
                        "-Fd", "-j", "" + jobs, "-f", dir.toString(), "prod"), pass, Duration.ofHours(3));
                sh("cp", "-a", env.filestore().toString(), fsCopy.toString());
                return null;
            });
            double rr = time("baseline pg_restore -j" + jobs + " + cp -a", () -> {
                sql(prod, "CREATE DATABASE " + restored + " OWNER odoo TEMPLATE template0");
                Processes.check(List.of(bin.resolve("pg_restore").toString(), "-h", prod.host(), "-p", "" + prod.port(), "-U", "odoo",
                        "-j", "" + jobs, "--no-owner", "-d", restored, dir.toString()), pass, Duration.ofHours(3));
                sh("cp", "-a", fsCopy.toString(), fsRestored.toString());
                return null;
            });
            rawDump.add(d);
            rawRestore.add(rr);
            rawTotal.add(d + rr);
            sql(prod, "DROP DATABASE " + restored);
            discard(dir);
            discard(fsCopy);
            discard(fsRestored);

            SnapshotResult[] snap = new SnapshotResult[1];
            double od = time("our dump snapshot", () -> snap[0] = new SnapshotCommand(env).kind(SnapshotKind.DUMP).call());
            RestoreResult[] res = new RestoreResult[1];
            double or = time("our restore of it", () -> res[0] = new RestoreCommand(env).snapshot(snap[0].snapshot().id()).call());
            new DiscardReplacedCommand(env, res[0].operationId()).call();
            new SnapshotMaintenance(env).delete(snap[0].snapshot().id());
            oursDump.add(od);
            oursRestore.add(or);
            oursTotal.add(od + or);
        }
        report.add("dump snapshot (online)", oursDump, rawDump, "pg_dump -Fd -j" + jobs + " + cp -a", "");
        report.add("restore of a dump snapshot", oursRestore, rawRestore, "pg_restore -j" + jobs + " + cp -a", "");
        report.add("dump snapshot + restore", oursTotal, rawTotal, "pg_dump -Fd -j" + jobs + " + pg_restore -j" + jobs + " + cp -a", "≤ 1.0×");
    }

    private void crossServerClone(BenchReport report, PgServer prod, PgServer staging, Environment env, Environment stage)
            throws Exception {
        List<Double> ours = new ArrayList<>();
        List<Double> pgcopydb = new ArrayList<>();
        List<Double> pipe = new ArrayList<>();
        Path bin = PgBinaries.binDir();
        Map<String, String> pass = passEnv(prod, staging);
        for (int r = 0; r < rounds; r++) {
            String t1 = "copydb_" + r;
            Path copydbDir = work.resolve("pgcopydb-" + r);
            Path fs1 = work.resolve("copydb-fs-" + r);
            pgcopydb.add(time("baseline pgcopydb clone + cp -a", () -> {
                sql(staging, "CREATE DATABASE " + t1 + " OWNER odoo TEMPLATE template0");
                Processes.check(List.of("pgcopydb", "clone", "--source", uri(prod, "prod"), "--target", uri(staging, t1),
                        "--table-jobs", "" + jobs, "--index-jobs", "" + jobs, "--no-owner", "--no-acl",
                        "--dir", copydbDir.toString()), pass, Duration.ofHours(3));
                sh("cp", "-a", env.filestore().toString(), fs1.toString());
                return null;
            }));
            sql(staging, "DROP DATABASE " + t1);
            discard(fs1);
            discard(copydbDir);

            String t2 = "pipe_" + r;
            Path fs2 = work.resolve("pipe-fs-" + r);
            pipe.add(time("baseline pg_dump | pg_restore + cp -a", () -> {
                sql(staging, "CREATE DATABASE " + t2 + " OWNER odoo TEMPLATE template0");
                String cmd = bin.resolve("pg_dump") + " -h 127.0.0.1 -p " + prod.port() + " -U odoo -Fc -Z0 prod | "
                        + bin.resolve("pg_restore") + " -h 127.0.0.1 -p " + staging.port() + " -U odoo --no-owner -d " + t2;
                Processes.check(List.of("bash", "-o", "pipefail", "-c", cmd), pass, Duration.ofHours(3));
                sh("cp", "-a", env.filestore().toString(), fs2.toString());
                return null;
            }));
            sql(staging, "DROP DATABASE " + t2);
            discard(fs2);

            CloneResult[] res = new CloneResult[1];
            ours.add(time("our live clone", () -> res[0] = new CloneCommand(env, stage).from(CloneCommand.Source.LIVE)
                    .drainTarget(true).call()));
            new DiscardReplacedCommand(stage, res[0].operationId()).call();
        }
        report.add("clone to another server (live)", ours, pgcopydb, "pgcopydb clone + cp -a", "≤ 1.0× best baseline");
        report.add("clone to another server (live)", ours, pipe, "pg_dump -Fc \\| pg_restore + cp -a", "≤ 1.0× best baseline");
    }

    private double time(String what, Callable<?> c) throws Exception {
        long t = System.nanoTime();
        c.call();
        double s = (System.nanoTime() - t) / 1e9;
        log(String.format(java.util.Locale.ROOT, "%-45s %8.2f s", what, s));
        return s;
    }

    /** Renames a tree aside for deletion at the end: deleting big trees slows the next writes down (notes). */
    private void discard(Path p) throws Exception {
        if (Files.exists(p)) {
            Files.move(p, trash.resolve(p.getFileName() + "-" + (seq++)));
        }
    }

    private static void sql(PgServer pg, String sql) throws Exception {
        try (Connection c = pg.superConnect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void sh(String... cmd) {
        Processes.check(List.of(cmd), Duration.ofHours(3));
    }

    private Map<String, String> passEnv(PgServer... servers) throws Exception {
        Path f = work.resolve("bench.pgpass");
        StringBuilder sb = new StringBuilder();
        for (PgServer s : servers) {
            sb.append("127.0.0.1:").append(s.port()).append(":*:odoo:odoo\n");
            sb.append("127.0.0.1:").append(s.port()).append(":*:postgres:").append(s.superPassword()).append('\n');
        }
        Files.writeString(f, sb.toString());
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return Map.of("PGPASSFILE", f.toString());
    }

    private static String uri(PgServer s, String db) {
        return "postgres://postgres@127.0.0.1:" + s.port() + "/" + db;
    }

    private static void log(String s) {
        System.out.println("[bench] " + s);
        System.out.flush();
    }

    static ProgressListener quiet() {
        return ProgressListener.NONE;
    }
}
