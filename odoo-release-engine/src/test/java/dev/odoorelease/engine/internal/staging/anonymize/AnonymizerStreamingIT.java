package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.testkit.SqlQueries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.internal.snapshot.CloneCommand;
import dev.odoorelease.engine.internal.snapshot.SnapshotCommand;
import dev.odoorelease.engine.internal.staging.StageCloneCommand;
import dev.odoorelease.engine.result.StageCloneResult;
import dev.odoorelease.engine.config.StagingPolicy;
import dev.odoorelease.engine.internal.staging.TestEnvironments;
import dev.odoorelease.engine.result.VerificationCheck;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * Live stage clones anonymize while the rows stream out of production: the staging server never
 * receives an original value of those columns, the tables are not rewritten a second time, the
 * report still counts what changed, and the result is the same as a clone from a snapshot (which
 * copies first and anonymizes the copy).
 */
class AnonymizerStreamingIT {
    @RegisterExtension
    static final PgServerExtension PROD = PgServerExtension.named("stream-prod");
    @RegisterExtension
    static final PgServerExtension STAGING = PgServerExtension.named("stream-staging");

    static final String URL = "https://staging.example.invalid";
    /** Tables whose column rules a live clone applies while streaming (17.0 fixture). */
    static final List<String> STREAMED = List.of("res_partner", "mail_message", "mail_mail", "res_users", "hr_employee", "crm_lead",
            "res_partner_bank", "payment_transaction", "mail_tracking_value", "ir_attachment");

    @TempDir
    Path prodData;
    @TempDir
    Path stagingData;

    private Environment production(String db) throws Exception {
        // a dump snapshot: staging is on another server, where a template snapshot cannot be copied
        return TestEnvironments.seededProduction(PROD.server(), db, "17.0", prodData, OdooSeeder.forSeries("17.0").partners(400).users(15)
                .employees(12).leads(30).messages(600).mailQueue(8).attachments(40).attachmentSize(256))
                .toBuilder().snapshotKind(SnapshotKind.DUMP).build();
    }

    private Environment staging(String db) {
        return TestEnvironments.staging("staging-" + db.replace('_', '-'), STAGING.server(), db, stagingData.resolve(db));
    }

