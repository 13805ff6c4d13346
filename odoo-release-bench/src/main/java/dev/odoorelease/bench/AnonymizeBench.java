package dev.odoorelease.bench;

import dev.odoorelease.engine.internal.db.CloneMark;
import dev.odoorelease.engine.progress.Sizes;
import dev.odoorelease.engine.result.AnonymizationReport;
import dev.odoorelease.engine.internal.staging.anonymize.AnonymizationRules;
import dev.odoorelease.engine.internal.staging.anonymize.Anonymizer;
import dev.odoorelease.testkit.OdooSchema;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgBinaries;
import dev.odoorelease.testkit.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The anonymization benchmark (see bench/anonymize-bench): on a seeded Odoo 17.0 database, our
 * anonymization of res_partner and of mail_message (built-in rules) against one hand-written
 * {@code UPDATE} of the same columns, each on a fresh template copy of the seeded database, ours
 * and the baseline alternating in the same run.
 */
public final class AnonymizeBench {
    /** Hand-written: the same res_partner columns as the built-in 17.0 rules, with the simplest expressions. */
    static final String PARTNER_UPDATE = """
            UPDATE res_partner SET
                name = CASE WHEN name IS NOT NULL THEN 'Partner ' || id END,
                complete_name = CASE WHEN complete_name IS NOT NULL THEN 'Partner ' || id END,
                commercial_company_name = CASE WHEN commercial_company_name IS NOT NULL THEN 'Partner ' || commercial_partner_id END,
                company_name = CASE WHEN company_name IS NOT NULL THEN 'Company ' || id END,
                email = CASE WHEN email IS NOT NULL THEN 'partner' || id || '@example.invalid' END,
                email_normalized = CASE WHEN email_normalized IS NOT NULL THEN 'partner' || id || '@example.invalid' END,
                phone = CASE WHEN phone IS NOT NULL THEN '+32 470 ' || lpad((id % 1000000)::text, 6, '0') END,
                mobile = CASE WHEN mobile IS NOT NULL THEN '+32 475 ' || lpad((id % 1000000)::text, 6, '0') END,
                phone_sanitized = CASE WHEN phone_sanitized IS NOT NULL THEN '+32470' || lpad((id % 1000000)::text, 6, '0') END,
                street = CASE WHEN street IS NOT NULL THEN 'Street ' || id END,
                street2 = CASE WHEN street2 IS NOT NULL THEN 'Building ' || id END,
                zip = CASE WHEN zip IS NOT NULL THEN lpad((id % 10000)::text, 4, '0') END,
                city = CASE WHEN city IS NOT NULL THEN 'City ' || id END,
                vat = CASE WHEN vat IS NOT NULL THEN 'VAT' || id END,
                company_registry = CASE WHEN company_registry IS NOT NULL THEN 'REG' || id END,
                website = CASE WHEN website IS NOT NULL THEN 'https://partner' || id || '.example.invalid' END,
                comment = CASE WHEN comment IS NOT NULL THEN '<p>Anonymized note</p>' END,
                function = NULL,
                ref = CASE WHEN ref IS NOT NULL THEN 'REF' || id END,
                partner_latitude = NULL,
                partner_longitude = NULL,
                signup_token = NULL""";

    static final String MESSAGE_UPDATE = """
            UPDATE mail_message SET
                subject = CASE WHEN subject IS NOT NULL THEN 'Subject ' || id END,
                body = CASE WHEN body IS NOT NULL AND body <> '' THEN '<p>Anonymized message</p>' ELSE body END,
                email_from = CASE WHEN email_from IS NOT NULL THEN 'message' || id || '@example.invalid' END,
                reply_to = CASE WHEN reply_to IS NOT NULL THEN 'reply' || id || '@example.invalid' END,
                record_name = CASE WHEN record_name IS NOT NULL THEN 'Record ' || res_id END""";

    private final Path work;
    private final int rounds;

    private AnonymizeBench(Path work, int rounds) {
        this.work = work;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchArgs.parse(args, Map.of("--partners", "2000000", "--messages", "3000000", "--rounds", "2",
                "--work", "target/bench-anonymize", "--doc", "docs/benchmarks.md"));
        new AnonymizeBench(Path.of(a.get("--work")).toAbsolutePath(), Integer.parseInt(a.get("--rounds")))
                .run(Long.parseLong(a.get("--partners")), Long.parseLong(a.get("--messages")), Path.of(a.get("--doc")));
    }

