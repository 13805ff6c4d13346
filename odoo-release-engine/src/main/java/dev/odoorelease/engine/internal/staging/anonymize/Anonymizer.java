package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.CloneMark;
import dev.odoorelease.engine.internal.db.OdooDatabase;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.internal.db.Transactions;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.progress.Sizes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.postgresql.util.PSQLException;
import dev.odoorelease.engine.result.AnonymizationReport;

/**
 * Anonymizes a staging copy of an Odoo database in place, by rules ({@link AnonymizationRules}).
 *
 * <pre>{@code
 * AnonymizationReport r = new Anonymizer(connection)   // the COPY a clone has just built, never production
 *         .rules(AnonymizationRules.builtIn("17.0").merge(AnonymizationRules.fromFile(Path.of("anonymization.yml"))))
 *         .filestore(filestoreDir)
 *         .progress(listener)
 *         .run();
 * }</pre>
 *
 * <p>Order: delete rules, then attachment rules (rows and filestore files), then the column rules
 * table by table. Each table is one transaction: a failure rolls that table back whole and names
 * the rule. Everything is set-based SQL inside the server:
 * <ul>
 * <li>tables of at least {@link #rewriteThreshold} rows are <b>rewritten</b>: one
 * {@code ALTER TABLE … ALTER COLUMN c TYPE <same type> USING <pseudonym>} per table makes
 * PostgreSQL write a new heap with the new values and rebuild every index, while the table keeps its
 * identity (oid), so every constraint, foreign key from other tables, default, sequence ownership,
 * trigger, grant and comment stays exactly as it was;</li>
 * <li>smaller tables (and big ones a view depends on, which cannot be rewritten that way) are
 * <b>updated</b> with one {@code UPDATE} per table, then {@code VACUUM FULL} so that no old row
 * version (original values) stays in the files.</li>
 * </ul>
 * Every touched table is analyzed afterwards, so {@code pg_statistic} no longer holds original values.
 *
 * <p>Only a database a clone has just built is anonymized ({@link CloneMark}): {@link #run} refuses any
 * other, production above all, before it changes anything. {@link #planStream} only reads (it runs on
 * the source, in the snapshot a live copy streams from).
 *
 * <p>This class holds the options; the work is done by {@link AnonymizationRun} (the steps in order),
 * {@link PlanChecks} (before any change), {@link RowDeleter}, {@link AttachmentScrubber},
 * {@link ColumnRuleApplier} with {@link ColumnRuleSql} and {@link TableFailure}, {@link TableCleanUp},
 * and {@link StreamPlanner} for the rules applied while streaming.
 */
public final class Anonymizer {
    /** Environment variable holding the staging password when no rule names another. */
    public static final String DEFAULT_PASSWORD_ENV = "ODOO_RELEASE_STAGING_PASSWORD";

    private final Connection connection;
    private AnonymizationRules rules = AnonymizationRules.empty();
    private Path filestore;
    private ProgressListener progress = ProgressListener.NONE;
    private long rewriteThreshold = 100_000;
    private String stagingPassword;
    private Map<String, String> environment = System.getenv();
    private boolean vacuumFull = true;
    private Duration lockTimeout = Duration.ofSeconds(60);
    private String maintenanceWorkMem = "256MB";
    private StreamedAnonymization streamed;

    /** @param connection a JDBC connection to the staging copy (its auto-commit setting is restored afterwards) */
    public Anonymizer(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    public Anonymizer rules(AnonymizationRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        return this;
    }

    /** The copy's filestore folder ({@code <data_dir>/filestore/<db>}), for attachment rules. */
    public Anonymizer filestore(Path filestoreDir) {
        this.filestore = filestoreDir;
        return this;
    }

    public Anonymizer progress(ProgressListener progress) {
        this.progress = progress == null ? ProgressListener.NONE : progress;
        return this;
    }

    /** Tables with at least this many rows are rewritten rather than updated (default 100 000). */
    public Anonymizer rewriteThreshold(long rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rewriteThreshold must not be negative");
        }
        this.rewriteThreshold = rows;
        return this;
    }

    /**
     * The password every staging user gets (password rules). Without it, the password rule's
     * environment variable ({@value #DEFAULT_PASSWORD_ENV} by default) is read; without either,
     * passwords become NULL (nobody logs in with a password) and the report says so.
     */
    public Anonymizer stagingPassword(String password) {
        this.stagingPassword = password;
        return this;
    }

    /** Where password rules read their environment variable (default: the process environment). */
    public Anonymizer environment(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
        return this;
    }

