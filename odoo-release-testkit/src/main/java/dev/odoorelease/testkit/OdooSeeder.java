package dev.odoorelease.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fills an Odoo-shaped database (see {@link OdooSchema}) with realistic, deterministic personal and
 * secret data, and its filestore with matching content-addressed files. Test fixture, not product
 * code.
 *
 * <pre>{@code
 * SeedReport r = OdooSeeder.forSeries("17.0")
 *         .partners(10_000).users(50).employees(200).leads(2_000)
 *         .messages(50_000).mailQueue(100).attachments(5_000).attachmentSize(32 * 1024)
 *         .filestore(dataDir, "prod")
 *         .seed(connection);
 * }</pre>
 *
 * <p>Everything in the database is written with set-based SQL ({@code INSERT ... SELECT ...
 * FROM generate_series}); attachments' rows go in with {@code COPY}. Same inputs on the same
 * fixture give the same rows and the same files. Ids continue after the highest existing id of
 * each table, so the seeder runs on a freshly loaded fixture (it is not meant to run twice on one
 * database); timestamps are fixed (2021–2026), never {@code now()}. Every e-mail address and web
 * site is under the reserved {@code example.*} domains. Tables above 100 000 new rows get their
 * own foreign keys dropped during the insert and re-added (validated) at the end of it, in one
 * transaction. Measured on a 2-core machine (fsync off): 2 M partners, 3 M messages and 100 000
 * attachments of 20 KiB (1.9 GB of files) in about 4 minutes.
 *
 * <p>What gets seeded (row counts in the report), one area seeder each, run in this order by
 * {@link #seed}:
 * <ul>
 * <li>{@link ConfigurationSeeder}, always: active production mail servers (SMTP password,
 * Outlook/Gmail OAuth tokens), an active IMAP fetchmail server, mail templates bound to the server,
 * Stripe enabled with live keys, a DHL carrier in production, IAP accounts, Google OAuth enabled, a
 * CDN, a custom cron and secret config parameter, web push devices (17/18);</li>
 * <li>{@link PartnerSeeder}: companies (every 10th) with their contacts, invoice and delivery
 * addresses: names, e-mails, phones, streets, VAT numbers (valid Belgian check digits), HTML comments
 * with phone numbers, company-dependent barcodes (ir_property in 16/17, jsonb in 18), IBANs of some
 * companies, followers;</li>
 * <li>{@link UserSeeder} (each with its own partner): logins, password hashes, signatures, TOTP
 * secrets and trusted devices, API keys, OAuth uids/tokens, calendar tokens, settings, device logs
 * (18), groups; every 5th is a portal user;</li>
 * <li>{@link EmployeeSeeder}, each with a work contact (and a private address partner in 16):
 * birthdays, SSN (Belgian national number), passports, visas, private address/phone/e-mail (17/18),
 * IBAN, emergency contacts, car plates...;</li>
 * <li>{@link LeadSeeder}: leads with contact data and HTML descriptions;</li>
 * <li>{@link MessageSeeder}: chatter messages on partners, leads and employees (comments, incoming
 * e-mails, tracking notifications whose {@code mail_tracking_value} rows keep old e-mail addresses),
 * recipients and notifications;</li>
 * <li>{@link MailQueueSeeder}: an outgoing mail queue ({@code mail_mail} in state {@code outgoing});</li>
 * <li>{@link AttachmentSeeder}: attachments on partners (some as {@code image_1920} avatars),
 * messages, leads and employees ("employee documents"), a tenth of them sharing contents so several
 * rows point to one file ({@link AttachmentContents});</li>
 * <li>{@link PaymentSeeder}: payment tokens and transactions (Stripe) for 1 % of the partners;</li>
 * <li>{@link CommunityModulesSeeder}: the standard modules' personal-data tables (mail, calendar,
 * sale and accounting, HR, website and front office, marketing, recruitment, open wizards);</li>
 * <li>{@link QueueJobSeeder}: OCA queue jobs.</li>
 * </ul>
 * {@link SeedRun} holds what the areas share (connection, counts, first ids, statement helpers);
 * {@link SeedSql} the vocabularies and value expressions.
 */
public final class OdooSeeder {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final OdooSchema.Series series;
    private long partners;
    private long users;
    private long messages;
    private long attachments;
    private long employees;
    private long leads;
    private long mailQueue;
    private long queueJobs = 50;
    private int attachmentSize = 16 * 1024;
    private int sharedContents = 20;
    private Path dataDir;
    private String dbName;
    // Mail hosts a stand-in may really connect to are in the reserved .invalid domain (RFC 2606): they
    // never resolve, so a test or demo that forgets a mail catcher sends nothing off this machine.
    private String smtpHost = "smtp.mailgun.invalid";
    private int smtpPort = 587;
    private String smtpEncryption = "starttls";
    private boolean smtpLogin = true;
    private Consumer<String> progress = line -> System.out.println(
            "[odoo-seeder " + LocalTime.now().format(CLOCK) + "] " + line);

    private OdooSeeder(OdooSchema.Series series) {
        this.series = series;
    }

    /** A seeder for a database loaded with {@link OdooSchema#load} of that series. */
    public static OdooSeeder forSeries(String series) {
        return new OdooSeeder(OdooSchema.Series.of(series));
    }

    /** The Odoo series this seeder writes ("17.0"). */
    public String series() {
        return series.id();
    }

    /** Customer partners (companies and their contacts/addresses). */
    public OdooSeeder partners(long n) {
        this.partners = nonNegative(n, "partners");
        return this;
    }

    /** Users, internal and (every 5th) portal, each with its own partner. */
    public OdooSeeder users(long n) {
        this.users = nonNegative(n, "users");
        return this;
    }

