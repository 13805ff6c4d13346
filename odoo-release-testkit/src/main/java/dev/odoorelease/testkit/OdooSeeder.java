package dev.odoorelease.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

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
 * <p>What gets seeded (row counts in the report):
 * <ul>
 * <li>partners: companies (every 10th) with their contacts, invoice and delivery addresses: names,
 * e-mails, phones, streets, VAT numbers (valid Belgian check digits), HTML comments with phone
 * numbers, company-dependent barcodes (ir_property in 16/17, jsonb in 18), IBANs of some companies,
 * followers, payment tokens and transactions (Stripe) for 1 %;</li>
 * <li>users (each with its own partner): logins, password hashes, signatures, TOTP secrets and
 * trusted devices, API keys, OAuth uids/tokens, calendar tokens, settings, device logs (18), groups;
 * every 5th is a portal user;</li>
 * <li>employees, each with a work contact (and a private address partner in 16): birthdays, SSN
 * (Belgian national number), passports, visas, private address/phone/e-mail (17/18), IBAN, emergency
 * contacts, car plates...;</li>
 * <li>leads with contact data and HTML descriptions;</li>
 * <li>chatter messages on partners, leads and employees (comments, incoming e-mails, tracking
 * notifications whose {@code mail_tracking_value} rows keep old e-mail addresses), recipients and
 * notifications;</li>
 * <li>an outgoing mail queue ({@code mail_mail} in state {@code outgoing});</li>
 * <li>attachments on partners (some as {@code image_1920} avatars), messages, leads and employees
 * ("employee documents"), a tenth of them sharing contents so several rows point to one file;</li>
 * <li>always: active production mail servers (SMTP password, Outlook/Gmail OAuth tokens), an
 * active IMAP fetchmail server, mail templates bound to the server, Stripe enabled with live keys, a
 * DHL carrier in production, IAP accounts, Google OAuth enabled, a CDN, a custom cron and secret
 * config parameter, OCA queue jobs, web push devices (17/18).</li>
 * </ul>
 */
public final class OdooSeeder {
    private static final int CHUNK = 250_000;
    private static final long BULK_THRESHOLD = 100_000;
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
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        Run run = new Run(c);
        try {
            run.go();
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
        Path fs = dataDir == null ? null : dataDir.resolve("filestore").resolve(dbName);
        SeedReport report = new SeedReport(series.id(), run.rows, run.attachmentRows, run.distinctFiles,
                run.distinctBytes, run.attachmentBytes, fs, elapsed);
        progress.accept("done in " + elapsed.toMillis() + " ms: " + report);
        return report;
    }

    // ---------- fixed vocabularies (deterministic picks by index) ------------------------------
    private static final String[] FIRST = {"Emma", "Liam", "Olivia", "Noah", "Louise", "Lucas", "Mila", "Arthur", "Zoë",
        "Jules", "Sofia", "Mateo", "Léa", "Hugo", "Anna", "Finn", "Marie", "Lars", "Elena", "Marco", "Julia", "Tom", "Sara",
        "Luca", "Chloé", "Adam", "Nina", "Victor", "Alice", "Leon", "Clara", "Max", "Eva", "Felix", "Inès", "David", "Laura",
        "Paul", "Hanna", "Thomas", "Amélie", "Daan", "Isabel", "Javier", "Giulia", "Oliver", "Charlotte", "James", "Amelia",
        "Ethan", "Mia", "Benjamin", "Grace", "Samuel", "Ava", "Daniel", "Lina", "Yusuf", "Fatima", "Mohamed"};
    private static final String[] LAST = {"Peeters", "Janssens", "Maes", "Jacobs", "Dubois", "Martin", "Bernard", "Müller",
        "Schmidt", "Schneider", "de Jong", "Jansen", "de Vries", "Smith", "Johnson", "Williams", "Brown", "Jones", "García",
        "Fernández", "López", "Rossi", "Russo", "Ferrari", "Lambert", "Dupont", "Leroy", "Moreau", "Fischer", "Weber",
        "Meyer", "Wagner", "Bakker", "Visser", "Smit", "Taylor", "Davies", "Evans", "Martínez", "Sánchez", "Romano",
        "Colombo", "Claes", "Goossens", "Wouters", "Mertens", "Willems", "Petit", "Durand", "Becker", "Hoffmann", "Mulder",
        "van Dijk", "Wilson", "Thomas", "Roberts", "Pérez", "Gómez", "Esposito", "Bianchi"};
    private static final String[] CO_A = {"Acme", "Bluebird", "Northwind", "Contoso", "Fabrikam", "Globex", "Initech",
        "Umbrella", "Stark", "Wayne", "Tyrell", "Soylent", "Cyberdyne", "Hooli", "Vandelay", "Pied Piper", "Wonka",
        "Gringotts", "Oscorp", "Aperture"};
    private static final String[] CO_B = {"Industries", "Logistics", "Solutions", "Trading", "Consulting", "Foods",
        "Systems", "Partners", "Labs", "Supplies", "Engineering", "Retail"};
    // countries of the fixture, ids 1..8: BE FR DE NL US GB ES IT
    private static final String[] SUFFIX = {"NV", "SAS", "GmbH", "B.V.", "Inc.", "Ltd", "S.L.", "S.r.l."};
    private static final String[] PHONE_PREFIX = {"+32", "+33", "+49", "+31", "+1", "+44", "+34", "+39"};
    private static final String[] TZ = {"Europe/Brussels", "Europe/Paris", "Europe/Berlin", "Europe/Amsterdam",
        "America/New_York", "Europe/London", "Europe/Madrid", "Europe/Rome"};
    private static final String[] LANG = {"fr_FR", "fr_FR", "en_US", "nl_NL", "en_US", "en_US", "en_US", "en_US"};
    private static final String[] CITY = {"Brussels", "Antwerp", "Ghent", "Liège", "Paris", "Lyon", "Marseille", "Lille",
        "Berlin", "Munich", "Hamburg", "Cologne", "Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "San Francisco",
        "New York", "Austin", "Los Angeles", "London", "Manchester", "Leeds", "Bristol", "Madrid", "Barcelona", "Valencia",
        "Seville", "Milan", "Rome", "Turin", "Naples"};
    private static final String[] ZIP = {"1000", "2000", "9000", "4000", "75001", "69001", "13001", "59000", "10115",
        "80331", "20095", "50667", "1011 AB", "3011 AD", "3511 AA", "5611 AZ", "94107", "10001", "78701", "90012",
        "EC1A 1BB", "M1 1AE", "LS1 1UR", "BS1 4DJ", "28001", "08001", "46001", "41001", "20121", "00184", "10121", "80121"};
    private static final String[] STATE = {"", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "1", "2", "3",
        "1", "", "", "", "", "4", "", "", "", "5", "", "", ""};
    private static final String[] STREET = {"Rue de la Loi", "Avenue Louise", "Chaussée de Wavre", "Rue Neuve",
        "Boulevard Anspach", "Hauptstraße", "Bahnhofstraße", "Kerkstraat", "Dorpsstraat", "Main Street", "Oak Avenue",
        "Maple Drive", "High Street", "Station Road", "Calle Mayor", "Gran Vía", "Via Roma", "Corso Italia",
        "Rue de Rivoli", "Avenue des Champs-Élysées"};
    private static final String[] FUNCTION = {"Sales Manager", "CEO", "Accountant", "Purchasing Officer", "IT Manager",
        "Office Manager", "CFO", "Logistics Coordinator", "HR Manager", "Consultant"};
    private static final String[] JOB = {"Software Developer", "Accountant", "Sales Representative", "Warehouse Operator",
        "Project Manager", "HR Officer", "Customer Support Agent", "Marketing Specialist"};

