package dev.odoorelease.demo;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.db.DbTarget;
import dev.odoorelease.engine.env.Environment;
import dev.odoorelease.engine.env.EnvironmentKind;
import dev.odoorelease.engine.env.SnapshotKind;
import dev.odoorelease.engine.filestore.FilestoreStats;
import dev.odoorelease.engine.filestore.Folders;
import dev.odoorelease.engine.health.OdooHttpHealthCheck;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.snapshot.SnapshotCommand;
import dev.odoorelease.engine.snapshot.SnapshotMaintenance;
import dev.odoorelease.engine.snapshot.SnapshotResult;
import dev.odoorelease.engine.state.Snapshot;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.Processes;
import dev.odoorelease.testkit.SeedReport;
import dev.odoorelease.testkit.SmtpSink;
import dev.odoorelease.testkit.StandInContainer;
import dev.odoorelease.testkit.StandInImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The release demo: a production Odoo (the stand-in) on a real PostgreSQL cluster with a seeded
 * database and filestore, serving; an online snapshot of it; the state of every environment. Later
 * stages (staging clone, deploys, rollback) join as the engine grows. Everything it starts lives
 * under {@code --work} and is removed at the end unless {@code --keep} is given.
 */
public final class Demo {
    private static final String CONTAINER = "odoo-release-demo-production";

    private final Path work;
    private final boolean keep;
    private final Instant start = Instant.now();

    private Demo(Path work, boolean keep) {
        this.work = work;
        this.keep = keep;
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of("target/demo");
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]);
                case "--keep" -> keep = true;
                default -> {
                    System.err.println("usage: demo [--work DIR] [--keep]");
                    System.exit(2);
                }
            }
        }
        try {
            new Demo(work.toAbsolutePath(), keep).run();
        } catch (OdooReleaseException e) {
            System.err.println("\ndemo failed: " + e.getMessage());
            System.exit(e.errorCode().exitCode());
        } catch (IllegalStateException e) {
            System.err.println("\ndemo failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws Exception {
        title("odoo-release demo: never test in production");
        DockerEngine.require();
        DockerEngine.removeContainers(CONTAINER);
        Folders.deleteTree(work);
        Files.createDirectories(work);
        System.setProperty("odoorelease.pg.dir", work.resolve("pg").toString());
        ProgressListener progress = line -> System.out.println("    " + line);

        step(1, "Production: a PostgreSQL cluster, the Odoo 17.0 stand-in image, a seeded database and filestore");
        try (PgServer pg = PgServer.start("production"); SmtpSink mail = SmtpSink.start()) {
            say("PostgreSQL " + PgServer.ODOO_ROLE + "@" + pg.host() + ":" + pg.port() + " (throwaway cluster in " + pg.dataDir() + ")");
            String image = StandInImage.series("17.0").build();
            say("image " + image);
            Path data = work.resolve("production");
            Processes.Result init = StandInContainer.image(image).database(pg).dataDir(data)
                    .args("-d", "prod", "-i", "base", "--stop-after-init", "--without-demo=all").runToCompletion(Duration.ofMinutes(5));
            if (init.exitCode() != 0) {
                throw new IllegalStateException("odoo -i base failed (exit " + init.exitCode() + "):\n" + init.combined());
            }
            say("odoo -d prod -i base --stop-after-init: exit 0");
            SeedReport seeded;
            try (Connection c = pg.connect("prod")) {
                seeded = OdooSeeder.forSeries("17.0").partners(5_000).users(40).employees(100).leads(500).messages(20_000)
                        .mailQueue(15).attachments(2_000).attachmentSize(16 * 1024).mailServer("127.0.0.1", mail.port())
                        .filestore(data, "prod").progress(l -> { }).seed(c);
            }
            StandInContainer.prepareDataDir(data);
            say("seeded in " + Sizes.human(seeded.elapsed()) + ": " + seeded.attachments() + " attachments in " + seeded.files()
                    + " content-addressed files, personal data in partners, users, employees, messages, bank accounts");

            step(2, "Production serves: a readiness check that does not trust /web/health alone");
            Environment production = Environment.builder("production").kind(EnvironmentKind.PRODUCTION)
                    .database(new DbTarget(pg.host(), pg.port(), "prod", PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                    .dataDir(data).snapshotKind(SnapshotKind.DUMP).jobs(2).build();
            try (StandInContainer odoo = StandInContainer.image(image).name(CONTAINER).database(pg).dataDir(data)
                    .args("-d", "prod").start()) {
                OdooHttpHealthCheck.forUrl(odoo.url("/")).database("prod").expectSeries("17.0")
                        .timeout(Duration.ofMinutes(2)).progress(progress::info).check();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (mail.messages().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                say("production's mail queue reached the local mail catcher: " + mail.messages().size() + " message(s) "
                        + "(production sends mail; a staging copy must not)");
                printState(pg, production);

                step(3, "Snapshot of production while it serves (online dump: one MVCC snapshot, no downtime)");
                SnapshotResult snap = new SnapshotCommand(production).label("demo").progress(progress).call();
                say("snapshot " + snap.snapshot().id() + " " + snap.snapshot().status().id() + " in " + Sizes.human(snap.duration())
                        + "; undo: " + snap.undo());

                step(4, "Status");
                for (Snapshot s : new SnapshotMaintenance(production).list(false)) {
                    say(String.format(Locale.ROOT, "snapshot %s  %-8s %-9s %s  modules=%d  files=%d  %s", s.id(), s.kind().id(),
                            s.status().id(), s.createdAt(), s.manifest().modules().size(), s.manifest().filestoreFiles(),
                            Sizes.human(s.sizeBytes())));
                }
                say("production: " + odoo.url("/web/login") + " (" + (keep ? "left running" : "stopped at the end") + ")");
                if (keep) {
                    System.out.println("\n--keep: production keeps running; stop it with `docker rm -f " + CONTAINER + "`.");
                    odooKeep(odoo);
                }
            }
        }
        title("demo finished in " + Sizes.human(Duration.between(start, Instant.now())));
    }

    private void odooKeep(StandInContainer odoo) {
        // leave the container alone: close() would remove it
        Runtime.getRuntime().halt(0);
    }

    private static void printState(PgServer pg, Environment env) throws Exception {
        try (Connection c = pg.connect(env.db().database()); Statement s = c.createStatement()) {
            say("database " + env.db().database() + ": " + one(s, "SELECT count(*) FROM ir_module_module WHERE state = 'installed'")
                    + " modules installed, " + one(s, "SELECT count(*) FROM res_partner") + " partners, "
                    + one(s, "SELECT count(*) FROM mail_message") + " messages, "
                    + one(s, "SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL") + " attachments, "
                    + Sizes.human(Long.parseLong(one(s, "SELECT pg_database_size(current_database())"))));
            say("active mail servers: " + one(s, "SELECT string_agg(name || ' ' || smtp_host || ':' || smtp_port, ', ') "
                    + "FROM ir_mail_server WHERE active") + "; active crons: " + one(s, "SELECT count(*) FROM ir_cron WHERE active"));
        }
        FilestoreStats fs = FilestoreStats.of(env.filestore());
        say("filestore " + env.filestore() + ": " + fs.files() + " files, " + Sizes.human(fs.bytes()));
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void title(String t) {
        System.out.println("\n=== " + t + " ===");
    }

    private static void step(int n, String t) {
        System.out.println("\n[" + n + "] " + t);
    }

    private static void say(String s) {
        System.out.println("    " + s);
    }
}