    /** Chatter messages (mail_message) on partners, leads and employees, with tracking values. */
    public OdooSeeder messages(long n) {
        this.messages = nonNegative(n, "messages");
        return this;
    }

    /**
     * Binary attachments with content (files in the filestore, or db_datas without a filestore).
     * Every 10th draws its content from {@link #sharedContents} contents, so the number of distinct
     * files is about {@code 0.9 * n + sharedContents} (all {@code n} with {@code sharedContents(0)}):
     * ask for 112 000 attachments of 20 KiB to get ≥ 100 000 files and ≥ 2 GB.
     */
    public OdooSeeder attachments(long n) {
        this.attachments = nonNegative(n, "attachments");
        return this;
    }

    public OdooSeeder employees(long n) {
        this.employees = nonNegative(n, "employees");
        return this;
    }

    public OdooSeeder leads(long n) {
        this.leads = nonNegative(n, "leads");
        return this;
    }

    /** Outgoing e-mails waiting in mail_mail (state outgoing), each with its mail_message. */
    public OdooSeeder mailQueue(long n) {
        this.mailQueue = nonNegative(n, "mailQueue");
        return this;
    }

    /** OCA queue_job rows in all states (default 50). */
    public OdooSeeder queueJobs(long n) {
        this.queueJobs = nonNegative(n, "queueJobs");
        return this;
    }

    /** Average attachment size in bytes (sizes vary from 0.5x to 1.5x; default 16 KiB). */
    public OdooSeeder attachmentSize(int averageBytes) {
        if (averageBytes < 16) {
            throw new IllegalArgumentException("attachment size must be at least 16 bytes");
        }
        this.attachmentSize = averageBytes;
        return this;
    }

    /**
     * How many distinct contents every 10th attachment is drawn from (default 20): those
     * attachments share files, to exercise content addressing. 0: every attachment has its own
     * content (then files = attachments).
     */
    public OdooSeeder sharedContents(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("sharedContents must not be negative");
        }
        this.sharedContents = n;
        return this;
    }

    /**
     * Where the attachments' files go: {@code <dataDir>/filestore/<dbName>/<sha1[:2]>/<sha1>}. Without
     * it, attachment contents are stored in {@code ir_attachment.db_datas} (ICP
     * {@code ir_attachment.location=db} style).
     */
    public OdooSeeder filestore(Path dataDir, String dbName) {
        this.dataDir = dataDir;
        this.dbName = dbName;
        return this;
    }

    /**
     * The production SMTP server the seeded active {@code ir_mail_server} (lowest sequence) points
     * at; default smtp.mailgun.invalid:587 with STARTTLS and a login. Point it at a test SMTP sink to
     * prove what a clone would send ({@code encryption}: none, starttls or ssl). With
     * {@code login}, the server has a user and password (like production; the sink must then
     * accept AUTH with any credentials); without, {@code smtp_user}/{@code smtp_pass} are NULL.
     */
    public OdooSeeder mailServer(String host, int port, String encryption, boolean login) {
        this.smtpHost = host;
        this.smtpPort = port;
        this.smtpEncryption = encryption;
        this.smtpLogin = login;
        return this;
    }

    /** {@link #mailServer(String, int, String, boolean)} without encryption, with a login. */
    public OdooSeeder mailServer(String host, int port) {
        return mailServer(host, port, "none", true);
    }

    /** Progress lines (default: stdout). */
    public OdooSeeder progress(Consumer<String> progress) {
        this.progress = progress == null ? line -> { } : progress;
        return this;
    }

    private static long nonNegative(long n, String what) {
        if (n < 0) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return n;
    }

    // ------------------------------------------------------------------------------------------

    /** Seeds the database behind {@code c} (committing as it goes) and the filestore. */
    public SeedReport seed(Connection c) throws SQLException {
        long t0 = System.nanoTime();
        SeedOptions options = new SeedOptions(series, partners, users, messages, attachments, employees, leads, mailQueue,
                queueJobs, attachmentSize, sharedContents, dataDir, dbName, smtpHost, smtpPort, smtpEncryption, smtpLogin,
                progress);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        SeedRun run = new SeedRun(c, options);
        try {
            seedAreas(run);
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        SeedReport report = new SeedReport(series.id(), run.rows, run.attachmentRows, run.distinctFiles,
                run.distinctBytes, run.attachmentBytes, options.filestore(), elapsed);
        progress.accept("done in " + elapsed.toMillis() + " ms: " + report);
        return report;
    }

    /**
     * One seeder per Odoo area, in the order their rows refer to each other: partners before the
     * users, employees, leads, messages and attachments that link to them; the standard modules'
     * tables copy partners (and employees) seeded before.
     */
    private void seedAreas(SeedRun run) throws SQLException {
        progress.accept("seeding Odoo " + series.id() + ": partners=" + partners + " users=" + users + " employees="
                + employees + " leads=" + leads + " messages=" + messages + " mailQueue=" + mailQueue
                + " attachments=" + attachments + " (avg " + attachmentSize + " B)"
                + (dataDir != null ? " filestore=" + dataDir.resolve("filestore").resolve(dbName) : " in db_datas"));
        List<AreaSeeder> areas = List.of(new ConfigurationSeeder(run), new PartnerSeeder(run), new UserSeeder(run),
                new EmployeeSeeder(run), new LeadSeeder(run), new MessageSeeder(run), new MailQueueSeeder(run),
                new AttachmentSeeder(run), new PaymentSeeder(run), new CommunityModulesSeeder(run), new QueueJobSeeder(run));
        for (AreaSeeder area : areas) {
            area.seed();
        }
        run.resetSequences();
        run.c.commit();
    }
}
