package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.process.ProcessResult;
import dev.odoorelease.engine.progress.ProgressListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the environment's role may create the extensions a copy made by {@code pg_restore} (a dump snapshot's
 * restore, a live copy's schema) creates in the new database — decided BEFORE the copy starts. A superuser may create
 * any; a role that is not one (a managed server's master user) may create the trusted ones ({@code pg_trgm},
 * {@code unaccent}, … with CREATE on the database, which its owner has) and, on a managed service, those its provider
 * allows; PostgreSQL refuses the rest half-way through the restore. A template copy copies the extensions with the
 * files and needs none of this.
 *
 * <p>The answer is the server's own: each extension is created in a transaction that is rolled back, in the role's
 * state database (which it owns), so a provider's own rules (AWS RDS lets {@code rds_superuser} create its allowed
 * extensions) are honoured without being known here.
 */
public final class ExtensionPrivileges {
    private static final Pattern TOC_EXTENSION = Pattern.compile("(?m)^\\d+; \\d+ \\d+ EXTENSION - (\\S+)");

    private ExtensionPrivileges() {
    }

    /** The extensions a database holds, {@code plpgsql} (in every template) left out. */
    public static Set<String> ofDatabase(DbTarget db) {
        try (Connection c = Pg.connect(db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'")) {
            Set<String> out = new TreeSet<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw Pg.sqlError("list the extensions of " + db.database(), db, e);
        }
    }

    /** The extensions a dump (directory or custom format) creates, read from its table of contents. */
    public static Set<String> ofDump(PgTools tools, DbTarget anyOnServer, Path dump) {
        ProcessResult r = tools.run(tools.pgRestore(), anyOnServer, List.of("--list", dump.toString()), Duration.ofMinutes(5));
        if (!r.ok()) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to read the table of contents of dump " + dump + ": "
                    + r.tail(5) + ". Verify the snapshot (`odoo-release snapshots verify`).");
        }
        Set<String> out = new TreeSet<>();
        Matcher m = TOC_EXTENSION.matcher(r.stdout());
        while (m.find()) {
            if (!"plpgsql".equals(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** {@link #requireCreatable} for the extensions dump {@code dump} creates, read from its table of contents. */
    public static void requireForDump(DbTarget stateDb, Path dump, String whatFor, String instead, ProgressListener progress) {
        int major;
        try (Connection c = Pg.connect(stateDb)) {
            major = OdooDatabase.serverMajor(c);
        } catch (SQLException e) {
            throw Pg.sqlError("read the server version", stateDb, e);
        }
        requireCreatable(stateDb, ofDump(PgTools.forServer(major), stateDb, dump), whatFor, instead, progress);
    }

    /**
     * Refuses (nothing changed) when the role of {@code stateDb} may not create one of {@code extensions} on its server.
     *
     * @param stateDb the environment's state database on the server the copy is made on (its role owns it)
     * @param whatFor "restore production from snapshot 2026…", for the message
     * @param instead what to do instead, in a sentence
     */
    public static void requireCreatable(DbTarget stateDb, Set<String> extensions, String whatFor, String instead,
                                        ProgressListener progress) {
        if (extensions.isEmpty()) {
            return;
        }
        List<String> refused = new ArrayList<>();
        try (Connection c = Pg.connect(stateDb)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (rs.next() && rs.getBoolean(1)) {
                    progress.info("  extensions " + String.join(", ", extensions) + ": created by role " + stateDb.user()
                            + ", a superuser");
                    return;
                }
            }
            c.setAutoCommit(false);
            for (String ext : extensions) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE EXTENSION IF NOT EXISTS " + DbNames.quoteIdentifier(ext) + " CASCADE");
                } catch (SQLException e) {
                    refused.add(ext + " (" + Pg.firstLine(e.getMessage()) + ")");
                } finally {
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            throw Pg.sqlError("check which extensions role " + stateDb.user() + " may create", stateDb, e);
        }
        if (!refused.isEmpty()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + whatFor + " (extensions of the copied "
                    + "database: " + String.join(", ", extensions) + "; server " + stateDb.server() + "): role " + stateDb.user()
                    + " may not create " + String.join(", ", refused) + ", and a copy made with pg_restore must create every "
                    + "extension in the new database; a role that is not a superuser may create only trusted extensions and, "
                    + "on a managed service, those its provider allows. " + instead + " Nothing was changed.");
        }
        progress.info("  extensions " + String.join(", ", extensions) + ": role " + stateDb.user() + " may create them without "
                + "being a superuser (checked on " + stateDb.server() + " before the copy)");
    }
}
