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
 * Whether the environment's role may create what a copy made by {@code pg_restore} (a dump snapshot's restore, a live
 * copy's schema) creates in the new database that only some roles may create — its extensions and event triggers —
 * decided BEFORE the copy starts. A superuser may create all; a role that is not one (a managed server's master user)
 * may create the trusted extensions ({@code pg_trgm}, {@code unaccent}, … with CREATE on the database, which its owner
 * has), no event trigger, and on a managed service what its provider allows; PostgreSQL refuses the rest half-way
 * through the restore. A template copy copies them with the files and needs none of this.
 *
 * <p>The answer is the server's own: each is created in a transaction that is rolled back, in the role's state database
 * (which it owns), so a provider's rules (AWS RDS lets {@code rds_superuser} create its allowed extensions and event
 * triggers) are honoured without being known here.
 */
public final class RestorePrivileges {
    private static final Pattern TOC_EXTENSION = Pattern.compile("(?m)^\\d+; \\d+ \\d+ EXTENSION - (\\S+)");
    private static final Pattern TOC_EVENT_TRIGGER = Pattern.compile("(?m)^\\d+; \\d+ \\d+ EVENT TRIGGER - (\\S+)");

    private RestorePrivileges() {
    }

    /** What a restore creates that needs privileges: extensions ({@code plpgsql}, in every template, left out) and event triggers. */
    public record Creates(Set<String> extensions, Set<String> eventTriggers) {
        public Creates {
            extensions = Set.copyOf(new TreeSet<>(extensions));
            eventTriggers = Set.copyOf(new TreeSet<>(eventTriggers));
        }

        boolean isEmpty() {
            return extensions.isEmpty() && eventTriggers.isEmpty();
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (!extensions.isEmpty()) {
                parts.add("extensions " + String.join(", ", new TreeSet<>(extensions)));
            }
            if (!eventTriggers.isEmpty()) {
                parts.add("event triggers " + String.join(", ", new TreeSet<>(eventTriggers)));
            }
            return String.join("; ", parts);
        }
    }

    /** What database {@code db} holds. */
    public static Creates ofDatabase(DbTarget db) {
        try (Connection c = Pg.connect(db)) {
            return new Creates(names(c, "SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'"),
                    names(c, "SELECT evtname FROM pg_event_trigger"));
        } catch (SQLException e) {
            throw Pg.sqlError("list the extensions and event triggers of " + db.database(), db, e);
        }
    }

    private static Set<String> names(Connection c, String sql) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** What a dump (directory or custom format) creates, read from its table of contents. */
    public static Creates ofDump(PgTools tools, DbTarget anyOnServer, Path dump) {
        ProcessResult r = tools.run(tools.pgRestore(), anyOnServer, List.of("--list", dump.toString()), Duration.ofMinutes(5));
        if (!r.ok()) {
            throw new OdooReleaseException(ErrorCode.IO, "Unable to read the table of contents of dump " + dump + ": "
                    + r.tail(5) + ". Verify the snapshot (`odoo-release snapshots verify`).");
        }
        Set<String> extensions = matches(TOC_EXTENSION, r.stdout());
        extensions.remove("plpgsql");
        return new Creates(extensions, matches(TOC_EVENT_TRIGGER, r.stdout()));
    }

    private static Set<String> matches(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** {@link #requireCreatable} for what dump {@code dump} creates, read from its table of contents. */
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
     * Refuses (nothing changed) when the role of {@code stateDb} may not create one of {@code creates} on its server.
     *
     * @param stateDb the environment's state database on the server the copy is made on (its role owns it)
     * @param whatFor "restore production from snapshot 2026…", for the message
     * @param instead what to do instead, in a sentence
     */
    public static void requireCreatable(DbTarget stateDb, Creates creates, String whatFor, String instead, ProgressListener progress) {
        if (creates.isEmpty()) {
            return;
        }
        List<String> refused = new ArrayList<>();
        try (Connection c = Pg.connect(stateDb)) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                if (rs.next() && rs.getBoolean(1)) {
                    progress.info("  " + creates.describe() + ": created by role " + stateDb.user() + ", a superuser");
                    return;
                }
            }
            c.setAutoCommit(false);
            for (String ext : new TreeSet<>(creates.extensions())) {
                probe(c, refused, "extension " + ext, "CREATE EXTENSION IF NOT EXISTS " + DbNames.quoteIdentifier(ext) + " CASCADE");
            }
            if (!creates.eventTriggers().isEmpty()) {
                probe(c, refused, "event trigger " + String.join(", ", new TreeSet<>(creates.eventTriggers())),
                        "CREATE FUNCTION public.odoo_release_probe() RETURNS event_trigger LANGUAGE plpgsql AS 'BEGIN END'; "
                                + "CREATE EVENT TRIGGER odoo_release_probe ON ddl_command_start EXECUTE FUNCTION public.odoo_release_probe()");
            }
        } catch (SQLException e) {
            throw Pg.sqlError("check what role " + stateDb.user() + " may create", stateDb, e);
        }
        if (!refused.isEmpty()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + whatFor + " (the copied database holds "
                    + creates.describe() + "; server " + stateDb.server() + "): role " + stateDb.user() + " may not create "
                    + String.join(", ", refused) + ", and a copy made with pg_restore must create each in the new database; a "
                    + "role that is not a superuser may create only trusted extensions and no event trigger (on a managed "
                    + "service: what its provider allows). " + instead + " Nothing was changed.");
        }
        progress.info("  " + creates.describe() + ": role " + stateDb.user() + " may create them without being a superuser "
                + "(checked on " + stateDb.server() + " before the copy)");
    }

    /** Runs {@code sql} in a transaction that is always rolled back; a refusal is added to {@code refused}. */
    private static void probe(Connection c, List<String> refused, String what, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            refused.add(what + " (" + Pg.firstLine(e.getMessage()) + ")");
        } finally {
            c.rollback();
        }
    }
}
