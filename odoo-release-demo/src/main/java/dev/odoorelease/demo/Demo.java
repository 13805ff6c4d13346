package dev.odoorelease.demo;

import dev.odoorelease.engine.internal.filestore.FilestoreStats;
import dev.odoorelease.engine.internal.filestore.Folders;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.testkit.DockerEngine;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.ReleaseImages;
import dev.odoorelease.testkit.SeedReport;
import dev.odoorelease.testkit.SmtpSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The release demo, driven through the real {@code odoo-release} command line the way an operator types it: a seeded
 * production Odoo (the stand-in) on its own PostgreSQL cluster, a snapshot of it, an anonymized and neutralized staging
 * clone on a second cluster, a good version deployed to staging and production, a broken one that fails its health
 * check on production and is rolled back automatically, and the status of every environment. Each step checks its
 * outcome (exit codes, images running, data unchanged) and the demo fails (exit 1) when the story does not happen as
 * told, which makes it the project's end-to-end test too.
 *
 * <p>Everything it creates is under {@code --work} (clusters, data dirs, {@code odoo-release.yml}) or is a container
 * named {@code odoo-release-demo-*}; a run first removes what an earlier one left, and at the end stops it all unless
 * {@code --keep} is given.
 */
public final class Demo {
    static final String CONTAINER_PREFIX = "odoo-release-demo-";
    private static final String USER = "odoo_demo";

    private final Path work;
    private final Path cli;
    private final boolean keep;
    private final Size size;
    private final PrintStream out;
    private final String password = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    private final Instant start = Instant.now();

    /** How much data production gets. */
    enum Size {
        FULL(5_000, 20_000, 2_000),
        SMALL(500, 2_000, 200);

        final int partners;
        final int messages;
        final int attachments;

        Size(int partners, int messages, int attachments) {
            this.partners = partners;
            this.messages = messages;
            this.attachments = attachments;
        }
    }

    Demo(Path work, Path cli, boolean keep, Size size, PrintStream out) {
        this.work = work.toAbsolutePath();
        this.cli = cli.toAbsolutePath();
        this.keep = keep;
        this.size = size;
        this.out = out;
    }