    private static String arr(String... values) {
        StringBuilder b = new StringBuilder("ARRAY[");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('\'').append(values[i].replace("'", "''")).append('\'');
        }
        return b.append("]::text[]").toString();
    }

    /** The vocabulary CTE: {@code WITH d AS (...)} */
    private static final String VOCAB = "d AS (SELECT " + arr(FIRST) + " AS fn, " + arr(LAST) + " AS ln, " + arr(CO_A)
            + " AS ca, " + arr(CO_B) + " AS cb, " + arr(SUFFIX) + " AS suf, " + arr(PHONE_PREFIX) + " AS pfx, " + arr(TZ)
            + " AS tz, " + arr(LANG) + " AS lang, " + arr(CITY) + " AS city, " + arr(ZIP) + " AS zip, " + arr(STATE)
            + " AS stt, " + arr(STREET) + " AS st, " + arr(FUNCTION) + " AS fu, " + arr(JOB) + " AS job, "
            + arr(slugs(FIRST, ".")) + " AS fns, " + arr(slugs(LAST, ".")) + " AS lns, " + arr(slugs(CO_A, "-")) + " AS cas, "
            + arr(slugs(CO_B, "-")) + " AS cbs, " + arr(slugs(SUFFIX, "-")) + " AS sufs)";

    /** ascii slugs of a vocabulary, computed once here instead of per row in SQL. */
    private static String[] slugs(String[] words, String sep) {
        String[] out = new String[words.length];
        for (int i = 0; i < words.length; i++) {
            String ascii = java.text.Normalizer.normalize(words[i].replace("ß", "ss"), java.text.Normalizer.Form.NFD)
                    .replaceAll("\\p{M}", "");
            out[i] = ascii.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", sep.equals(".") ? "." : "-")
                    .replaceAll("^[.-]+|[.-]+$", "");
        }
        return out;
    }

    /** ascii slug of a SQL text expression, for e-mail local parts and host names. */
    private static String slug(String expr, String sep) {
        if (sep.equals(".") && (expr.startsWith("d.fn[") || expr.startsWith("d.ln[")) && expr.endsWith("]")
                && expr.indexOf(']') == expr.length() - 1) {
            return expr.replace("d.fn[", "d.fns[").replace("d.ln[", "d.lns[");
        }
        return "trim(both '" + sep + "' from regexp_replace(lower(translate(" + expr
                + ", 'àáâäãçèéêëìíîïñòóôöùúûüÿßÀÁÂÄÇÈÉÊËÌÍÎÏÑÒÓÔÖÙÚÛÜ', 'aaaaaceeeeiiiinoooouuuuysAAAACEEEEIIIINOOOOUUUU')), '[^a-z0-9]+', '"
                + sep + "', 'g'))";
    }

    /** "+32 470 12 34 56" from a prefix expression and a 9-digit text expression. */
    private static String phone(String pfx, String num) {
        return pfx + " || ' ' || substr(" + num + ", 1, 3) || ' ' || substr(" + num + ", 4, 2) || ' ' || substr(" + num
                + ", 6, 2) || ' ' || substr(" + num + ", 8, 2)";
    }

    /** A 9-digit text derived from an integer expression. */
    private static String digits9(String expr, long mult, long add) {
        return "lpad(((((" + expr + ") * " + mult + " + " + add + ") % 900000000) + 100000000)::text, 9, '0')";
    }

    /** A valid IBAN (BE, DE, FR or NL, by {@code idx % 4}) derived from an integer expression. */
    private static String iban(String expr) {
        String n = "(" + expr + ")";
        String be = "lpad(((" + n + " * 2654435761 + 539007547034) % 1000000000000)::text, 12, '0')";
        String de = "lpad(((" + n + " * 2654435761 + 370400440532013000) % 1000000000000000000)::text, 18, '0')";
        String fr = "lpad(((" + n + " * 2654435761 + 12345678901) % 100000000000)::text, 11, '0')";
        String nl = "lpad(((" + n + " * 2654435761 + 417164300) % 10000000000)::text, 10, '0')";
        return "CASE " + n + " % 4"
                + " WHEN 0 THEN 'BE' || lpad((98 - mod((" + be + " || '111400')::numeric, 97))::text, 2, '0') || " + be
                + " WHEN 1 THEN 'DE' || lpad((98 - mod((" + de + " || '131400')::numeric, 97))::text, 2, '0') || " + de
                + " WHEN 2 THEN 'FR' || lpad((98 - mod(('3000600001' || " + fr + " || '27' || '152700')::numeric, 97))::text, 2, '0') || '3000600001' || "
                + fr + " || '27'"
                + " ELSE 'NL' || lpad((98 - mod(('10112310' || " + nl + " || '232100')::numeric, 97))::text, 2, '0') || 'ABNA' || " + nl
                + " END";
    }

    private static String ibanFormatted(String ibanExpr) {
        return "rtrim(regexp_replace(" + ibanExpr + ", '(.{4})', '\\1 ', 'g'))";
    }

    /** A deterministic timestamp between {@code from} and {@code from + spanSeconds}. */
    private static String ts(String from, String expr, long spanSeconds) {
        return "(timestamp '" + from + "' + ((((" + expr + ") * 7919) % " + spanSeconds + ") * interval '1 second'))";
    }

    // ------------------------------------------------------------------------------------------
    private final class Run {
        final Connection c;
        final Map<String, Long> rows = new LinkedHashMap<>();
        final int major = series.major();
        final String nameCol;
        long attachmentRows;
        long distinctFiles;
        long distinctBytes;
        long attachmentBytes;
        boolean noCommit;

        // id ranges (first id of each seeded block)
        long pBase;          // customer partners [pBase, pBase + partners)
        long upBase;         // user partners
        long uBase;          // users
        long wcBase;         // employee work contacts
        long ppBase;         // employee private addresses (16)
        long eBase;          // employees
        long rrBase;         // employee resources
        long bankBase;       // employee bank accounts
        long lBase;          // leads
        long mBase;          // chatter messages
        long qmBase;         // queued mails' messages
        long mmBase;         // mail_mail
        long aBase;          // attachments
        long mailServerId;   // the production mail server

        Run(Connection c) {
            this.c = c;
            this.nameCol = major == 16 ? "display_name" : "complete_name";
        }

        void go() throws SQLException {
            progress.accept("seeding Odoo " + series.id() + ": partners=" + partners + " users=" + users + " employees="
                    + employees + " leads=" + leads + " messages=" + messages + " mailQueue=" + mailQueue
                    + " attachments=" + attachments + " (avg " + attachmentSize + " B)"
                    + (dataDir != null ? " filestore=" + dataDir.resolve("filestore").resolve(dbName) : " in db_datas"));
            configuration();
            seedPartners();
            seedUsers();
            seedEmployees();
            seedLeads();
            seedMessages();
            seedMailQueue();
            seedAttachments();
            seedPayments();
            seedCommunityModules();
            seedQueueJobs();
            resetSequences();
            c.commit();
        }

        // ----- helpers --------------------------------------------------------------------------
        long exec(String table, String sql, Object... params) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                long n = ps.executeLargeUpdate();
                if (table != null) {
                    rows.merge(table, n, Long::sum);
                }
                return n;
            } catch (SQLException e) {
                String shown = sql.length() > 1500 ? sql.substring(sql.length() - 1500) : sql;
                throw new SQLException("seeding " + table + " failed: " + e.getMessage() + "\nSQL (end): " + shown, e.getSQLState(), e);
            }
        }

        /** Moves a table's id sequence past rows inserted with explicit ids. */
        void sync(String... tables) throws SQLException {
            for (String table : tables) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                            + "GREATEST((SELECT COALESCE(max(id), 0) FROM " + table + "), 1))");
                }
            }
        }

        long nextId(String table) throws SQLException {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COALESCE(max(id), 0) + 1 FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /**
         * Runs a big insert with the table's own foreign keys dropped and re-added afterwards (one
         * validating scan per key instead of a trigger per row), all in one transaction, so a failure
         * rolls the keys back too. Small inserts run as they are.
         */
        void bulk(String table, long expectedRows, Body body) throws SQLException {
            if (expectedRows < BULK_THRESHOLD) {
                body.run();
                return;
            }
            c.commit();
            java.util.List<String[]> fks = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    + "WHERE conrelid = ?::regclass AND contype = 'f' ORDER BY conname")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        fks.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                for (String[] fk : fks) {
                    st.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + fk[0] + "\"");
                }
            }
            noCommit = true;
            try {
                body.run();
            } finally {
                noCommit = false;
            }
            long t0 = System.nanoTime();
            try (Statement st = c.createStatement()) {
                for (String[] fk : fks) {
                    st.execute("ALTER TABLE " + table + " ADD CONSTRAINT \"" + fk[0] + "\" " + fk[1]);
                }
            }
            c.commit();
            progress.accept(table + ": " + fks.size() + " foreign keys re-added and validated in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }

        void commit() throws SQLException {
            if (!noCommit) {
                c.commit();
            }
        }

        void chunked(String what, long total, ChunkBody body) throws SQLException {
            for (long lo = 0; lo < total; lo += CHUNK) {
                long hi = Math.min(total, lo + CHUNK) - 1;
                body.run(lo, hi);
                commit();
                if (total > CHUNK) {
                    progress.accept(what + ": " + (hi + 1) + "/" + total);
                }
            }
        }

        String v(String s16, String s17, String s18) {
            return major == 16 ? s16 : major == 17 ? s17 : s18;
        }

        // ----- secrets & configuration ----------------------------------------------------------
        void configuration() throws SQLException {
            progress.accept("configuration: mail servers, fetchmail, payment, carrier, IAP, OAuth, CDN, crons");
            mailServerId = nextId("ir_mail_server");
            exec("ir_mail_server", """
                    INSERT INTO ir_mail_server (id, name, from_filter, smtp_host, smtp_port, smtp_authentication, smtp_user,
                        smtp_pass, smtp_encryption, smtp_debug, sequence, active, create_uid, create_date, write_uid, write_date)
                    VALUES (?, 'Mailgun (production)', NULL, ?, ?, 'login', ?, ?, ?, false, 10, true, 2, timestamp '2026-11-20 09:00:00',
                        2, timestamp '2026-11-20 09:00:00')
                    """, mailServerId, smtpHost, smtpPort, smtpLogin ? "postmaster@mg.yourcompany.example.com" : null,
                    smtpLogin ? "mg-smtp-4d7f1c9e2b6a8f3e0d5c1b9a7e4f2c8d" : null, smtpEncryption);
            sync("ir_mail_server");
            exec("ir_mail_server", """
                    INSERT INTO ir_mail_server (name, from_filter, smtp_host, smtp_port, smtp_authentication, smtp_user, smtp_pass,
                        smtp_encryption, sequence, active, microsoft_outlook_refresh_token, microsoft_outlook_access_token,
                        microsoft_outlook_access_token_expiration, create_uid, create_date, write_uid, write_date)
                    VALUES ('Office 365 (sales)', 'sales@yourcompany.example.com', 'smtp.office365.invalid', 587, 'outlook',
                        'sales@yourcompany.example.com', NULL, 'starttls', 20, true,
                        'M.C507_BAY.0.U.-Cq8sDfR2kLmNp9QvXyZ1aB3cD5eF7gH9iJ!kLmN*oPqR$sTuV', 'EwBYA8l6BAAUbDba3x2OMJElkF7gJ4z',
                        1795400000, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                    ('Gmail (legacy)', NULL, 'smtp.gmail.invalid', 587, 'gmail', 'erp@yourcompany.example.com', NULL, 'starttls', 30, false,
                        NULL, NULL, NULL, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    """);
            exec(null, """
                    UPDATE ir_mail_server SET google_gmail_refresh_token = '1//09xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789-abcdEFGH',
                        google_gmail_access_token = 'ya29.a0AfB_byC1dE2fG3hI4jK5lM6nO7pQ8rS9tU0vW', google_gmail_access_token_expiration = 1795400000
                     WHERE name = 'Gmail (legacy)'
                    """);
            exec(null, "UPDATE mail_template SET mail_server_id = ?", mailServerId);
            exec("fetchmail_server", """
                    INSERT INTO fetchmail_server (name, active, state, server, port, server_type, is_ssl, attach, original, "user",
                        password, object_id, priority, create_uid, create_date, write_uid, write_date)
                    VALUES ('Support inbox', true, 'done', 'imap.yourcompany.invalid', 993, 'imap', true, true, false,
                        'support@yourcompany.example.com', 'imap-S3cr3t-9f8e7d6c', (SELECT id FROM ir_model WHERE model = 'crm.lead'), 5,
                        2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                    ('Jobs inbox (Gmail)', true, 'done', 'imap.gmail.invalid', 993, 'gmail', true, true, false,
                        'jobs@yourcompany.example.com', NULL, NULL, 5, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    """);
            exec(null, """
                    UPDATE fetchmail_server SET google_gmail_refresh_token = '1//04jobsRefreshTokenXYZ0987654321-abcdefghij'
                     WHERE name = 'Jobs inbox (Gmail)'
                    """);
            exec(null, """
                    UPDATE payment_provider SET state = 'enabled', is_published = true,
                        stripe_publishable_key = 'pk_live_51Hx4Y2KcJ3mN8pQ0rS5tU7vW9xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFGH',
                        stripe_secret_key = 'sk_live_51Hx4Y2KcJ3mN8pQ0rS5tU7vW9xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdIJKL',
                        stripe_webhook_secret = 'whsec_4f9a2c7e1b8d3f6a0c5e9b2d7f1a4c8e'
                     WHERE code = 'stripe'
                    """);
            exec(null, "UPDATE payment_provider SET state = 'test' WHERE id = (SELECT min(id) FROM payment_provider WHERE code = 'none')");
            exec(null, "UPDATE delivery_carrier SET prod_environment = true");
            exec("delivery_carrier", """
                    INSERT INTO delivery_carrier (name, active, sequence, delivery_type, integration_level, prod_environment,
                        debug_logging, company_id, product_id, invoice_policy, margin, free_over, amount, fixed_price,
                        create_uid, create_date, write_uid, write_date)
                    VALUES ('{"en_US": "DHL Express"}', true, 20, 'dhl', 'rate_and_ship', true, false, 1, 2, 'real', 0, false,
                        0, 0, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    """);
            String iap = v("""
                    INSERT INTO iap_account (service_name, account_token, create_uid, create_date, write_uid, write_date)
                    VALUES ('sms', '7c1e9a4f2b8d6e3a0f5c9b1d7e4a2f8c', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                           ('partner_autocomplete', '0d3f6a9c2e5b8f1a4d7c0e3b6a9f2c5e', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    """, """
                    INSERT INTO iap_account (name, service_name, account_token, create_uid, create_date, write_uid, write_date)
                    VALUES ('SMS', 'sms', '7c1e9a4f2b8d6e3a0f5c9b1d7e4a2f8c', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                           ('Partner Autocomplete', 'partner_autocomplete', 'legacy-0d3f6a9c2e5b8f1a4d7c0e3b6a9f2c5e1b4d',
                            2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    """, """
                    INSERT INTO iap_account (name, service_id, service_locked, account_token, balance, warning_threshold, state,
                        create_uid, create_date, write_uid, write_date)
                    VALUES ('SMS', 1, true, '7c1e9a4f2b8d6e3a0f5c9b1d7e4a2f8c', '250.00', 50, 'registered', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                           ('Partner Autocomplete', 2, true, 'legacy-0d3f6a9c2e5b8f1a4d7c0e3b6a9f2c5e1b4d', '1000', 100, 'registered',
                            2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    """);
            exec("iap_account", iap);
            exec("iap_account_res_company_rel", "INSERT INTO iap_account_res_company_rel SELECT id, 1 FROM iap_account");
            exec(null, """
                    UPDATE auth_oauth_provider SET enabled = true,
                        client_id = '123456789012-0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p.apps.googleusercontent.com'
                     WHERE name = 'Google OAuth2'
                    """);
            exec(null, """
                    UPDATE website SET cdn_activated = true, cdn_url = 'https://cdn.yourcompany.example.com',
                        google_maps_api_key = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', robots_txt = E'User-agent: *\\nAllow: /'
                    """);
            exec(null, "UPDATE ir_cron SET active = true WHERE id = (SELECT res_id FROM ir_model_data WHERE module = 'mail' AND name = 'ir_cron_mail_scheduler_action')");
            long actionId;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT nextval('ir_actions_id_seq')")) {
                rs.next();
                actionId = rs.getLong(1);
            }
            exec("ir_act_server", """
                    INSERT INTO ir_act_server (id, name, type, binding_type, usage, state, model_id, model_name, code,
                        create_uid, create_date, write_uid, write_date)
                    VALUES (?, '{"en_US": "ERP: push confirmed orders to the warehouse"}', 'ir.actions.server', 'action', 'ir_cron', 'code',
                        (SELECT id FROM ir_model WHERE model = 'res.partner'), 'res.partner',
                        'env["res.partner"]._push_to_wms(url="https://wms.yourcompany.example.com/api", token=env["ir.config_parameter"].get_param("custom.wms_api_token"))',
                        2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    """, actionId);
            long cronId = nextId("ir_cron");
            exec("ir_cron", "INSERT INTO ir_cron (id, ir_actions_server_id, cron_name, user_id, active, interval_number, interval_type, "
                    + (major < 18 ? "numbercall, doall, " : "") + "nextcall, priority, create_uid, create_date, write_uid, write_date) "
                    + "VALUES (?, ?, 'ERP: push confirmed orders to the warehouse', 2, true, 5, 'minutes', "
                    + (major < 18 ? "-1, false, " : "") + "timestamp '2026-11-22 10:05:00', 10, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')",
                    cronId, actionId);
            sync("ir_cron");
            exec("ir_model_data", """
                    INSERT INTO ir_model_data (name, module, model, res_id, noupdate) VALUES
                        ('ir_cron_push_orders_ir_actions_server', 'custom_erp_sync', 'ir.actions.server', ?, true),
                        ('ir_cron_push_orders', 'custom_erp_sync', 'ir.cron', ?, true)
                    """, actionId, cronId);
            exec("ir_config_parameter", """
                    INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date) VALUES
                        ('custom.wms_api_token', 'wms-live-3b9f1d7a5c2e8f4a6d0b', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'),
                        ('google_recaptcha_private_key', '6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00')
                    ON CONFLICT (key) DO NOTHING
                    """);
            if (major >= 17) {
                String device = major == 17 ? "mail_partner_device" : "mail_push_device";
                String push = major == 17 ? "mail_notification_web_push" : "mail_push";
                String fk = major == 17 ? "user_device" : "mail_push_device_id";
                exec(device, "INSERT INTO " + device + " (partner_id, endpoint, keys, expiration_time, create_uid, create_date) "
                        + "SELECT 3, 'https://fcm.googleapis.com/fcm/send/' || md5('device' || i) || ':APA91b' || md5('k' || i), "
                        + "'{\"p256dh\": \"BN' || md5('p' || i) || '\", \"auth\": \"' || left(md5('a' || i), 22) || '\"}', NULL, 2, "
                        + "timestamp '2026-11-20 09:00:00' FROM generate_series(1, 3) i");
                exec(push, "INSERT INTO " + push + " (" + fk + ", payload, create_uid, create_date) "
                        + "SELECT (SELECT min(id) FROM " + device + "), '{\"title\": \"New message\", \"options\": {\"body\": \"Order ' || i || ' confirmed\"}}', 2, timestamp '2026-11-20 09:00:00' "
                        + "FROM generate_series(1, 5) i");
            }
            c.commit();
        }

        // ----- partners -------------------------------------------------------------------------
        void seedPartners() throws SQLException {
            if (partners == 0) {
                return;
            }
            pBase = nextId("res_partner");
            progress.accept("res_partner: " + partners + " partners from id " + pBase);
            String coName = "d.ca[1 + (c * 3) % 20] || ' ' || d.cb[1 + (c * 7 + c / 20) % 12] || ' ' || d.suf[1 + ctry]";
            String extraCols = v(", date, signup_type", ", date, signup_type", ", barcode, signup_type");
            String extraVals = v(
                    ", CASE WHEN k % 40 = 5 THEN date '2019-06-01' + (k % 1500)::int END, NULL",
                    ", CASE WHEN k % 40 = 5 THEN date '2019-06-01' + (k % 1500)::int END, NULL",
                    ", CASE WHEN k % 20 = 3 THEN jsonb_build_object('1', 'PRT' || lpad(k::text, 9, '0')) END, NULL");
            String sql = "WITH " + VOCAB + ", g AS (SELECT k, k / 10 AS c, (k % 10 = 0) AS is_co, ((k / 10) % 8)::int AS ctry, "
                    + "(((k / 10) / 8) % 4)::int AS cty, " + digits9("k", 7919, 1234567) + " AS num, "
                    + digits9("k", 104729, 7654321) + " AS num2, " + digits9("k / 10", 15485863, 99991) + " AS conum "
                    + "FROM generate_series(?::bigint, ?::bigint) k), "
                    + "n AS (SELECT g.*, d.fn[1 + (k * 7) % 60] AS first, d.ln[1 + (k * 13 + k / 60) % 60] AS last, "
                    + coName + " AS coname, d.pfx[1 + ctry] AS pfx, d.city[1 + ctry * 4 + cty] AS city, "
                    + "d.zip[1 + ctry * 4 + cty] AS zip, NULLIF(d.stt[1 + ctry * 4 + cty], '')::int AS state_id, "
                    + "d.st[1 + (c * 11) % 20] AS street_name, d.st[1 + (k * 3) % 20] AS own_street, d.tz[1 + ctry] AS tz, "
                    + "d.lang[1 + ctry] AS lang, d.fu[1 + k % 10] AS func, d.fns[1 + (k * 7) % 60] AS fslug, "
                    + "d.lns[1 + (k * 13 + k / 60) % 60] AS lslug, d.cas[1 + (c * 3) % 20] || '-' || d.cbs[1 + (c * 7 + c / 20) % 12] "
                    + "|| '-' || d.sufs[1 + ctry] AS coslug FROM g, d), "
                    + "e0 AS (SELECT n.*, lpad((1000000 + (c * 7919) % 8999999)::text, 7, '0') AS be7 FROM n), "
                    + "e AS (SELECT e0.*, CASE WHEN is_co THEN 'info@' || coslug || '.example.com' "
                    + "ELSE fslug || '.' || lslug || '.' || k || '@' || coslug || '.example.com' END AS mail FROM e0) "
                    + "INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, is_company, parent_id, "
                    + "commercial_partner_id, commercial_company_name, email, email_normalized, phone, mobile, phone_sanitized, "
                    + "street, street2, zip, city, state_id, country_id, vat, company_registry, website, comment, function, ref, "
                    + "lang, tz, partner_share, employee, color, title, industry_id, message_bounce" + extraCols
                    + ", create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + k, "
                    + "CASE WHEN is_co THEN coname ELSE first || ' ' || last END, "
                    + "CASE WHEN is_co THEN coname ELSE coname || ', ' || first || ' ' || last END, "
                    + "1, CASE WHEN k % 10 = 9 THEN 'invoice' WHEN k % 10 = 8 THEN 'delivery' ELSE 'contact' END, "
                    + "(k % 50 <> 7), is_co, CASE WHEN is_co THEN NULL ELSE ?::bigint + (k / 10) * 10 END, "
                    + "?::bigint + (k / 10) * 10, coname, "
                    + "mail, lower(mail), "
                    + "CASE WHEN is_co THEN " + phone("pfx", "conum") + " ELSE " + phone("pfx", "num") + " END, "
                    + "CASE WHEN is_co OR k % 3 = 1 THEN NULL ELSE " + phone("pfx", "num2") + " END, "
                    + "pfx || CASE WHEN is_co THEN conum ELSE num END, "
                    + "CASE WHEN k % 10 = 8 THEN own_street || ' ' || (1 + (k * 37) % 250) ELSE street_name || ' ' || (1 + (c * 37) % 250) END, "
                    + "CASE WHEN c % 4 = 0 THEN 'Floor ' || (1 + c % 9) END, zip, city, state_id, 1 + ctry, "
                    + "CASE ctry WHEN 0 THEN 'BE0' || be7 || lpad((97 - mod(('0' || be7)::bigint, 97))::text, 2, '0') "
                    + "WHEN 1 THEN 'FR' || lpad(((c * 13) % 100)::text, 2, '0') || conum WHEN 2 THEN 'DE' || conum "
                    + "WHEN 3 THEN 'NL' || conum || 'B01' WHEN 5 THEN 'GB' || conum WHEN 6 THEN 'ESB' || left(conum, 8) "
                    + "WHEN 7 THEN 'IT' || conum || lpad((c % 100)::text, 2, '0') END, "
                    + "CASE WHEN is_co AND ctry IN (0, 1, 2) THEN left(conum, 9) END, "
                    + "CASE WHEN is_co THEN 'https://www.' || coslug || '.example.com' END, "
                    + "CASE WHEN is_co THEN '<p>Key account since ' || (2012 + c % 12) || '. Switchboard: ' || " + phone("pfx", "conum")
                    + " || '.</p>' WHEN k % 3 = 0 THEN '<p>Met at the ' || city || ' trade fair. Private mobile: ' || "
                    + phone("pfx", "num2") + " || ', prefers calls after 5 pm.</p>' END, "
                    + "CASE WHEN is_co THEN NULL ELSE func END, CASE WHEN is_co THEN 'C' || lpad(c::text, 7, '0') END, "
                    + "lang, tz, true, false, (k % 12)::int, CASE WHEN is_co OR k % 6 = 0 THEN NULL ELSE 1 + (k % 5)::int END, "
                    + "CASE WHEN is_co THEN 1 + (c % 4)::int END, CASE WHEN k % 97 = 0 THEN 3 ELSE 0 END" + extraVals + ", "
                    + "2, " + ts("2021-01-04 08:00:00", "k", 157_680_000L) + ", 2, "
                    + ts("2024-06-01 08:00:00", "k", 31_536_000L) + " FROM e";
            String finalSql = sql;
            bulk("res_partner", partners, () ->
                    chunked("res_partner", partners, (lo, hi) -> exec("res_partner", finalSql, lo, hi, pBase, pBase, pBase)));
            sync("res_partner");
            if (major < 18) {
                chunked("ir_property", partners, (lo, hi) -> exec("ir_property", """
                        INSERT INTO ir_property (name, res_id, company_id, fields_id, value_text, type, create_uid, create_date, write_uid, write_date)
                        SELECT 'barcode', 'res.partner,' || (?::bigint + k), 1,
                               (SELECT id FROM ir_model_fields WHERE model = 'res.partner' AND name = 'barcode'),
                               'PRT' || lpad(k::text, 9, '0'), 'char', 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'
                          FROM generate_series(?::bigint, ?::bigint) k WHERE k % 20 = 3
                        """, pBase, lo, hi));
            }
            // bank accounts of every 5th company, followers of every company
            chunked("res_partner_bank", partners, (lo, hi) -> exec("res_partner_bank",
                    "INSERT INTO res_partner_bank (active, acc_number, sanitized_acc_number, acc_holder_name, partner_id, "
                    + "allow_out_payment, bank_id, sequence, company_id, create_uid, create_date, write_uid, write_date) "
                    + "SELECT true, " + ibanFormatted(iban("k")) + ", " + iban("k") + ", p.name, p.id, true, 1 + (k % 3)::int, 10, NULL, "
                    + "2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(?::bigint, ?::bigint) k JOIN res_partner p ON p.id = ?::bigint + k WHERE k % 50 = 0",
                    lo, hi, pBase));
            chunked("mail_followers", partners, (lo, hi) -> exec("mail_followers", """
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT 'res.partner', ?::bigint + k, 3 FROM generate_series(?::bigint, ?::bigint) k WHERE k % 10 = 0
                    """, pBase, lo, hi));
        }

        // ----- users ----------------------------------------------------------------------------
        void seedUsers() throws SQLException {
            if (users == 0) {
                return;
            }
            upBase = nextId("res_partner");
            uBase = nextId("res_users");
            progress.accept("res_users: " + users + " users from id " + uBase);
            String first = "d.fn[1 + (j * 11 + 5) % 60]";
            String last = "d.ln[1 + (j * 17 + 3) % 60]";
            String email = "CASE WHEN j % 5 = 4 THEN " + slug(first, ".") + " || '.' || " + slug(last, ".") + " || '.' || j "
                    + "|| '@customer-portal.example.com' ELSE " + slug(first, ".") + " || '.' || " + slug(last, ".") + " || '.' || j "
                    + "|| '@yourcompany.example.com' END";
            String signup = major < 18 ? ", signup_token, signup_type, signup_expiration" : ", signup_type";
            String signupVals = major < 18
                    ? ", CASE WHEN j % 5 = 4 THEN left(md5('signup' || j), 20) END, CASE WHEN j % 5 = 4 THEN 'signup' END, "
                    + "CASE WHEN j % 5 = 4 THEN timestamp '2026-12-01 00:00:00' END"
                    : ", CASE WHEN j % 5 = 4 THEN 'signup' END";
            exec("res_partner", "WITH " + VOCAB + " INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, "
                    + "is_company, commercial_partner_id, email, email_normalized, phone, phone_sanitized, street, zip, city, country_id, "
                    + "lang, tz, partner_share, employee, color" + signup + ", create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + j, " + first + " || ' ' || " + last + ", " + first + " || ' ' || " + last + ", 1, 'contact', "
                    + "true, false, ?::bigint + j, " + email + ", lower(" + email + "), " + phone("'+32'", digits9("j", 7, 470000000))
                    + ", '+32' || " + digits9("j", 7, 470000000) + ", d.st[1 + j % 20] || ' ' || (1 + j % 120), '1000', 'Brussels', 1, "
                    + "'en_US', 'Europe/Brussels', j % 5 = 4, false, 0" + signupVals + ", 2, "
                    + ts("2022-01-01 08:00:00", "j", 94_608_000L) + ", 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) j, d", upBase, upBase, users - 1);
            sync("res_partner");
            long gcBase = 0;
            long mcBase = 0;
            if (major < 18) {
                gcBase = nextId("google_calendar_credentials");
                exec("google_calendar_credentials", """
                        INSERT INTO google_calendar_credentials (id, calendar_rtoken, calendar_token, calendar_token_validity,
                            calendar_sync_token, calendar_cal_id, synchronization_stopped, create_uid, create_date)
                        SELECT ?::bigint + j / 7, '1//0e' || md5('grt' || j) || md5('grt2' || j), 'ya29.a0' || md5('gat' || j),
                               timestamp '2026-11-22 11:00:00', 'CPDAlvWD' || left(md5('gst' || j), 16), 'primary', false,
                               2, timestamp '2026-11-20 09:00:00'
                          FROM generate_series(0::bigint, ?::bigint, 7) j
                        """, gcBase, users - 1);
                sync("google_calendar_credentials");
                if (major == 17) {
                    mcBase = nextId("microsoft_calendar_credentials");
                    exec("microsoft_calendar_credentials", """
                            INSERT INTO microsoft_calendar_credentials (id, calendar_sync_token, synchronization_stopped, last_sync_date,
                                create_uid, create_date)
                            SELECT ?::bigint + j / 7, 'https://graph.microsoft.com/v1.0/me/events/delta?$deltatoken=' || md5('mst' || j),
                                   false, timestamp '2026-11-22 09:00:00', 2, timestamp '2026-11-20 09:00:00'
                              FROM generate_series(0::bigint, ?::bigint, 7) j
                            """, mcBase, users - 1);
                    sync("microsoft_calendar_credentials");
                }
            }
            String rounds = major == 16 ? "25000" : "600000";
            String calCols = v(", google_calendar_account_id, microsoft_calendar_sync_token, microsoft_synchronization_stopped",
                    ", google_calendar_account_id, microsoft_calendar_account_id", "");
            String calVals = v(
                    ", CASE WHEN j % 7 = 0 THEN " + gcBase + " + j / 7 END, CASE WHEN j % 7 = 0 THEN 'ms-sync-' || md5('mss' || j) END, false",
                    ", CASE WHEN j % 7 = 0 THEN " + gcBase + " + j / 7 END, CASE WHEN j % 7 = 0 THEN " + mcBase + " + j / 7 END", "");
            exec("res_users", "WITH " + VOCAB + " INSERT INTO res_users (id, login, password, active, partner_id, company_id, share, "
                    + "signature, notification_type, totp_secret, oauth_provider_id, oauth_uid, oauth_access_token, "
                    + "microsoft_calendar_rtoken, microsoft_calendar_token, microsoft_calendar_token_validity" + calCols
                    + ", create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + j, p.email, '$pbkdf2-sha512$" + rounds + "$' || "
                    + "translate(left(encode(sha256(('salt' || j)::bytea), 'base64'), 22), '+', '.') || '$' || "
                    + "translate(rtrim(encode(sha512(('pw' || j)::bytea), 'base64'), '='), '+', '.'), "
                    + "j % 25 <> 24, p.id, 1, j % 5 = 4, "
                    + "'<p>-- <br/>' || p.name || '<br/>' || p.phone || '<br/>' || p.email || '</p>', "
                    + "CASE WHEN j % 5 <> 4 AND j % 2 = 0 THEN 'inbox' ELSE 'email' END, "
                    + "CASE WHEN j % 5 <> 4 AND j % 3 = 0 THEN upper(translate(left(md5('totp' || j) || md5('totp2' || j), 32), '0189', 'wxyz')) END, "
                    + "CASE WHEN j % 10 = 1 THEN 2 END, CASE WHEN j % 10 = 1 THEN (100000000000000000000 + j * 7919)::text END, "
                    + "CASE WHEN j % 10 = 1 THEN 'ya29.a0Ae' || md5('oauth' || j) || md5('oauth2' || j) END, "
                    + "CASE WHEN j % 7 = 0 THEN 'M.R3_BAY.' || md5('mrt' || j) END, CASE WHEN j % 7 = 0 THEN 'EwB4A' || md5('mat' || j) END, "
                    + "CASE WHEN j % 7 = 0 THEN timestamp '2026-11-22 11:00:00' END" + calVals + ", 2, p.create_date, 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) j JOIN res_partner p ON p.id = ?::bigint + j, d",
                    uBase, users - 1, upBase);
            sync("res_users");
            exec(null, "UPDATE res_partner SET user_id = u.id FROM res_users u WHERE u.partner_id = res_partner.id AND u.id >= ?", uBase);
            String settingsCols = major == 18 ? ", google_calendar_rtoken, google_calendar_token, google_calendar_token_validity, "
                    + "google_calendar_sync_token, google_calendar_cal_id, google_synchronization_stopped, "
                    + "microsoft_calendar_sync_token, microsoft_synchronization_stopped, microsoft_last_sync_date" : "";
            String settingsVals = major == 18 ? ", CASE WHEN j % 7 = 0 THEN '1//0e' || md5('grt' || j) || md5('grt2' || j) END, "
                    + "CASE WHEN j % 7 = 0 THEN 'ya29.a0' || md5('gat' || j) END, CASE WHEN j % 7 = 0 THEN timestamp '2026-11-22 11:00:00' END, "
                    + "CASE WHEN j % 7 = 0 THEN 'CPDAlvWD' || left(md5('gst' || j), 16) END, CASE WHEN j % 7 = 0 THEN 'primary' END, false, "
                    + "CASE WHEN j % 7 = 0 THEN 'https://graph.microsoft.com/v1.0/me/events/delta?$deltatoken=' || md5('mst' || j) END, false, "
                    + "CASE WHEN j % 7 = 0 THEN timestamp '2026-11-22 09:00:00' END" : "";
            exec("res_users_settings", "INSERT INTO res_users_settings (user_id, is_discuss_sidebar_category_channel_open, "
                    + "is_discuss_sidebar_category_chat_open, use_push_to_talk, voice_active_duration" + settingsCols
                    + ", create_uid, create_date, write_uid, write_date) SELECT ?::bigint + j, true, true, false, 200" + settingsVals
                    + ", 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' FROM generate_series(0::bigint, ?::bigint) j",
                    uBase, users - 1);
            exec("res_groups_users_rel", """
                    INSERT INTO res_groups_users_rel (gid, uid)
                    SELECT CASE WHEN j % 5 = 4 THEN 5 ELSE 1 END, ?::bigint + j FROM generate_series(0::bigint, ?::bigint) j
                    UNION ALL
                    SELECT 6, ?::bigint + j FROM generate_series(0::bigint, ?::bigint) j WHERE j % 10 = 0
                    """, uBase, users - 1, uBase, users - 1);
            exec("res_company_users_rel", "INSERT INTO res_company_users_rel (cid, user_id) SELECT 1, ?::bigint + j "
                    + "FROM generate_series(0::bigint, ?::bigint) j", uBase, users - 1);
            exec("res_users_apikeys", """
                    INSERT INTO res_users_apikeys (name, user_id, scope, index, key, create_date)
                    SELECT 'Integration ' || CASE j % 3 WHEN 0 THEN 'Zapier' WHEN 1 THEN 'BI export' ELSE 'CI deploy' END,
                           ?::bigint + j, CASE WHEN j % 2 = 0 THEN 'rpc' END, left(md5('apikey' || j), 8),
                           '$pbkdf2-sha512$6000$' || translate(left(encode(sha256(('ks' || j)::bytea), 'base64'), 22), '+', '.') || '$'
                             || translate(rtrim(encode(sha512(('key' || j)::bytea), 'base64'), '='), '+', '.'),
                           timestamp '2025-03-01 10:00:00' + j * interval '1 hour'
                      FROM generate_series(0::bigint, ?::bigint) j WHERE j % 4 = 0 AND j % 5 <> 4
                    """, uBase, users - 1);
            exec("auth_totp_device", """
                    INSERT INTO auth_totp_device (name, user_id, scope, index, key, create_date)
                    SELECT CASE WHEN j % 2 = 0 THEN 'Firefox on Linux' ELSE 'Chrome on Windows' END, ?::bigint + j, 'browser',
                           left(md5('dev' || j), 8),
                           '$pbkdf2-sha512$6000$' || translate(left(encode(sha256(('ds' || j)::bytea), 'base64'), 22), '+', '.') || '$'
                             || translate(rtrim(encode(sha512(('dk' || j)::bytea), 'base64'), '='), '+', '.'),
                           timestamp '2026-10-01 09:00:00' + j * interval '1 hour'
                      FROM generate_series(0::bigint, ?::bigint) j WHERE j % 5 <> 4 AND j % 3 = 0
                    """, uBase, users - 1);
            if (major == 18) {
                exec("res_device_log", """
                        INSERT INTO res_device_log (session_identifier, platform, browser, ip_address, country, city, device_type,
                            user_id, first_activity, last_activity, revoked, create_uid, create_date, write_uid, write_date)
                        SELECT left(md5('sess' || j || '-' || s), 42), CASE WHEN s = 0 THEN 'windows' ELSE 'android' END,
                               CASE WHEN s = 0 THEN 'chrome' ELSE 'firefox' END,
                               CASE WHEN s = 0 THEN '203.0.113.' || (1 + j % 254) ELSE '198.51.100.' || (1 + j % 254) END,
                               'Belgium', CASE WHEN j % 2 = 0 THEN 'Brussels' ELSE 'Antwerp' END,
                               CASE WHEN s = 0 THEN 'computer' ELSE 'mobile' END, ?::bigint + j,
                               timestamp '2026-09-01 08:00:00' + j * interval '1 minute', timestamp '2026-11-21 17:00:00' - j * interval '1 minute',
                               false, ?::bigint + j, timestamp '2026-11-20 09:00:00', ?::bigint + j, timestamp '2026-11-20 09:00:00'
                          FROM generate_series(0::bigint, ?::bigint) j, generate_series(0, 1) s WHERE j % 5 <> 4
                        """, uBase, uBase, uBase, users - 1);
            }
            c.commit();
        }

        // ----- employees ------------------------------------------------------------------------
        void seedEmployees() throws SQLException {
            if (employees == 0) {
                return;
            }
            eBase = nextId("hr_employee");
            wcBase = nextId("res_partner");
            progress.accept("hr_employee: " + employees + " employees from id " + eBase);
            long e1 = employees - 1;
            String first = "d.fn[1 + (e * 5 + 3) % 60]";
            String last = "d.ln[1 + (e * 19 + 7) % 60]";
            String name = first + " || ' ' || " + last;
            String workEmail = slug(first, ".") + " || '.' || " + slug(last, ".") + " || '.' || e || '@yourcompany.example.com'";
            String privEmail = slug(first, ".") + " || '.' || " + slug(last, ".") + " || e || '@home.example.net'";
            String privPhone = phone("'+32'", digits9("e", 31, 475000000));
            String homeStreet = "d.st[1 + (e * 7) % 20] || ' ' || (1 + (e * 13) % 200)";
            String homeCity = "d.city[1 + (e % 4)]";
            String homeZip = "d.zip[1 + (e % 4)]";
            // work contacts
            exec("res_partner", "WITH " + VOCAB + " INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, "
                    + "is_company, parent_id, commercial_partner_id, email, email_normalized, phone, mobile, phone_sanitized, lang, tz, "
                    + "partner_share, employee, color, create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + e, " + name + ", " + name + ", 1, 'contact', true, false, NULL, ?::bigint + e, " + workEmail
                    + ", lower(" + workEmail + "), " + phone("'+32'", digits9("e", 13, 200000000)) + ", "
                    + phone("'+32'", digits9("e", 17, 470000000)) + ", '+32' || " + digits9("e", 13, 200000000)
                    + ", 'en_US', 'Europe/Brussels', false, true, 0, 2, " + ts("2020-01-06 08:00:00", "e", 189_216_000L)
                    + ", 2, timestamp '2026-11-20 09:00:00' FROM generate_series(0::bigint, ?::bigint) e, d", wcBase, wcBase, e1);
            sync("res_partner");
            if (major == 16) {
                ppBase = nextId("res_partner");
                exec("res_partner", "WITH " + VOCAB + " INSERT INTO res_partner (id, name, " + nameCol + ", company_id, type, active, "
                        + "is_company, commercial_partner_id, email, email_normalized, phone, phone_sanitized, street, zip, city, "
                        + "country_id, lang, tz, partner_share, employee, color, create_uid, create_date, write_uid, write_date) "
                        + "SELECT ?::bigint + e, " + name + ", " + name + ", 1, 'private', true, false, ?::bigint + e, " + privEmail
                        + ", lower(" + privEmail + "), " + privPhone + ", '+32' || " + digits9("e", 31, 475000000) + ", " + homeStreet
                        + ", " + homeZip + ", " + homeCity + ", 1, 'en_US', 'Europe/Brussels', false, false, 0, 2, "
                        + ts("2020-01-06 08:00:00", "e", 189_216_000L) + ", 2, timestamp '2026-11-20 09:00:00' "
                        + "FROM generate_series(0::bigint, ?::bigint) e, d", ppBase, ppBase, e1);
                sync("res_partner");
            }
            rrBase = nextId("resource_resource");
            // employee e gets a user when one exists: the internal users, in order
            String userExpr = "CASE WHEN e < " + users + " AND e % 5 <> 4 THEN " + uBase + " + e END";
            exec("resource_resource", "WITH " + VOCAB + " INSERT INTO resource_resource (id, name, active, company_id, resource_type, "
                    + "user_id, time_efficiency, calendar_id, tz, create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + e, " + name + ", e % 20 <> 19, 1, 'user', " + userExpr + ", 100, 1, 'Europe/Brussels', 2, "
                    + "timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' FROM generate_series(0::bigint, ?::bigint) e, d", rrBase, e1);
            sync("resource_resource");
            bankBase = nextId("res_partner_bank");
            String bankPartner = major == 16 ? "?::bigint + e" : "?::bigint + e";
            exec("res_partner_bank", "WITH " + VOCAB + " INSERT INTO res_partner_bank (id, active, acc_number, sanitized_acc_number, "
                    + "acc_holder_name, partner_id, allow_out_payment, bank_id, sequence, create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + e, true, " + ibanFormatted(iban("e + 7")) + ", " + iban("e + 7") + ", " + name + ", "
                    + bankPartner + ", true, 1 + (e % 3)::int, 10, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) e, d", bankBase, major == 16 ? ppBase : wcBase, e1);
            sync("res_partner_bank");
            String birthday = "(date '1962-03-01' + ((e * 7919) % 13500)::int)";
            String nn9 = "(to_char(" + birthday + ", 'YYMMDD') || lpad((1 + (e * 37) % 997)::text, 3, '0'))";
            String privateCols = major == 16 ? "address_home_id, " : "private_street, private_street2, private_city, private_zip, "
                    + "private_country_id, private_phone, private_email, lang, private_car_plate, ";
            String privateVals = major == 16 ? "?::bigint + e, "
                    : homeStreet + ", CASE WHEN e % 5 = 0 THEN 'Box ' || (1 + e % 30) END, " + homeCity + ", " + homeZip + ", 1, "
                    + privPhone + ", " + privEmail + ", 'en_US', (1 + e % 2) || '-' || chr(65 + (e % 26)::int) || chr(65 + ((e / 26) % 26)::int) "
                    + "|| chr(65 + ((e / 676) % 26)::int) || '-' || lpad((e % 1000)::text, 3, '0'), ";
            String c18 = major == 18 ? "distance_home_work, distance_home_work_unit, " : "";
            String v18 = major == 18 ? "(3 + (e * 7) % 60)::int, 'kilometers', " : "";
            String sql = "WITH " + VOCAB + " INSERT INTO hr_employee (id, resource_id, name, active, color, department_id, job_id, "
                    + "job_title, company_id, address_id, work_phone, mobile_phone, work_email, work_contact_id, user_id, "
                    + "resource_calendar_id, parent_id, coach_id, employee_type, " + privateCols + "country_id, gender, marital, "
                    + "spouse_complete_name, spouse_birthdate, children, place_of_birth, country_of_birth, birthday, ssnid, sinid, "
                    + "identification_id, passport_id, bank_account_id, permit_no, visa_no, visa_expire, additional_note, certificate, "
                    + "study_field, study_school, emergency_contact, emergency_phone, km_home_work, " + c18 + "notes, barcode, pin, "
                    + "departure_reason_id, departure_description, departure_date, create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + e, ?::bigint + e, " + name + ", e % 20 <> 19, (e % 12)::int, 1, 1, d.job[1 + e % 8], 1, 1, "
                    + phone("'+32'", digits9("e", 13, 200000000)) + ", " + phone("'+32'", digits9("e", 17, 470000000)) + ", "
                    + workEmail + ", ?::bigint + e, " + userExpr + ", 1, "
                    + "CASE WHEN e % 10 = 0 THEN (SELECT min(id) FROM hr_employee) ELSE ?::bigint + (e / 10) * 10 END, "
                    + "CASE WHEN e % 10 = 0 THEN NULL ELSE ?::bigint + (e / 10) * 10 END, 'employee', " + privateVals
                    + "1 + (e % 8)::int, CASE e % 3 WHEN 0 THEN 'female' WHEN 1 THEN 'male' ELSE 'other' END, "
                    + "CASE e % 4 WHEN 0 THEN 'married' WHEN 1 THEN 'single' WHEN 2 THEN 'cohabitant' ELSE 'divorced' END, "
                    + "CASE WHEN e % 4 IN (0, 2) THEN d.fn[1 + (e * 23 + 1) % 60] || ' ' || " + last + " END, "
                    + "CASE WHEN e % 4 IN (0, 2) THEN " + birthday + " + 400 END, (e % 4)::int, " + homeCity + ", 1 + (e % 8)::int, "
                    + birthday + ", "
                    + "to_char(" + birthday + ", 'YY.MM.DD') || '-' || lpad((1 + (e * 37) % 997)::text, 3, '0') || '.' || "
                    + "lpad((97 - mod(" + nn9 + "::bigint, 97))::text, 2, '0'), "
                    + "'SIN' || " + digits9("e", 7, 11) + ", 'ID' || " + digits9("e", 104729, 3) + ", "
                    + "'EM' || lpad(((e * 7919 + 1234) % 10000000)::text, 7, '0'), ?::bigint + e, "
                    + "CASE WHEN e % 7 = 0 THEN 'WP-' || lpad((e * 31 % 1000000)::text, 6, '0') END, "
                    + "CASE WHEN e % 7 = 0 THEN 'V' || lpad((e * 17 % 100000000)::text, 8, '0') END, "
                    + "CASE WHEN e % 7 = 0 THEN date '2027-06-30' + (e % 365)::int END, "
                    + "CASE WHEN e % 6 = 0 THEN 'Allergic to penicillin; reduced mobility badge.' END, "
                    + "CASE e % 3 WHEN 0 THEN 'master' WHEN 1 THEN 'bachelor' ELSE 'graduate' END, "
                    + "CASE e % 3 WHEN 0 THEN 'Computer Science' WHEN 1 THEN 'Economics' ELSE 'Logistics' END, "
                    + "CASE e % 3 WHEN 0 THEN 'KU Leuven' WHEN 1 THEN 'Université libre de Bruxelles' ELSE 'Ghent University' END, "
                    + "d.fn[1 + (e * 29 + 2) % 60] || ' ' || " + last + ", " + phone("'+32'", digits9("e", 43, 476000000)) + ", "
                    + "(3 + (e * 7) % 60)::int, " + v18
                    + "CASE WHEN e % 9 = 0 THEN 'Salary review: +4% from January. Performance improvement plan closed.' END, "
                    + "'EMP' || lpad((?::bigint + e)::text, 9, '0'), lpad(((e * 7919) % 10000)::text, 4, '0'), "
                    + "CASE WHEN e % 20 = 19 THEN 2 END, CASE WHEN e % 20 = 19 THEN '<p>Left for a competitor; exit interview on file.</p>' END, "
                    + "CASE WHEN e % 20 = 19 THEN date '2026-06-30' END, 2, "
                    + ts("2020-01-06 08:00:00", "e", 189_216_000L) + ", 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) e, d";
            if (major == 16) {
                exec("hr_employee", sql, eBase, rrBase, wcBase, eBase, eBase, ppBase, bankBase, eBase, e1);
            } else {
                exec("hr_employee", sql, eBase, rrBase, wcBase, eBase, eBase, bankBase, eBase, e1);
            }
            sync("hr_employee");
            c.commit();
        }

        // ----- leads ----------------------------------------------------------------------------
        void seedLeads() throws SQLException {
            if (leads == 0) {
                return;
            }
            lBase = nextId("crm_lead");
            progress.accept("crm_lead: " + leads + " leads from id " + lBase);
            String first = "d.fn[1 + (i * 3 + 1) % 60]";
            String last = "d.ln[1 + (i * 7 + 2) % 60]";
            String co = "d.ca[1 + (i * 5) % 20] || ' ' || d.cb[1 + (i * 3) % 12]";
            String coSlug = "d.cas[1 + (i * 5) % 20] || '-' || d.cbs[1 + (i * 3) % 12]";
            String email = slug(first, ".") + " || '.' || " + slug(last, ".") + " || '@' || " + coSlug + " || '.example.org'";
            String partnerExpr = partners > 0 ? "CASE WHEN i % 2 = 0 THEN " + pBase + " + (i * 7) % " + partners + " END" : "NULL";
            String userExpr = users > 0 ? "CASE WHEN i % 3 = 0 THEN 2 ELSE " + uBase + " + ((i * 5) % " + users + ") / 5 * 5 END" : "2";
            String sql = "WITH " + VOCAB + " INSERT INTO crm_lead (id, name, user_id, team_id, company_id, referred, description, "
                    + "active, type, priority, stage_id, color, expected_revenue, probability, automated_probability, date_closed, "
                    + "date_open, date_deadline, date_last_stage_update, partner_id, contact_name, partner_name, function, title, "
                    + "email_from, email_normalized, phone, mobile, phone_sanitized, phone_state, email_state, website, lang_id, street, "
                    + "zip, city, state_id, country_id, message_bounce, create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + i, CASE i % 4 WHEN 0 THEN 'Interest in ERP rollout' WHEN 1 THEN 'Quote request: 40 licences' "
                    + "WHEN 2 THEN 'Website contact form' ELSE 'Trade fair follow-up' END || ' - ' || " + co + ", "
                    + userExpr + ", 1, 1, CASE WHEN i % 11 = 0 THEN 'Referred by ' || d.fn[1 + i % 60] END, "
                    + "'<p>' || " + first + " || ' ' || " + last + " || ' (' || " + phone("'+32'", digits9("i", 19, 470000000))
                    + " || ') asked for a demo. Budget approx. ' || (5000 + (i * 37) % 95000) || ' EUR. Home address: ' || "
                    + "d.st[1 + i % 20] || ' ' || (1 + i % 99) || ', ' || d.city[1 + (i % 32)] || '.</p>', "
                    + "i % 30 <> 29, CASE WHEN i % 10 < 3 THEN 'lead' ELSE 'opportunity' END, ((i % 4))::text, 1 + (i % 4)::int, 0, "
                    + "(1000 + (i * 7919) % 99000)::numeric, CASE (i % 4) WHEN 0 THEN 10 WHEN 1 THEN 30 WHEN 2 THEN 60 ELSE 100 END, "
                    + "20 + (i % 60), CASE WHEN i % 4 = 3 THEN " + ts("2025-01-01 09:00:00", "i", 31_536_000L) + " END, "
                    + ts("2024-06-01 09:00:00", "i", 31_536_000L) + ", date '2026-12-31' + (i % 180)::int, "
                    + ts("2025-06-01 09:00:00", "i", 15_768_000L) + ", " + partnerExpr + ", " + first + " || ' ' || " + last + ", "
                    + co + ", d.fu[1 + i % 10], 1 + (i % 5)::int, " + email + ", lower(" + email + "), "
                    + phone("'+32'", digits9("i", 19, 470000000)) + ", " + phone("'+32'", digits9("i", 23, 480000000)) + ", "
                    + "'+32' || " + digits9("i", 19, 470000000) + ", 'correct', 'correct', 'https://www.' || " + coSlug
                    + " || '.example.org', 1, d.st[1 + i % 20] || ' ' || (1 + i % 99), d.zip[1 + (i % 32)], d.city[1 + (i % 32)], "
                    + "NULLIF(d.stt[1 + (i % 32)], '')::int, 1 + ((i % 32) / 4)::int, 0, 2, " + ts("2024-01-02 08:00:00", "i", 63_072_000L)
                    + ", 2, timestamp '2026-11-20 09:00:00' FROM generate_series(?::bigint, ?::bigint) i, d";
            chunked("crm_lead", leads, (lo, hi) -> exec("crm_lead", sql, lBase, lo, hi));
            sync("crm_lead");
            chunked("mail_followers", leads, (lo, hi) -> exec("mail_followers", """
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT 'crm.lead', ?::bigint + i, 3 FROM generate_series(?::bigint, ?::bigint) i
                    """, lBase, lo, hi));
        }

        // ----- chatter ---------------------------------------------------------------------------
        void seedMessages() throws SQLException {
            if (messages == 0) {
                return;
            }
            mBase = nextId("mail_message");
            progress.accept("mail_message: " + messages + " messages from id " + mBase);
            String extraCols = major >= 17 ? ", record_company_id, record_alias_domain_id" : "";
            String extraVals = major >= 17 ? ", 1, 1" : "";
            // x % 5: 0-2 partner, 3 lead, 4 employee (falling back to partners when there are none)
            String partnerTarget = partners > 0 ? pBase + " + ((x * 7919) % " + partners + ")" : "3";
            String where = "x % 5 IN (0, 1, 2" + (leads == 0 ? ", 3" : "") + (employees == 0 ? ", 4" : "") + ")";
            bulk("mail_message", messages, () -> {
                insertMessages("res.partner", "res_partner", partnerTarget, where, "t.name", "t.email", "t.phone", "t.id", extraCols,
                        extraVals);
                if (leads > 0) {
                    insertMessages("crm.lead", "crm_lead", lBase + " + ((x * 31) % " + leads + ")", "x % 5 = 3", "t.contact_name",
                            "t.email_from", "t.phone", "t.partner_id", extraCols, extraVals);
                }
                if (employees > 0) {
                    insertMessages("hr.employee", "hr_employee", eBase + " + ((x * 17) % " + employees + ")", "x % 5 = 4", "t.name",
                            major == 16 ? "t.work_email" : "t.private_email", "t.mobile_phone", "t.work_contact_id", extraCols,
                            extraVals);
                }
            });
            sync("mail_message");
            long mEnd = mBase + messages - 1;
            // tracking values of the notifications: old e-mail addresses, old private e-mails, stage changes
            String tvCols = major == 16
                    ? "field, field_desc, field_type, old_value_char, new_value_char, old_value_integer, new_value_integer, tracking_sequence"
                    : "field_id, old_value_char, new_value_char, old_value_integer, new_value_integer";
            String fieldId = "(SELECT id FROM ir_model_fields WHERE model = '%s' AND name = '%s')";
            String partnerTv = major == 16
                    ? String.format(fieldId, "res.partner", "email") + ", 'Email', 'char', regexp_replace(t.email, '@.*$', '@previous-employer.example.net'), t.email, NULL, NULL, 100"
                    : String.format(fieldId, "res.partner", "email") + ", regexp_replace(t.email, '@.*$', '@previous-employer.example.net'), t.email, NULL, NULL";
            bulk("mail_tracking_value", messages * 3 / 10, () -> {
                chunkedIds("mail_tracking_value", mBase, mEnd, (lo, hi) -> exec("mail_tracking_value",
                        "INSERT INTO mail_tracking_value (" + tvCols + ", mail_message_id, create_uid, create_date, write_uid, write_date) "
                        + "SELECT " + partnerTv + ", m.id, 2, m.create_date, 2, m.create_date FROM mail_message m JOIN res_partner t ON t.id = m.res_id "
                        + "WHERE m.id BETWEEN ? AND ? AND m.model = 'res.partner' AND m.message_type = 'notification'", lo, hi));
                if (employees > 0) {
                    final String empTv = major == 16
                            ? String.format(fieldId, "hr.employee", "address_home_id") + ", 'Private Address', 'many2one', t.name || ' (previous address)', t.name, t.address_home_id, t.address_home_id, 100"
                            : String.format(fieldId, "hr.employee", "private_email") + ", regexp_replace(t.private_email, '@.*$', '@old-provider.example.net'), t.private_email, NULL, NULL";
                    chunkedIds("mail_tracking_value", mBase, mEnd, (lo, hi) -> exec("mail_tracking_value",
                            "INSERT INTO mail_tracking_value (" + tvCols + ", mail_message_id, create_uid, create_date, write_uid, write_date) "
                            + "SELECT " + empTv + ", m.id, 2, m.create_date, 2, m.create_date FROM mail_message m JOIN hr_employee t ON t.id = m.res_id "
                            + "WHERE m.id BETWEEN ? AND ? AND m.model = 'hr.employee' AND m.message_type = 'notification'", lo, hi));
                }
                if (leads > 0) {
                    String leadTv = major == 16
                            ? String.format(fieldId, "crm.lead", "stage_id") + ", 'Stage', 'many2one', 'New', 'Qualified', 1, 2, 100"
                            : String.format(fieldId, "crm.lead", "stage_id") + ", 'New', 'Qualified', 1, 2";
                    chunkedIds("mail_tracking_value", mBase, mEnd, (lo, hi) -> exec("mail_tracking_value",
                            "INSERT INTO mail_tracking_value (" + tvCols + ", mail_message_id, create_uid, create_date, write_uid, write_date) "
                            + "SELECT " + leadTv + ", m.id, 2, m.create_date, 2, m.create_date FROM mail_message m "
                            + "WHERE m.id BETWEEN ? AND ? AND m.model = 'crm.lead' AND m.message_type = 'notification'", lo, hi));
                }
            });
            chunkedIds("mail_message_res_partner_rel", mBase, mEnd, (lo, hi) -> exec("mail_message_res_partner_rel", """
                    INSERT INTO mail_message_res_partner_rel (mail_message_id, res_partner_id)
                    SELECT m.id, m.res_id FROM mail_message m
                     WHERE m.id BETWEEN ? AND ? AND m.model = 'res.partner' AND m.message_type = 'comment' AND m.subtype_id = 1
                    """, lo, hi));
            bulk("mail_notification", messages * 2 / 10, () -> chunkedIds("mail_notification", mBase, mEnd, (lo, hi) -> exec("mail_notification", """
                    INSERT INTO mail_notification (author_id, mail_message_id, res_partner_id, notification_type, notification_status,
                        is_read, read_date)
                    SELECT m.author_id, m.id, m.res_id, 'email', 'sent', true, m.date FROM mail_message m
                     WHERE m.id BETWEEN ? AND ? AND m.model = 'res.partner' AND m.message_type = 'comment' AND m.subtype_id = 1
                    """, lo, hi)));
        }

        void insertMessages(String model, String table, String target, String where, String name, String email, String phone,
                            String authorExpr, String extraCols, String extraVals) throws SQLException {
            String sql = "INSERT INTO mail_message (id, subject, date, body, model, res_id, record_name, message_type, subtype_id, "
                    + "is_internal, email_from, author_id, message_id, reply_to, email_add_signature" + extraCols
                    + ", create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + x, "
                    + "CASE WHEN x % 10 BETWEEN 4 AND 6 THEN 'Re: Quotation S' || lpad((x % 100000)::text, 5, '0') END, "
                    + ts("2022-01-01 08:00:00", "x", 126_230_400L) + ", "
                    + "CASE WHEN x % 10 BETWEEN 0 AND 3 THEN '<p>Called <b>' || coalesce(" + name + ", '') || '</b> on ' || "
                    + "coalesce(" + phone + ", 'n/a') || ' about order S' || lpad((x % 100000)::text, 5, '0') || '; offer sent to ' || "
                    + "coalesce(" + email + ", 'n/a') || '.</p>' "
                    + "WHEN x % 10 BETWEEN 4 AND 6 THEN '<p>Hello,</p><p>please find the signed quotation attached. You can reach me on ' || "
                    + "coalesce(" + phone + ", 'n/a') || '.</p><p>Kind regards,<br/>' || coalesce(" + name + ", '') || '</p>' ELSE '' END, "
                    + "'" + model + "', t.id, " + (model.equals("crm.lead") ? "t.name" : "t.name") + ", "
                    + "CASE WHEN x % 10 BETWEEN 0 AND 3 THEN 'comment' WHEN x % 10 BETWEEN 4 AND 6 THEN 'email' ELSE 'notification' END, "
                    + "CASE WHEN x % 10 IN (0, 2, 4, 5, 6) THEN 1 ELSE 2 END, "
                    + "x % 10 IN (1, 3), "
                    + "CASE WHEN x % 10 BETWEEN 4 AND 6 THEN '\"' || coalesce(" + name + ", '') || '\" <' || coalesce(" + email
                    + ", 'unknown@example.com') || '>' ELSE '\"Mitchell Admin\" <admin@yourcompany.example.com>' END, "
                    + "CASE WHEN x % 10 BETWEEN 4 AND 6 THEN " + authorExpr + " ELSE 3 END, "
                    + "'<' || md5('msg' || x) || '-openerp-' || t.id || '-" + model + "@erp.yourcompany.example.com>', "
                    + "CASE WHEN x % 10 BETWEEN 0 AND 3 THEN 'catchall@example.com' END, x % 10 BETWEEN 0 AND 3" + extraVals + ", "
                    + "2, " + ts("2022-01-01 08:00:00", "x", 126_230_400L) + ", 2, " + ts("2022-01-01 08:00:00", "x", 126_230_400L)
                    + " FROM generate_series(?::bigint, ?::bigint) x JOIN " + table + " t ON t.id = " + target + " WHERE " + where;
            chunked("mail_message (" + model + ")", messages, (lo, hi) -> exec("mail_message", sql, mBase, lo, hi));
        }

        void chunkedIds(String what, long from, long to, ChunkBody body) throws SQLException {
            for (long lo = from; lo <= to; lo += CHUNK) {
                long hi = Math.min(to, lo + CHUNK - 1);
                body.run(lo, hi);
                commit();
            }
            if (to - from + 1 > CHUNK) {
                progress.accept(what + ": done");
            }
        }

        // ----- outgoing mail queue ----------------------------------------------------------------
        void seedMailQueue() throws SQLException {
            if (mailQueue == 0) {
                return;
            }
            qmBase = nextId("mail_message");
            mmBase = nextId("mail_mail");
            progress.accept("mail_mail: " + mailQueue + " outgoing mails from id " + mmBase);
            String target = partners > 0 ? pBase + " + ((i * 7) % " + partners + ")" : "3";
            String extraCols = major >= 17 ? ", record_company_id, record_alias_domain_id" : "";
            String extraVals = major >= 17 ? ", 1, 1" : "";
            long q1 = mailQueue - 1;
            exec("mail_message", "INSERT INTO mail_message (id, subject, date, body, model, res_id, record_name, message_type, "
                    + "subtype_id, is_internal, email_from, author_id, message_id, reply_to, email_add_signature" + extraCols
                    + ", create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + i, 'Your invoice INV/2026/' || lpad((i + 1)::text, 5, '0'), timestamp '2026-11-20 09:00:00', "
                    + "'<p>Dear ' || t.name || ',</p><p>please find your invoice INV/2026/' || lpad((i + 1)::text, 5, '0') || "
                    + "' of ' || (100 + (i * 37) % 9900) || '.00 EUR. Pay to IBAN BE68 5390 0754 7034.</p>', 'res.partner', t.id, t.name, "
                    + "CASE WHEN i % 2 = 0 THEN 'email' ELSE 'comment' END, 1, false, "
                    + "'\"My Company\" <info@yourcompany.example.com>', 3, "
                    + "'<' || md5('queued' || i) || '-openerp-' || t.id || '-res.partner@erp.yourcompany.example.com>', "
                    + "'\"My Company\" <catchall@example.com>', true" + extraVals + ", 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) i JOIN res_partner t ON t.id = " + target, qmBase, q1);
            sync("mail_message");
            String toDelete = major == 16 ? ", to_delete" : "";
            String toDeleteVal = major == 16 ? ", false" : "";
            exec("mail_mail", "INSERT INTO mail_mail (id, mail_message_id, body_html, \"references\", headers, is_notification, "
                    + "email_to, email_cc, state, auto_delete" + toDelete + ", scheduled_date, create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + i, m.id, m.body || '<p>--<br/>My Company - +1 555-555-5556</p>', m.message_id, "
                    + "'{\"X-Odoo-Objects\": \"res.partner-' || m.res_id || '\"}', i % 2 = 1, "
                    + "CASE WHEN i % 2 = 0 THEN '\"' || p.name || '\" <' || p.email || '>' END, "
                    + "CASE WHEN i % 10 = 0 THEN 'accounting@' || split_part(p.email, '@', 2) END, 'outgoing', i % 10 < 7" + toDeleteVal
                    + ", NULL, 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) i JOIN mail_message m ON m.id = ?::bigint + i "
                    + "JOIN res_partner p ON p.id = m.res_id", mmBase, q1, qmBase);
            sync("mail_mail");
            exec("mail_mail_res_partner_rel", """
                    INSERT INTO mail_mail_res_partner_rel (mail_mail_id, res_partner_id)
                    SELECT mm.id, m.res_id FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
                     WHERE mm.id BETWEEN ? AND ? AND mm.email_to IS NULL
                    """, mmBase, mmBase + q1);
            c.commit();
        }

        // ----- attachments + filestore -------------------------------------------------------------
        void seedAttachments() throws SQLException {
            if (attachments == 0) {
                return;
            }
            if (attachments > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many attachments");
            }
            aBase = nextId("ir_attachment");
            int n = (int) attachments;
            Path fs = dataDir == null ? null : dataDir.resolve("filestore").resolve(dbName);
            progress.accept("ir_attachment: " + n + " attachments from id " + aBase + (fs == null ? " (db_datas)" : " -> " + fs));
            String[] sha = new String[n];
            int[] size = new int[n];
            boolean[] created = new boolean[n];
            AtomicLong done = new AtomicLong();
            long step = Math.max(1, n / 10);
            IntStream.range(0, n).parallel().forEach(i -> {
                byte[] content = content(i);
                sha[i] = sha1(content);
                size[i] = content.length;
                if (fs != null) {
                    created[i] = writeFile(fs, sha[i], content);
                }
                long d = done.incrementAndGet();
                if (n >= 20_000 && d % step == 0) {
                    progress.accept("filestore: " + d + "/" + n + " contents");
                }
            });
            // rows via COPY, then relink message attachments to their message's record
            long msgCount = messages;
            String copySql = "COPY ir_attachment (id, name, description, res_model, res_field, res_id, company_id, type, public, "
                    + "store_fname, file_size, checksum, mimetype, index_content, db_datas, create_uid, create_date, write_uid, write_date) "
                    + "FROM STDIN";
            try {
                CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
                try {
                    StringBuilder b = new StringBuilder(1 << 16);
                    for (int i = 0; i < n; i++) {
                        appendAttachmentRow(b, i, sha[i], size[i], fs == null, msgCount);
                        if (b.length() > (1 << 20) || i == n - 1) {
                            byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
                            copy.writeToCopy(bytes, 0, bytes.length);
                            b.setLength(0);
                        }
                    }
                    long copied = copy.endCopy();
                    rows.merge("ir_attachment", copied, Long::sum);
                    sync("ir_attachment");
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
            } catch (SQLException e) {
                throw new SQLException("COPY into ir_attachment failed: " + e.getMessage(), e.getSQLState(), e);
            }
            long aEnd = aBase + n - 1;
            if (msgCount > 0) {
                exec("message_attachment_rel", """
                        INSERT INTO message_attachment_rel (message_id, attachment_id)
                        SELECT res_id, id FROM ir_attachment WHERE id BETWEEN ? AND ? AND res_model = 'mail.message'
                        """, aBase, aEnd);
                exec(null, """
                        UPDATE ir_attachment a SET res_model = m.model, res_id = m.res_id
                          FROM mail_message m WHERE a.id BETWEEN ? AND ? AND a.res_model = 'mail.message' AND m.id = a.res_id
                        """, aBase, aEnd);
            }
            c.commit();
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                attachmentBytes += size[i];
                if (distinct.add(sha[i])) {
                    distinctBytes += size[i];
                }
            }
            attachmentRows = n;
            distinctFiles = distinct.size();
            long newFiles = 0;
            for (boolean b : created) {
                if (b) {
                    newFiles++;
                }
            }
            progress.accept("filestore: " + distinctFiles + " distinct files (" + newFiles + " written now), "
                    + distinctBytes + " bytes for " + attachmentBytes + " attachment bytes");
        }

        /** kind of attachment i: 0 partner doc, 1 partner avatar, 2 message, 3 lead, 4 employee document */
        int kind(int i) {
            int k = i % 10;
            int kind = k < 4 ? 0 : k < 6 ? 1 : k < 8 ? 2 : k == 8 ? 3 : 4;
            if (kind == 2 && messages == 0) {
                kind = 0;
            }
            if (kind == 3 && leads == 0) {
                kind = 0;
            }
            if (kind == 4 && employees == 0) {
                kind = 0;
            }
            return kind;
        }

        boolean shared(int i) {
            return sharedContents > 0 && i % 10 == 7; // a tenth of the attachments reuse a pool of contents
        }

        int sizeOf(int i) {
            long mix = (i * 2654435761L) & 0xffffffffL;
            double f = 0.5 + (mix % 1000) / 1000.0;
            return (int) Math.max(16, Math.round(attachmentSize * f));
        }

        byte[] content(int i) {
            int kind = kind(i);
            long seed;
            int len;
            String header;
            if (shared(i)) {
                int slot = (i / 10) % sharedContents;
                seed = 0x5eed0000L + slot;
                len = sizeOf(slot * 10 + 7);
                header = "%PDF-1.4\n% odoo-release shared document " + slot + " (General terms and conditions)\n";
            } else {
                seed = 0x0d00L * 1_000_003L + i;
                len = sizeOf(i);
                header = switch (kind) {
                    case 1 -> "\u0089PNG\r\n\u001a\n avatar of attachment " + i + "\n";
                    case 4 -> "%PDF-1.4\n% employee document " + i + " - passport scan / contract\n";
                    default -> "%PDF-1.4\n% attachment " + i + "\n";
                };
            }
            byte[] head = header.getBytes(StandardCharsets.ISO_8859_1);
            byte[] out = new byte[Math.max(len, head.length)];
            System.arraycopy(head, 0, out, 0, head.length);
            SplittableRandom r = new SplittableRandom(seed);
            for (int p = head.length; p < out.length; ) {
                long v = r.nextLong();
                for (int b = 0; b < 8 && p < out.length; b++, p++) {
                    out[p] = (byte) (v >>> (b * 8));
                }
            }
            return out;
        }

        void appendAttachmentRow(StringBuilder b, int i, String sha, int size, boolean inDb, long msgCount) {
            int kind = kind(i);
            long id = aBase + i;
            String name;
            String resModel;
            String resField = null;
            long resId;
            String mimetype;
            String description = null;
            String index = null;
            switch (kind) {
                case 1 -> {
                    resModel = "res.partner";
                    resField = "image_1920";
                    resId = partners > 0 ? pBase + ((long) i * 7919) % partners : 3;
                    name = "image_1920";
                    mimetype = "image/png";
                }
                case 2 -> {
                    resModel = "mail.message"; // relinked to the message's record after COPY
                    resId = mBase + ((long) i * 31) % msgCount;
                    name = "Signed quotation S" + String.format("%05d", i % 100000) + ".pdf";
                    mimetype = "application/pdf";
                }
                case 3 -> {
                    resModel = "crm.lead";
                    resId = lBase + ((long) i * 13) % leads;
                    name = "Requirements " + (i % 1000) + ".pdf";
                    mimetype = "application/pdf";
                }
                case 4 -> {
                    resModel = "hr.employee";
                    resId = eBase + ((long) i * 17) % employees;
                    String[] docs = {"Passport scan.pdf", "Employment contract.pdf", "ID card.pdf", "Payslip 2026-10.pdf",
                        "Medical certificate.pdf", "CV.pdf"};
                    name = docs[(i / 10) % docs.length];
                    mimetype = "application/pdf";
                    description = "Private HR document";
                    index = "Employee file. National number, passport number P" + String.format("%07d", (i * 7919L) % 10_000_000)
                            + ", home address and bank account IBAN BE68 5390 0754 7034.";
                }
                default -> {
                    resModel = "res.partner";
                    resId = partners > 0 ? pBase + ((long) i * 104729) % partners : 3;
                    name = shared(i) ? "General terms and conditions.pdf" : "Invoice INV-2026-" + String.format("%05d", i % 100000) + ".pdf";
                    mimetype = "application/pdf";
                    index = shared(i) ? "General terms and conditions of sale" : "Invoice for customer " + resId + ", amount due "
                            + (100 + (i * 37L) % 9900) + ".00 EUR";
                }
            }
            String created = "2025-" + String.format("%02d", 1 + i % 12) + "-" + String.format("%02d", 1 + i % 28) + " 10:00:00";
            String storeFname = inDb ? null : sha.substring(0, 2) + "/" + sha;
            String dbDatas = null;
            if (inDb) {
                dbDatas = "\\\\x" + HexFormat.of().formatHex(content(i));
            }
            col(b, Long.toString(id)).append('\t');
            col(b, name).append('\t');
            col(b, description).append('\t');
            col(b, resModel).append('\t');
            col(b, resField).append('\t');
            col(b, Long.toString(resId)).append('\t');
            col(b, "1").append('\t');
            col(b, "binary").append('\t');
            col(b, "f").append('\t');
            col(b, storeFname).append('\t');
            col(b, Integer.toString(size)).append('\t');
            col(b, sha).append('\t');
            col(b, mimetype).append('\t');
            col(b, index).append('\t');
            if (dbDatas == null) {
                b.append("\\N");
            } else {
                b.append(dbDatas);
            }
            b.append('\t');
            col(b, "2").append('\t');
            col(b, created).append('\t');
            col(b, "2").append('\t');
            col(b, created).append('\n');
        }

        StringBuilder col(StringBuilder b, String value) {
            if (value == null) {
                return b.append("\\N");
            }
            for (int k = 0; k < value.length(); k++) {
                char ch = value.charAt(k);
                switch (ch) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(ch);
                }
            }
            return b;
        }

        // ----- payments, queue jobs, sequences ------------------------------------------------------
        void seedPayments() throws SQLException {
            if (partners == 0) {
                return;
            }
            String pm = major >= 17 ? ", payment_method_id" : "";
            String pmVal = major >= 17 ? ", 1" : "";
            String mandate = major >= 17 ? ", stripe_mandate" : ", verified";
            String mandateVal = major >= 17 ? ", NULL" : ", true";
            long tokenBase = nextId("payment_token");
            exec("payment_token", "INSERT INTO payment_token (id, provider_id" + pm + ", company_id, payment_details, partner_id, "
                    + "provider_ref, active, stripe_payment_method" + mandate + ", create_uid, create_date, write_uid, write_date) "
                    + "SELECT ?::bigint + k / 100, (SELECT id FROM payment_provider WHERE code = 'stripe')" + pmVal + ", 1, "
                    + "lpad(((k * 7919) % 10000)::text, 4, '0'), ?::bigint + k, 'cus_' || left(md5('cus' || k), 14), true, "
                    + "'pm_' || left(md5('pm' || k), 24)" + mandateVal + ", 2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) k WHERE k % 100 = 1", tokenBase, pBase, partners - 1);
            sync("payment_token");
            String txExtra = major == 16 ? ", stripe_payment_intent" : "";
            String txExtraVal = major == 16 ? ", 'pi_' || left(md5('pi' || k), 24)" : "";
            exec("payment_transaction", "INSERT INTO payment_transaction (provider_id" + pm + ", company_id, reference, provider_reference, "
                    + "amount, currency_id, token_id, state, last_state_change, operation, is_post_processed, tokenize, partner_id, "
                    + "partner_name, partner_lang, partner_email, partner_address, partner_zip, partner_city, partner_country_id, "
                    + "partner_phone" + txExtra + ", create_uid, create_date, write_uid, write_date) "
                    + "SELECT (SELECT id FROM payment_provider WHERE code = 'stripe')" + pmVal + ", 1, 'S' || lpad(k::text, 7, '0') || '-1', "
                    + "'pi_' || left(md5('pi' || k), 24), (50 + (k * 37) % 5000)::numeric, 1, ?::bigint + k / 100, "
                    + "'done', timestamp '2026-11-20 09:00:00', 'online_token', true, false, p.id, p.name, p.lang, p.email, "
                    + "concat_ws(' ', p.street, p.street2), p.zip, p.city, p.country_id, p.phone" + txExtraVal + ", 2, "
                    + "timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00' "
                    + "FROM generate_series(0::bigint, ?::bigint) k JOIN res_partner p ON p.id = ?::bigint + k WHERE k % 100 = 1",
                    tokenBase, partners - 1, pBase);
            c.commit();
        }

        /**
         * The standard Community modules' personal-data tables (blacklists, SMS, letters, calendar,
         * sales, accounting, HR, events, surveys, POS, livechat, mailings, wizards...): one row per
         * tenth of the customer partners (at most 2 000 each), holding the partner's real name,
         * e-mail, phone and address as Odoo copies them there, so that a test sees them where a real
         * database has them.
         */
        void seedCommunityModules() throws SQLException {
            if (partners == 0) {
                return;
            }
            long n = Math.min(Math.max(partners / 10, 1), 2000);
            String from = " FROM res_partner p WHERE p.id >= " + pBase + " AND p.id < " + (pBase + n);
            String audit = "2, timestamp '2026-11-20 09:00:00', 2, timestamp '2026-11-20 09:00:00'";
            String cols = "create_uid, create_date, write_uid, write_date";
            progress.accept("standard modules' personal data: " + n + " rows per table");
            exec("mail_blacklist", "INSERT INTO mail_blacklist (email, active, " + cols + ") SELECT DISTINCT ON (p.email_normalized) "
                    + "p.email_normalized, true, " + audit + from + " AND p.email_normalized IS NOT NULL AND p.id % 3 = 0");
            exec("phone_blacklist", "INSERT INTO phone_blacklist (number, active, " + cols + ") SELECT DISTINCT ON (p.phone_sanitized) "
                    + "p.phone_sanitized, true, " + audit + from + " AND p.phone_sanitized IS NOT NULL AND p.id % 3 = 1");
            exec("mail_guest", "INSERT INTO mail_guest (name, access_token, lang, timezone, " + cols + ") SELECT p.name, md5('guest' || p.id), "
                    + "p.lang, p.tz, " + audit + from);
            exec("mail_activity", "INSERT INTO mail_activity (res_model_id, res_id, res_model, res_name, summary, note, date_deadline, "
                    + "user_id, " + cols + ") SELECT 1, p.id, 'res.partner', p.name, 'Call ' || p.name || ' at ' || p.phone, "
                    + "'<p>Ask ' || p.email || ' about the new contract</p>', date '2026-12-01', 2, " + audit + from);
            exec("sms_sms", "INSERT INTO sms_sms (uuid, number, body, partner_id, state, " + cols + ") SELECT md5('sms' || p.id), p.mobile, "
                    + "'Dear ' || p.name || ', your order is ready', p.id, 'sent', " + audit + from + " AND p.mobile IS NOT NULL");
            exec("snailmail_letter", "INSERT INTO snailmail_letter (model, res_id, partner_id, company_id, state, street, street2, zip, "
                    + "city, country_id, " + cols + ") SELECT 'res.partner', p.id, p.id, 1, 'sent', p.street, p.street2, p.zip, p.city, "
                    + "p.country_id, " + audit + from);
            exec("privacy_log", "INSERT INTO privacy_log (date, anonymized_name, anonymized_email, user_id, execution_details, "
                    + "records_description, additional_note, " + cols + ") SELECT timestamp '2026-11-20 09:00:00', p.name, p.email, 2, "
                    + "'Archived contact ' || p.email, 'res.partner: ' || p.name, 'asked by ' || p.email, " + audit + from + " AND p.id % 10 = 0");
            long events = nextId("calendar_event");
            exec("calendar_event", "INSERT INTO calendar_event (id, name, description, location, videocall_location, access_token, start, "
                    + "stop, user_id, privacy, " + cols + ") SELECT ?::bigint + (p.id - ?::bigint), 'Lunch with ' || p.name, "
                    + "'<p>Meet ' || p.name || ', ' || p.phone || '</p>', concat_ws(', ', p.street, p.city), "
                    + "'https://meet.example.com/' || md5(p.email), md5('ev' || p.id), timestamp '2026-12-01 12:00:00', "
                    + "timestamp '2026-12-01 13:00:00', 2, 'public', " + audit + from, events, pBase);
            sync("calendar_event");
            exec("calendar_attendee", "INSERT INTO calendar_attendee (event_id, partner_id, common_name, access_token, state, " + cols + ") "
                    + "SELECT ?::bigint + (p.id - ?::bigint), p.id, p.name, md5('att' || p.id), 'accepted', " + audit + from, events, pBase);
            exec("sale_order", "INSERT INTO sale_order (name, state, partner_id, partner_invoice_id, partner_shipping_id, company_id, "
                    + "client_order_ref, note, access_token, signed_by, signed_on, signature, date_order, " + cols + ") "
                    + "SELECT 'S' || lpad(p.id::text, 5, '0'), 'sale', p.id, p.id, p.id, 1, 'PO ' || p.ref, NULL, md5('so' || p.id), p.name, "
                    + "timestamp '2026-11-20 09:00:00', convert_to(p.name, 'UTF8'), timestamp '2026-11-20 09:00:00', " + audit + from);
            long moves = nextId("account_move");
            exec("account_move", "INSERT INTO account_move (id, name, move_type, state, date, partner_id, commercial_partner_id, "
                    + "invoice_partner_display_name, ref, payment_reference, access_token, company_id, " + cols + ") "
                    + "SELECT ?::bigint + (p.id - ?::bigint), 'INV/2026/' || lpad(p.id::text, 5, '0'), 'out_invoice', 'posted', "
                    + "date '2026-11-20', p.id, p.id, p.name, NULL, 'INV/2026/' || lpad(p.id::text, 5, '0'), md5('inv' || p.id), 1, "
                    + audit + from, moves, pBase);
            sync("account_move");
            exec("account_bank_statement_line", "INSERT INTO account_bank_statement_line (move_id, partner_id, partner_name, "
                    + "account_number, payment_ref, amount, company_id, " + cols + ") SELECT ?::bigint + (p.id - ?::bigint), p.id, p.name, "
                    + "b.acc_number, 'Payment from ' || p.name, 100, 1, " + audit + " FROM res_partner p "
                    + "JOIN res_partner_bank b ON b.partner_id = p.id WHERE p.id >= ?::bigint AND p.id < ?::bigint", moves, pBase, pBase, pBase + n);
            if (major >= 17) {
                exec(null, "UPDATE account_bank_statement_line l SET transaction_details = "
                        + "jsonb_build_object('counterpart_name', l.partner_name, 'iban', l.account_number) WHERE l.account_number IS NOT NULL");
                exec(null, "UPDATE res_partner p SET contact_address_complete = concat_ws(', ', p.street, p.zip || ' ' || p.city) "
                        + "WHERE p.street IS NOT NULL");
            }
            if (employees > 0) {
                // 16 keeps the private address on a partner (address_home_id), 17 and 18 on the employee
                String emp = major == 16
                        ? " FROM (SELECT x.id, x.name, x.work_contact_id, h.phone AS private_phone, h.email AS private_email, "
                        + "h.street AS private_street, h.city AS private_city, x.emergency_phone AS private_car_plate FROM hr_employee x "
                        + "LEFT JOIN res_partner h ON h.id = x.address_home_id) e WHERE e.id >= " + eBase + " AND e.id < " + (eBase + Math.min(employees, n))
                        : " FROM hr_employee e WHERE e.id >= " + eBase + " AND e.id < " + (eBase + Math.min(employees, n));
                exec("hr_leave", "INSERT INTO hr_leave (employee_id, private_name, name, notes, state, date_from, date_to, " + cols + ") "
                        + "SELECT e.id, 'Surgery of ' || e.name, 'Surgery of ' || e.name, 'Call ' || e.private_phone, 'validate', "
                        + "timestamp '2026-11-02 08:00:00', timestamp '2026-11-06 17:00:00', " + audit + emp);
                exec("hr_resume_line", "INSERT INTO hr_resume_line (employee_id, name, description, date_start, " + cols + ") "
                        + "SELECT e.id, e.name || ' at Acme', 'References: ' || e.private_email, date '2015-09-01', " + audit + emp);
                exec("hr_contract", "INSERT INTO hr_contract (name, employee_id, wage, notes, state, date_start, company_id, " + cols + ") "
                        + "SELECT 'Contract ' || e.name, e.id, 3500, 'Private: ' || e.private_email, 'open', date '2024-01-01', 1, " + audit + emp);
                exec("fleet_vehicle", "INSERT INTO fleet_vehicle (name, license_plate, vin_sn, driver_id, location, company_id, " + cols + ") "
                        + "SELECT 'Car of ' || e.name, e.private_car_plate, 'VIN' || md5(e.name), e.work_contact_id, e.private_street, 1, "
                        + audit + emp);
                if (major >= 17) {
                    exec("hr_attendance", "INSERT INTO hr_attendance (employee_id, check_in, check_out, in_latitude, in_longitude, "
                            + "in_country_name, in_city, in_ip_address, in_browser, in_mode, out_ip_address, out_city, " + cols + ") "
                            + "SELECT e.id, timestamp '2026-11-20 08:00:00', timestamp '2026-11-20 17:00:00', 50.85, 4.35, 'Belgium', "
                            + "e.private_city, '10.' || (e.id % 250) || '.' || (e.id % 7) || '.' || (e.id % 251), 'firefox', 'kiosk', "
                            + "'10.9.' || (e.id % 7) || '.' || (e.id % 251), e.private_city, " + audit + emp);
                }
            }
            exec("project_task", "INSERT INTO project_task (name, description, partner_id, email_cc, active, " + cols + ") "
                    + "SELECT 'Install at ' || p.name, '<p>Ring ' || p.phone || '</p>', p.id, p.email, true, " + audit + from);
            if (major == 16) {
                exec(null, "UPDATE project_task t SET email_from = p.email, partner_email = p.email, partner_phone = p.phone "
                        + "FROM res_partner p WHERE p.id = t.partner_id");
            }
            exec("event_registration", "INSERT INTO event_registration (event_id, partner_id, name, email, phone, company_name, state, "
                    + cols + ") SELECT 1, p.id, p.name, p.email, p.phone, p.company_name, 'open', " + audit + from);
            if (major == 16) {
                exec(null, "UPDATE event_registration r SET mobile = p.mobile FROM res_partner p WHERE p.id = r.partner_id");
            } else {
                exec("event_registration_answer", "INSERT INTO event_registration_answer (registration_id, question_id, value_text_box, "
                        + cols + ") SELECT r.id, 1, 'Allergic; call ' || r.phone, " + audit + " FROM event_registration r");
            }
            exec("survey_user_input", "INSERT INTO survey_user_input (survey_id, partner_id, email, nickname, access_token, state, " + cols + ") "
                    + "SELECT 1, p.id, p.email, p.name, md5('survey' || p.id), 'done', " + audit + from);
            exec("survey_user_input_line", "INSERT INTO survey_user_input_line (user_input_id, answer_type, value_char_box, value_text_box, "
                    + cols + ") SELECT i.id, 'text_box', p.phone, 'I live at ' || p.street, " + audit
                    + " FROM survey_user_input i JOIN res_partner p ON p.id = i.partner_id");
            exec("pos_payment", "INSERT INTO pos_payment (pos_order_id, amount, cardholder_name, card_type, transaction_id, payment_status, "
                    + cols + ") SELECT p.id, 10, upper(p.name), 'visa', 'TX' || md5(p.name), 'done', " + audit + from);
            if (major >= 17) {
                exec(null, "UPDATE pos_payment SET card_no = lpad((pos_order_id * 7919 % 10000)::text, 4, '0')");
            }
            exec("chatbot_message", "INSERT INTO chatbot_message (user_raw_answer, " + cols + ") SELECT 'my e-mail is ' || p.email, " + audit + from);
            String channel = major == 16 ? "mail_channel" : "discuss_channel";
            long channels = nextId(channel);
            exec(channel, "INSERT INTO " + channel + " (id, name, channel_type, description, uuid, anonymous_name, " + cols + ") "
                    + "SELECT ?::bigint + (p.id - ?::bigint), p.name || ', Mitchell Admin', 'chat', NULL, md5('ch' || p.id), p.name, " + audit
                    + from, channels, pBase);
            sync(channel);
            exec(channel + "_member", "INSERT INTO " + channel + "_member (channel_id, partner_id, custom_channel_name, " + cols + ") "
                    + "SELECT ?::bigint + (p.id - ?::bigint), p.id, 'Chat with ' || p.name, " + audit + from, channels, pBase);
            exec("mailing_contact", "INSERT INTO mailing_contact (name, company_name, email, email_normalized, mobile, phone_sanitized, "
                    + "country_id, is_blacklisted, " + cols + ") SELECT p.name, p.company_name, p.email, p.email_normalized, p.mobile, "
                    + "p.phone_sanitized, p.country_id, false, " + audit + from);
            exec("mailing_trace", "INSERT INTO mailing_trace (trace_type, model, res_id, email, sms_number, message_id, trace_status, " + cols
                    + ") SELECT 'mail', 'res.partner', p.id, p.email, p.mobile, '<' || md5(p.email) || '@example.com>', 'sent', " + audit + from);
            exec("link_tracker_click", "INSERT INTO link_tracker_click (link_id, ip, " + cols + ") SELECT 1, '192.0.2.' || (p.id % 250), "
                    + audit + from);
            if (major >= 17) {
                exec("mail_gateway_allowed", "INSERT INTO mail_gateway_allowed (email, email_normalized, " + cols + ") "
                        + "SELECT p.email, p.email_normalized, " + audit + from + " AND p.id % 10 = 3");
                exec("iap_account_info", "INSERT INTO iap_account_info (account_token, balance, service_name, warn_me, warning_email, "
                        + cols + ") SELECT md5('iap' || p.id), 10, 'sms', true, p.email, " + audit + from + " AND p.id % 10 = 4");
                exec("hr_applicant", "INSERT INTO hr_applicant (name, partner_id, partner_name, email_from, email_normalized, email_cc, "
                        + "partner_phone, partner_phone_sanitized, linkedin_profile, description, active, " + cols + ") "
                        + "SELECT 'Application of ' || p.name, p.id, p.name, p.email, p.email_normalized, p.email, p.phone, p.phone_sanitized, "
                        + "'https://linkedin.example.com/in/' || md5(p.name), '<p>Lives at ' || p.street || '</p>', true, " + audit + from);
                if (major >= 18) {
                    exec("hr_candidate", "INSERT INTO hr_candidate (partner_id, partner_name, email_from, email_normalized, partner_phone, "
                            + "partner_phone_sanitized, linkedin_profile, company_id, active, " + cols + ") SELECT p.id, p.name, p.email, "
                            + "p.email_normalized, p.phone, p.phone_sanitized, 'https://linkedin.example.com/in/' || md5(p.name), 1, true, "
                            + audit + from);
                }
            } else {
                exec("hr_applicant", "INSERT INTO hr_applicant (name, partner_id, partner_name, email_from, email_normalized, email_cc, "
                        + "partner_phone, partner_mobile, partner_phone_sanitized, linkedin_profile, description, active, " + cols + ") "
                        + "SELECT 'Application of ' || p.name, p.id, p.name, p.email, p.email_normalized, p.email, p.phone, p.mobile, "
                        + "p.phone_sanitized, 'https://linkedin.example.com/in/' || md5(p.name), '<p>Lives at ' || p.street || '</p>', true, "
                        + audit + from);
            }
            // wizards someone left open (Odoo's autovacuum empties them after an hour)
            exec("mail_compose_message", "INSERT INTO mail_compose_message (subject, body, email_from, reply_to, author_id, model, res_ids, "
                    + cols + ") SELECT 'Offer for ' || p.name, '<p>Dear ' || p.name || '</p>', p.email, p.email, p.id, 'res.partner', "
                    + "'[' || p.id || ']', " + audit + from + " AND p.id % 10 = 5");
            exec("mail_blacklist_remove", "INSERT INTO mail_blacklist_remove (email, reason, " + cols + ") SELECT p.email, 'asked by phone', "
                    + audit + from + " AND p.id % 10 = 6 AND p.email IS NOT NULL");
            exec("phone_blacklist_remove", "INSERT INTO phone_blacklist_remove (phone, reason, " + cols + ") SELECT p.phone, 'asked', "
                    + audit + from + " AND p.id % 10 = 6 AND p.phone IS NOT NULL");
            exec("sms_composer", "INSERT INTO sms_composer (composition_mode, res_model, res_id, numbers, recipient_single_number_itf, body, "
                    + cols + ") SELECT 'numbers', 'res.partner', p.id, p.mobile, p.mobile, 'Hello ' || p.name, " + audit + from
                    + " AND p.id % 10 = 7");
            exec("portal_wizard_user", "INSERT INTO portal_wizard_user (wizard_id, partner_id, email, " + cols + ") SELECT 1, p.id, p.email, "
                    + audit + from + " AND p.id % 10 = 8");
            exec("privacy_lookup_wizard", "INSERT INTO privacy_lookup_wizard (name, email, " + cols + ") SELECT p.name, coalesce(p.email, ''), "
                    + audit + from + " AND p.id % 10 = 9");
            c.commit();
        }

        void seedQueueJobs() throws SQLException {
            if (queueJobs == 0) {
                return;
            }
            String records = partners > 0 ? "'{\"_type\": \"odoo_recordset\", \"model\": \"res.partner\", \"uid\": 2, \"ids\": [' || (" + pBase
                    + " + i % " + partners + ") || ']}'" : "'{\"_type\": \"odoo_recordset\", \"model\": \"res.partner\", \"uid\": 2, \"ids\": [3]}'";
            exec("queue_job", "INSERT INTO queue_job (uuid, user_id, company_id, name, model_name, method_name, records, args, kwargs, "
                    + "func_string, state, priority, exc_name, exc_message, exc_info, result, date_created, date_started, date_enqueued, "
                    + "date_done, exec_time, eta, retry, max_retries, channel_method_name, job_function_id, channel, identity_key) "
                    + "SELECT (md5('job' || i))::uuid::text, 2, 1, 'Geolocate partner ' || i, 'res.partner', 'geo_localize', " + records
                    + ", '[]', '{}', 'res.partner(' || i || ',).geo_localize()', "
                    + "(ARRAY['pending', 'enqueued', 'started', 'done', 'failed', 'wait_dependencies'])[1 + i % 6], 10, "
                    + "CASE WHEN i % 6 = 4 THEN 'requests.exceptions.ConnectionError' END, "
                    + "CASE WHEN i % 6 = 4 THEN 'HTTPSConnectionPool(host=''nominatim.openstreetmap.org'', port=443)' END, "
                    + "CASE WHEN i % 6 = 4 THEN 'Traceback (most recent call last): ...' END, "
                    + "CASE WHEN i % 6 = 3 THEN 'Geolocated' END, timestamp '2026-11-22 08:00:00' + i * interval '1 minute', "
                    + "CASE WHEN i % 6 IN (2, 3, 4) THEN timestamp '2026-11-22 08:00:05' + i * interval '1 minute' END, "
                    + "CASE WHEN i % 6 IN (1, 2, 3, 4) THEN timestamp '2026-11-22 08:00:01' + i * interval '1 minute' END, "
                    + "CASE WHEN i % 6 = 3 THEN timestamp '2026-11-22 08:00:09' + i * interval '1 minute' END, "
                    + "CASE WHEN i % 6 = 3 THEN 3.5 END, NULL, (i % 3)::int, 5, '<res.partner>.geo_localize', "
                    + "(SELECT min(id) FROM queue_job_function), 'root', NULL FROM generate_series(0::bigint, ?::bigint) i",
                    queueJobs - 1);
            c.commit();
        }

        void resetSequences() throws SQLException {
            for (String table : rows.keySet()) {
                if (table.endsWith("_rel") || table.equals("ir_act_server")) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), "
                            + "GREATEST((SELECT COALESCE(max(id), 0) FROM " + table + "), 1))");
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("SELECT setval('ir_actions_id_seq', GREATEST((SELECT max(id) FROM ir_actions), 1))");
            }
        }
    }

    @FunctionalInterface
    private interface Body {
        void run() throws SQLException;
    }

    @FunctionalInterface
    private interface ChunkBody {
        void run(long lo, long hi) throws SQLException;
    }

    static String sha1(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a content-addressed file unless it exists; true when this call created it. */
    static boolean writeFile(Path filestore, String sha, byte[] content) {
        Path target = filestore.resolve(sha.substring(0, 2)).resolve(sha);
        if (Files.exists(target)) {
            return false;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".seed-", ".tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
                return false;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Unable to write " + target, e);
        }
    }
}