    @Test
    void liveClonesAnonymizeWhileStreamingAndGiveWhatACloneFromASnapshotGives() throws Exception {
        Environment prod = production("st_prod");
        AnonymizerNoLeakIT.Needles needles = new AnonymizerNoLeakIT.Needles();
        long partners;
        long emails;
        long messages;
        try (Connection c = PROD.server().connect("st_prod")) {
            // the company's own e-mail and phone are kept (res_company), so its partner's are not needles
            String notCompany = " AND id NOT IN (SELECT partner_id FROM res_company)";
            for (String col : List.of("email", "phone", "mobile", "street", "vat")) {
                SqlQueries.strings(c, "SELECT " + col + " FROM res_partner WHERE " + col + " <> ''" + notCompany)
                        .forEach(v -> needles.add("res_partner." + col, v));
            }
            SqlQueries.strings(c, "SELECT email_from FROM mail_message WHERE email_from <> ''").forEach(v -> needles.add("mail_message.email_from", v));
            partners = SqlQueries.count(c, "SELECT count(*) FROM res_partner");
            emails = SqlQueries.count(c, "SELECT count(*) FROM res_partner WHERE email IS NOT NULL AND email <> ''");
            messages = SqlQueries.count(c, "SELECT count(*) FROM mail_message");
        }
        assertThat(needles.size()).as("production's personal values").isGreaterThan(1000);
        new SnapshotCommand(prod).call();

        Environment live = staging("st_live");
        StageCloneResult r = new StageCloneCommand(prod, live, StagingPolicy.builder(URL).build()).from(CloneCommand.Source.LIVE).call();

        assertThat(r.report().verification()).allMatch(VerificationCheck::passed);
        AnonymizationReport a = r.report().anonymization();
        for (String t : STREAMED) {
            assertThat(a.table(t)).as(t).isNotNull().extracting(AnonymizationReport.TableResult::method).isEqualTo("stream");
        }
        assertThat(a.table("res_partner").rows()).isEqualTo(partners);
        assertThat(a.rows("res_partner", "email")).as("rows counted on the source").isEqualTo(emails);
        assertThat(a.table("mail_message").rows()).isEqualTo(messages);
        assertThat(a.columns()).filteredOn(x -> x.table().equals("res_partner")).isNotEmpty()
                .allMatch(x -> x.method().equals("stream"));
        assertThat(a.deletions()).as("delete rules still run on the copy").anyMatch(d -> d.table().equals("res_users_apikeys"));
        assertThat(a.attachments()).as("attachment rules still run on the copy").isNotEmpty();
        assertThat(r.report().phaseMillis()).containsKey("streamPlan");

        // the staging server never received an original value of the streamed columns: not in the
        // copy's files, not in its WAL, nowhere in its data directory
        STAGING.server().superExecute("postgres", "CHECKPOINT");
        assertThat(scanDataDir(needles)).as("originals anywhere in the staging server's files").isEmpty();

        Environment fromSnapshot = staging("st_snap");
        StageCloneResult s = new StageCloneCommand(prod, fromSnapshot, StagingPolicy.builder(URL).build())
                .from(CloneCommand.Source.LATEST_SNAPSHOT).call();
        assertThat(s.report().anonymization().table("res_partner").method())
                .as("a snapshot clone streams pseudonyms too, read from the snapshot on production's server").isEqualTo("stream");
        assertThat(s.report().anonymization().rows("res_partner", "email")).isEqualTo(emails);
        assertThat(s.copy().method()).isEqualTo("snapshot-stream-copy");
        try (Connection c = PROD.server().connect("postgres")) {
            assertThat(SqlQueries.strings(c, "SELECT datname FROM pg_database WHERE datname LIKE 'ors\\_snapread\\_%'"))
                    .as("the dump's scratch database on production's server is dropped").isEmpty();
        }
        try (Connection l = STAGING.server().connect("st_live"); Connection n = STAGING.server().connect("st_snap")) {
            for (String t : STREAMED) {
                assertThat(AnonymizerRewriteIT.digest(l, t)).as(t + ": the same pseudonyms on both paths").isEqualTo(AnonymizerRewriteIT.digest(n, t));
            }
        }
        STAGING.server().superExecute("postgres", "CHECKPOINT");
        assertThat(scanDataDir(needles)).as("neither path brought an original to the staging server").isEmpty();

        // control: a plain clone of the snapshot (no anonymization) does bring originals to the server: the scan works
        new CloneCommand(prod, staging("st_raw")).from(CloneCommand.Source.LATEST_SNAPSHOT).call();
        STAGING.server().superExecute("postgres", "CHECKPOINT");
        assertThat(scanDataDir(needles)).as("control: the raw clone's originals are found").isNotEmpty();
    }