    public static void main(String[] args) {
        Path work = Path.of("target/demo");
        Path cli = Path.of("odoo-release-cli/bin/odoo-release");
        boolean keep = false;
        Size size = Size.FULL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--work" -> work = Path.of(args[++i]);
                case "--cli" -> cli = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "--small" -> size = Size.SMALL;
                default -> {
                    System.err.println("usage: demo [--work DIR] [--cli PATH-TO-odoo-release] [--keep] [--small]");
                    System.exit(2);
                }
            }
        }
        System.exit(new Demo(work, cli, keep, size, System.out).run());
    }

    /** Runs the story; 0 when it went as told. */
    int run() {
        try {
            story();
            return 0;
        } catch (StoryFailed | IllegalStateException | UncheckedIOException e) {
            out.println("\ndemo failed: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            out.println("\ndemo failed: " + e);
            e.printStackTrace(out);
            return 1;
        } finally {
            if (!keep) {
                removeContainers();
            }
        }
    }

    private void story() throws Exception {
        title("odoo-release demo: never test in production");
        DockerEngine.require();
        if (!Files.isExecutable(cli)) {
            throw new StoryFailed("the odoo-release launcher " + cli + " is missing: build with ./mvnw -B -DskipTests package");
        }
        removeContainers();
        Folders.deleteTree(work);
        Files.createDirectories(work);
        System.setProperty("odoorelease.pg.dir", work.resolve("pg").toString());

        step(1, "Production: its own PostgreSQL cluster, the Odoo 17.0 stand-in, a seeded database and filestore, serving");
        try (PgServer prodPg = PgServer.start("production"); PgServer stagingPg = PgServer.start("staging");
             SmtpSink mail = SmtpSink.start()) {
            ReleaseImages.createRole(prodPg, USER, password);
            ReleaseImages.createRole(stagingPg, USER, password);
            say("PostgreSQL clusters: production 127.0.0.1:" + prodPg.port() + ", staging 127.0.0.1:" + stagingPg.port()
                    + " (throwaway, in " + work.resolve("pg") + ")");
            String v1 = ReleaseImages.current();
            String v2 = ReleaseImages.goodUpgrade();
            String broken = ReleaseImages.brokenUpgrade();
            say("images: running version " + v1);
            say("        good new version " + v2 + " (base 17.0.1.4, mail 17.0.1.16)");
            say("        broken new version " + broken + " (same code, /web/health answers 500)");
            Path prodData = work.resolve("production");
            ReleaseImages.initDatabase(v1, prodPg, USER, password, prodData, "prod");
            say("odoo -d prod -i base --stop-after-init: exit 0");
            SeedReport seeded;
            try (Connection c = connect(prodPg, "prod")) {
                seeded = OdooSeeder.forSeries(ReleaseImages.SERIES).partners(size.partners).users(40).employees(100).leads(500)
                        .messages(size.messages).mailQueue(15).attachments(size.attachments).attachmentSize(16 * 1024)
                        .mailServer("127.0.0.1", mail.port()).filestore(prodData, "prod").progress(l -> { }).seed(c);
            }
            Files.createDirectories(work.resolve("staging"));
            dev.odoorelease.testkit.StandInContainer.prepareDataDir(prodData);
            dev.odoorelease.testkit.StandInContainer.prepareDataDir(work.resolve("staging"));
            say("seeded in " + Sizes.human(seeded.elapsed()) + ": " + seeded.attachments() + " attachments in " + seeded.files()
                    + " content-addressed files; personal data in partners, users, employees, messages, bank accounts");
            Path config = ReleaseImages.writeConfig(work.resolve("odoo-release.yml"), "demo", CONTAINER_PREFIX, USER, stagingPg,
                    freePort(), prodPg, freePort());
            say("configuration " + config + " (passwords come from PROD_DB_PASSWORD / STAGING_DB_PASSWORD):");
            Files.readAllLines(config).forEach(l -> say("  | " + l));

            expect(0, "deploy", "production", "--image", v1, "--update", "none", "--allow-skipped-updates");
            awaitMail(mail);
            say("production's mail queue reached the local mail catcher: " + mail.messages().size()
                    + " message(s) (production sends mail; a staging copy must not)");
            Map<String, String> prodFacts = facts(prodPg, "prod");
            say("production data: " + prodFacts.get("summary"));
            say("filestore: " + FilestoreStats.of(prodData.resolve("filestore/prod")).files() + " files");

            step(2, "Snapshot of production while it serves (online dump: one MVCC snapshot, no downtime)");
            expect(0, "snapshot", "production", "--kind", "dump", "--label", "before the release");

            step(3, "Staging: an anonymized, neutralized, verified clone of production, with its differences report");
            expect(0, "stage-clone", "production", "staging", "--from", "snapshot");
            Map<String, String> stagingFacts = facts(stagingPg, "stage");
            say("the same partner in production and staging:");
            say("  production: " + prodFacts.get("partner"));
            say("  staging:    " + stagingFacts.get("partner"));
            if (prodFacts.get("partner").equals(stagingFacts.get("partner"))) {
                throw new StoryFailed("the staging partner is not anonymized: " + stagingFacts.get("partner"));
            }
            say("staging data: " + stagingFacts.get("summary"));

            step(4, "A good new version: to staging first (module update on the scrubbed copy, health check), then production");
            int mailBefore = mail.messages().size();
            expect(0, "deploy", "staging", "--image", v2, "--update", "all", "--commit", "c0ffee2");
            expect(0, "plan", "production", "--image", v2, "--update", "all");
            expect(0, "deploy", "production", "--image", v2, "--update", "all", "--commit", "c0ffee2");
            require(runningImage("production").equals(v2), "production runs " + v2);
            Map<String, String> afterGood = facts(prodPg, "prod");
            say("production's module versions now: base " + afterGood.get("base") + ", mail " + afterGood.get("mail"));
            Thread.sleep(3000); // a few runs of the mail cron
            say("mail that reached the catcher since staging's Odoo started: " + (mail.messages().size() - mailBefore)
                    + " (its copy of production's mail servers and queue was neutralized)");

            step(5, "A broken new version on production: it fails its health check and is rolled back automatically");
            expect(12, "deploy", "production", "--image", broken, "--update", "all", "--commit", "badc0de");
            require(runningImage("production").equals(v2), "production runs the previous version " + v2 + " again");
            Map<String, String> afterRollback = facts(prodPg, "prod");
            require(afterRollback.get("data").equals(afterGood.get("data")), "production has the same data as before the broken deploy");
            say("production runs " + v2 + " again, with the same data (" + afterRollback.get("summary") + ")");
            expect(0, "health", "production");

            step(6, "Status of every environment");
            expect(0, "status");

            if (keep) {
                out.println("\n--keep: production and staging keep running; stop them with `docker rm -f "
                        + CONTAINER_PREFIX + "production " + CONTAINER_PREFIX + "staging`.");
                title("demo finished in " + Sizes.human(Duration.between(start, Instant.now())));
                out.flush();
                Runtime.getRuntime().halt(0); // leave clusters and containers running: closing them would stop them
            }
        }
        title("demo finished in " + Sizes.human(Duration.between(start, Instant.now())));
    }

    /** Runs {@code odoo-release ARGS} as an operator would, printing what it prints; fails the story on another exit code. */
    private void expect(int exitCode, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(cli.toString());
        cmd.addAll(List.of(args));
        out.println("\n  $ odoo-release " + String.join(" ", args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(work.toFile());
        pb.environment().put("ODOO_RELEASE_CONFIG", work.resolve("odoo-release.yml").toString());
        pb.environment().put("ODOO_RELEASE_BUILD", "demo");
        pb.environment().put("PROD_DB_PASSWORD", password);
        pb.environment().put("STAGING_DB_PASSWORD", password);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println("    " + line);
            }
        }
        int exit = p.waitFor();
        out.println("    (exit " + exit + ")");
        if (exit != exitCode) {
            throw new StoryFailed("`odoo-release " + String.join(" ", args) + "` exited with " + exit + ", expected " + exitCode);
        }
    }

    /** A few facts about an Odoo database: one partner's personal data, module versions, counts, and a checksum of all rows. */
    private static Map<String, String> facts(PgServer pg, String db) throws SQLException {
        Map<String, String> f = new LinkedHashMap<>();
        try (Connection c = pg.superConnect(db); Statement s = c.createStatement()) {
            f.put("partner", one(s, "SELECT name || ' <' || coalesce(email, '') || '> ' || coalesce(phone, '') || ', ' "
                    + "|| coalesce(street, '') FROM res_partner WHERE email IS NOT NULL ORDER BY id OFFSET 10 LIMIT 1"));
            f.put("base", one(s, "SELECT latest_version FROM ir_module_module WHERE name = 'base'"));
            f.put("mail", one(s, "SELECT latest_version FROM ir_module_module WHERE name = 'mail'"));
            f.put("summary", one(s, "SELECT count(*) FROM res_partner") + " partners, " + one(s, "SELECT count(*) FROM mail_message")
                    + " messages, " + one(s, "SELECT count(*) FROM ir_attachment WHERE store_fname IS NOT NULL") + " attachments, "
                    + one(s, "SELECT count(*) FROM ir_module_module WHERE state = 'installed'") + " modules installed, base "
                    + one(s, "SELECT latest_version FROM ir_module_module WHERE name = 'base'"));
            // the business data a rollback must bring back exactly (tables a running Odoo writes by itself left out)
            f.put("data", one(s, "SELECT md5(string_agg(t, '|' ORDER BY t)) FROM ("
                    + "SELECT md5(string_agg(p::text, ',' ORDER BY p.id)) AS t FROM res_partner p "
                    + "UNION ALL SELECT md5(string_agg(m::text, ',' ORDER BY m.id)) FROM mail_message m "
                    + "UNION ALL SELECT md5(string_agg(a::text, ',' ORDER BY a.id)) FROM ir_attachment a WHERE res_model <> 'ir.ui.view' "
                    + "UNION ALL SELECT md5(string_agg(v::text, ',' ORDER BY v.id)) FROM ir_module_module v) x"));
        }
        return f;
    }

    private static String one(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private Connection connect(PgServer pg, String db) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(db), USER, password);
    }

    private static String runningImage(String environment) {
        return DockerEngine.docker(Duration.ofSeconds(30), "inspect", "--format", "{{if .State.Running}}{{.Config.Image}}{{end}}",
                CONTAINER_PREFIX + environment).stdout().strip();
    }

    private static void awaitMail(SmtpSink mail) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (mail.messages().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        if (mail.messages().isEmpty()) {
            throw new StoryFailed("production's mail queue never reached the mail catcher");
        }
    }

    private static void require(boolean fact, String what) {
        if (!fact) {
            throw new StoryFailed("expected: " + what);
        }
    }

    private static void removeContainers() {
        if (!DockerEngine.isAvailable()) {
            return;
        }
        String names = DockerEngine.docker(Duration.ofSeconds(30), "ps", "-a", "--format", "{{.Names}}", "--filter",
                "name=" + CONTAINER_PREFIX).stdout();
        for (String n : names.split("\\s+")) {
            if (n.startsWith(CONTAINER_PREFIX)) {
                DockerEngine.removeContainers(n);
            }
        }
    }

    private static int freePort() throws IOException {
        return dev.odoorelease.testkit.FreePorts.next();
    }

    private void title(String t) {
        out.println("\n=== " + t + " ===");
    }

    private void step(int n, String t) {
        out.println("\n[" + n + "] " + t);
    }

    private void say(String s) {
        out.println("    " + s);
    }

    /** The story did not happen as told. */
    static final class StoryFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoryFailed(String message) {
            super(message);
        }
    }
}