    private void run(long partners, long messages, Path doc) throws Exception {
        BenchArgs.freshWork(work);
        BenchReport report = new BenchReport();
        try (PgServer pg = PgServer.start("bench-anon", PgServer.Options.DURABLE)) {
            pg.createDatabase("seeded");
            log("seeding: " + partners + " partners, " + messages + " messages");
            long t0 = System.nanoTime();
            try (Connection c = pg.connect("seeded")) {
                OdooSchema.load(c, "17.0");
                OdooSeeder.forSeries("17.0").partners(partners).users(200).employees(2000).leads(20_000).messages(messages).mailQueue(100)
                        .progress(l -> log("  " + l)).seed(c);
            }
            pg.superExecute("seeded", "VACUUM ANALYZE");
            pg.superExecute("seeded", "CHECKPOINT");
            long partnerRows;
            long messageRows;
            long dbBytes;
            try (Connection c = pg.connect("seeded")) {
                partnerRows = count(c, "SELECT count(*) FROM res_partner");
                messageRows = count(c, "SELECT count(*) FROM mail_message");
                dbBytes = count(c, "SELECT pg_database_size('seeded')");
            }
            log("seeded in " + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + partnerRows + " partners, " + messageRows
                    + " messages, " + Sizes.human(dbBytes));

            List<Double> oursP = new ArrayList<>();
            List<Double> baseP = new ArrayList<>();
            List<Double> oursM = new ArrayList<>();
            List<Double> baseM = new ArrayList<>();
            AnonymizationRules partnerRules = AnonymizationRules.builtIn("17.0").onlyTables(List.of("res_partner"));
            AnonymizationRules messageRules = AnonymizationRules.builtIn("17.0").onlyTables(List.of("mail_message"));
            for (int r = 0; r < rounds; r++) {
                boolean oursFirst = r % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean ours = (k == 0) == oursFirst;
                    String db = (ours ? "ours_" : "base_") + r;
                    pg.superExecute("postgres", "CREATE DATABASE " + db + " TEMPLATE seeded OWNER odoo STRATEGY FILE_COPY");
                    pg.superExecute(db, "CHECKPOINT");
                    try (Connection c = pg.connect(db)) {
                        if (ours) {
                            oursP.add(time("ours: anonymize res_partner", () -> anonymize(c, partnerRules)));
                            oursM.add(time("ours: anonymize mail_message", () -> anonymize(c, messageRules)));
                        } else {
                            baseP.add(time("baseline: UPDATE res_partner", () -> update(c, PARTNER_UPDATE)));
                            baseM.add(time("baseline: UPDATE mail_message", () -> update(c, MESSAGE_UPDATE)));
                        }
                    }
                    pg.superExecute("postgres", "DROP DATABASE " + db);
                }
            }
            report.note("Synthetic Odoo 17.0 database of " + Sizes.human(dbBytes) + ": " + partnerRows + " res_partner rows, " + messageRows
                    + " mail_message rows; PostgreSQL " + PgBinaries.majorVersion() + " with fsync on; "
                    + Runtime.getRuntime().availableProcessors() + " cores; each run on a fresh template copy of the seeded database.");
            report.note("Ours: `Anonymizer` with the built-in 17.0 rules of that table (22 columns of res_partner, 5 of mail_message): "
                    + "count of the rows each rule changes, one `ALTER TABLE … ALTER COLUMN … TYPE <same> USING <pseudonym>` rewrite, "
                    + "ANALYZE, VACUUM FULL of pg_statistic. Baseline: one hand-written `UPDATE` of the same columns with simpler "
                    + "expressions (no format-preserving phones), committed, without the VACUUM it would need afterwards.");
            report.note(String.format(Locale.ROOT, "Rows per second (medians): res_partner ours %.0f, UPDATE %.0f; mail_message ours %.0f, UPDATE %.0f.",
                    partnerRows / BenchReport.median(oursP), partnerRows / BenchReport.median(baseP),
                    messageRows / BenchReport.median(oursM), messageRows / BenchReport.median(baseM)));
            report.add("anonymize res_partner (" + partnerRows + " rows)", oursP, baseP, "one hand-written UPDATE of the same columns", "≤ 0.6×");
            report.add("anonymize mail_message (" + messageRows + " rows)", oursM, baseM, "one hand-written UPDATE of the same columns", "≤ 0.6×");
            String md = report.markdown("Anonymization (bench/anonymize-bench)");
            System.out.println("\n" + md);
            BenchReport.writeSection(doc, "anonymize-bench", md);
            log("written to " + doc);
        }
    }

    private static Object anonymize(Connection c, AnonymizationRules rules) throws Exception {
        CloneMark.write(c); // the template copy stands for a clone's copy, which the anonymizer requires (a comment: no time)
        AnonymizationReport r = new Anonymizer(c).rules(rules).run();
        r.tables().forEach(t -> log("    " + t.table() + ": " + t.method() + ", " + t.rows() + " rows, " + t.elapsedMs() + " ms"));
        return r;
    }

    private static Object update(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate(sql);
        }
    }

    private static long count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double time(String what, Callable<?> c) throws Exception {
        long t = System.nanoTime();
        c.call();
        double s = (System.nanoTime() - t) / 1e9;
        log(String.format(Locale.ROOT, "%-40s %8.2f s", what, s));
        return s;
    }

    private static void log(String s) {
        System.out.println("[anonymize-bench] " + s);
        System.out.flush();
    }
}