    /**
     * Issue 14: a stage clone from a snapshot killed (kill -9) after its copy, while it neutralizes,
     * leaves no original value on the staging server: the copy under construction only ever received
     * pseudonyms (it streamed them from the snapshot, read on production's server), so nothing raw
     * outlives the killed clone; the next refresh cleans up and succeeds.
     */
    @Test
    void aSnapshotCloneKilledBeforeItsSwapLeavesNoOriginalOnTheStagingServer() throws Exception {
        Environment prod = production("kill_prod");
        AnonymizerNoLeakIT.Needles needles = new AnonymizerNoLeakIT.Needles();
        try (Connection c = PROD.server().connect("kill_prod")) {
            String notCompany = " AND id NOT IN (SELECT partner_id FROM res_company)";
            for (String col : List.of("email", "phone", "mobile", "street", "vat")) {
                SqlQueries.strings(c, "SELECT " + col + " FROM res_partner WHERE " + col + " <> ''" + notCompany)
                        .forEach(v -> needles.add("res_partner." + col, v));
            }
        }
        new SnapshotCommand(prod).call();
        Path stageDir = stagingData.resolve("kill_stage");
        Path slow = stagingData.resolve("slow.sql");
        Files.writeString(slow, "SELECT pg_sleep(600);\n");
        Path log = stagingData.resolve("child.log");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KilledSnapshotCloneMain.class.getName(), String.valueOf(PROD.server().port()),
                String.valueOf(STAGING.server().port()), prodData.toString(), stageDir.toString(), slow.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(300);
            while (System.nanoTime() < deadline && p.isAlive() && count(STAGING.server(),
                    "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(600)%'") == 0) {
                Thread.sleep(200);
            }
            assertThat(p.isAlive()).as("the clone reached its neutralization; child log: %s", Files.readString(log)).isTrue();
        } finally {
            p.destroyForcibly(); // SIGKILL: no finally block, no clean-up of its own
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(count(STAGING.server(), "SELECT count(*) FROM pg_database WHERE datname LIKE 'ors\\_cloning\\_%'"))
                .as("the killed clone's copy is still there, as the issue found it").isEqualTo(1);
        STAGING.server().superExecute("postgres", "CHECKPOINT");
        assertThat(scanDataDir(needles)).as("no original of production anywhere in the staging server's data directory").isEmpty();

        // the next refresh cleans up and succeeds
        Environment stage = TestEnvironments.staging("staging-kill-stage", STAGING.server(), "kill_stage", stageDir);
        StageCloneResult r = new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).build())
                .from(CloneCommand.Source.LATEST_SNAPSHOT).call();
        assertThat(r.report().verification()).allMatch(VerificationCheck::passed);
        assertThat(count(STAGING.server(), "SELECT count(*) FROM pg_database WHERE datname LIKE 'ors\\_cloning\\_%'")).isZero();
    }

    private static long count(dev.odoorelease.testkit.PgServer pg, String sql) throws Exception {
        try (Connection c = pg.connect("postgres")) {
            return SqlQueries.count(c, sql);
        }
    }

    /** Child process: a stage clone from the latest (dump) snapshot whose project SQL sleeps, to be killed. */
    public static final class KilledSnapshotCloneMain {
        public static void main(String[] a) throws Exception {
            Environment prod = Environment.builder("prod-kill-prod").kind(dev.odoorelease.engine.config.EnvironmentKind.PRODUCTION)
                    .database(new dev.odoorelease.engine.config.DbTarget("127.0.0.1", Integer.parseInt(a[0]), "kill_prod",
                            dev.odoorelease.testkit.PgServer.ODOO_ROLE, dev.odoorelease.testkit.PgServer.ODOO_PASSWORD))
                    .dataDir(Path.of(a[2])).jobs(2).snapshotKind(SnapshotKind.DUMP).build();
            Environment stage = Environment.builder("staging-kill-stage").kind(dev.odoorelease.engine.config.EnvironmentKind.STAGING)
                    .database(new dev.odoorelease.engine.config.DbTarget("127.0.0.1", Integer.parseInt(a[1]), "kill_stage",
                            dev.odoorelease.testkit.PgServer.ODOO_ROLE, dev.odoorelease.testkit.PgServer.ODOO_PASSWORD))
                    .dataDir(Path.of(a[3])).jobs(2).build();
            new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).neutralizationSql(Path.of(a[4])).build())
                    .from(CloneCommand.Source.LATEST_SNAPSHOT).call();
        }
    }

    @Test
    void aRuleThatCannotWorkStopsALiveCloneBeforeAnyRowIsCopied() throws Exception {
        Environment prod = production("bad_prod");
        Path rules = stagingData.resolve("anonymization.yml");
        Files.writeString(rules, "rules:\n  res_partner.partner_latitude: {strategy: fixed, value: \"north\"}\n");
        Environment stage = staging("bad_stage");
        assertThatThrownBy(() -> new StageCloneCommand(prod, stage, StagingPolicy.builder(URL).anonymizationRules(rules).build())
                .from(CloneCommand.Source.LIVE).call())
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("res_partner.partner_latitude")
                .hasMessageContaining("not a valid")
                .satisfies(e -> assertThat(((OdooReleaseException) e).errorCode()).isEqualTo(ErrorCode.CONFIGURATION));
        try (Connection c = STAGING.server().connect("postgres")) {
            assertThat(SqlQueries.strings(c, "SELECT datname FROM pg_database WHERE datname LIKE 'ors_%'"))
                    .as("the copy under construction was dropped").isEmpty();
        }
    }

    /** Which needles occur anywhere under the staging server's data directory (files named, never values). */
    private static Set<String> scanDataDir(AnonymizerNoLeakIT.Needles needles) throws Exception {
        Set<String> hits = new TreeSet<>();
        Path root = STAGING.server().dataDir();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(f);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // a recycled WAL segment, a temporary file
                }
                String hit = needles.findBytes(new String(bytes, StandardCharsets.ISO_8859_1));
                if (hit != null) {
                    hits.add(root.relativize(f) + " holds a value of " + hit);
                }
            }
        }
        return hits;
    }
}