    /**
     * Whether tables changed by UPDATE or DELETE get {@code VACUUM FULL} (default true): without it,
     * old row versions with original values stay in the table's files (invisible to SQL, but copied
     * by file-level snapshots) until reused.
     */
    public Anonymizer vacuumFull(boolean vacuumFull) {
        this.vacuumFull = vacuumFull;
        return this;
    }

    /** How long to wait for a table lock (another session on the copy) before failing; default 60 s. */
    public Anonymizer lockTimeout(Duration lockTimeout) {
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
        return this;
    }

    /** maintenance_work_mem for the index rebuilds of rewrites (default 256MB). */
    public Anonymizer maintenanceWorkMem(String setting) {
        if (setting == null || !setting.matches("\\d+\\s*(kB|MB|GB)?")) {
            throw new IllegalArgumentException("maintenance_work_mem must look like 256MB");
        }
        this.maintenanceWorkMem = setting;
        return this;
    }

    /**
     * The column rules a live copy already applied while streaming the rows ({@link #planStream} on
     * the source): they are not applied again, and the report lists them with method "stream" and the
     * row counts taken from the source. A table whose rules on the copy differ from the planned ones
     * (it cannot happen with the same rules and snapshot) is anonymized here as usual.
     */
    public Anonymizer streamed(StreamedAnonymization streamed) {
        this.streamed = streamed;
        return this;
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Plans the column rules a live copy applies while it streams the rows (see
     * {@link StreamedAnonymization}). This Anonymizer's connection must be a connection to the
     * SOURCE sitting in the copied snapshot: the catalog is read and the rules are checked as
     * {@link #run} does (a rule that cannot work stops the clone before any row is copied), then the
     * rows each rule changes are counted there. Read only; never ends the connection's transaction
     * (unless a check fails: then the clone stops).
     */
    public StreamedAnonymization planStream() {
        try {
            return new StreamPlanner(session()).plan(rules, stagingPassword, environment);
        } catch (SQLException e) {
            throw sqlError("plan the anonymization of the streamed rows", e);
        }
    }

    /**
     * Anonymizes the copy. Refused, with nothing changed, unless the connection's database is one a clone has just
     * built ({@link CloneMark}): anonymization rewrites personal data in place and must never reach a live database.
     */
    public AnonymizationReport run() {
        requireFreshClone();
        long t0 = System.nanoTime();
        AnonymizationRun run = new AnonymizationRun(session(), rules, filestore, streamed);
        try {
            Transactions.inTransaction(connection, () -> run.run(stagingPassword, environment));
        } catch (SQLException e) {
            throw sqlError("anonymize the staging copy", e);
        }
        AnonymizationResults r = run.results;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        progress.info("Anonymization done in " + Sizes.human(Duration.ofMillis(ms)) + ": " + r.columns.size() + " column rules on "
                + r.tables.size() + " tables, " + r.deletions.size() + " delete rules, " + r.attachments.size()
                + " attachment rules, " + run.plan().skipped().size() + " rules skipped (absent here)");
        return new AnonymizationReport(r.columns, r.deletions, r.attachments, r.tables, run.plan().skipped(), r.warnings, ms);
    }

    private void requireFreshClone() {
        String database = "?";
        boolean fresh;
        try {
            database = OdooDatabase.currentDatabase(connection);
            fresh = CloneMark.isFreshClone(connection);
        } catch (SQLException e) {
            throw sqlError("check that database " + database + " is a copy a clone has just built", e);
        }
        if (!fresh) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to anonymize database " + database
                    + ": it is not a copy a clone has just built (a clone marks the database it builds, under its temporary "
                    + "name, and this one carries no such mark), and anonymization rewrites personal data in place. Nothing "
                    + "was changed. Anonymize staging through a stage clone (`odoo-release stage-clone`), which anonymizes its "
                    + "copy before that copy replaces staging; never point the anonymizer at a live database.");
        }
    }

    private CopySession session() {
        return new CopySession(connection, progress, rewriteThreshold, vacuumFull, lockTimeout, maintenanceWorkMem);
    }

    private static OdooReleaseException sqlError(String what, SQLException e) {
        return new OdooReleaseException(ErrorCode.SQL, "Unable to " + what + ": " + primary(e) + " (SQLSTATE " + e.getSQLState() + ").", e);
    }

    /**
     * The server's primary message only: PostgreSQL's DETAIL of a failed row ("Failing row contains
     * (...)", "Key (login)=(...)") would carry personal values into logs.
     */
    static String primary(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null && p.getServerErrorMessage().getMessage() != null) {
            return p.getServerErrorMessage().getMessage();
        }
        return Pg.firstLine(e.getMessage()).toLowerCase(Locale.ROOT).startsWith("error: ")
                ? Pg.firstLine(e.getMessage()).substring(7) : Pg.firstLine(e.getMessage());
    }
}
