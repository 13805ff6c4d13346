package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import dev.odoorelease.engine.config.DbTarget;

/**
 * What a configured database <em>is</em>, whatever host name, address or port reaches it: the running server
 * (PostgreSQL's {@code system_identifier} from {@code pg_control_system()}, and the postmaster's start time)
 * and the database's name on it (with its OID when it exists). {@code localhost}, {@code 127.0.0.1},
 * {@code ::1}, a DNS alias or a port that forwards to the same server all give the same identity.
 *
 * <p>The start time (to the microsecond) tells apart two servers made from one base backup, which share a
 * {@code system_identifier}; where a managed server does not let the role run {@code pg_control_system()}
 * (it is granted to PUBLIC by default), the start time alone identifies the running server. Both are read
 * anew by every check, so a restart between two checks cannot make two spellings look like one server.
 *
 * @param systemIdentifier the cluster's system identifier, or null when the role may not read it
 * @param startedAt        {@code pg_postmaster_start_time()}, to the microsecond
 * @param database         the database's name on that server
 * @param oid              the database's OID, or 0 when it does not exist (yet)
 * @param spelled          how the configuration reached it (host:port), for messages only
 */
public record DatabaseIdentity(String systemIdentifier, String startedAt, String database, long oid, String spelled) {

    /** Reads the identity of {@code target}'s database through its server's {@code postgres} database. */
    public static DatabaseIdentity of(DbTarget target) {
        try (Connection c = Pg.connect(target, "postgres")) {
            return of(c, target);
        } catch (SQLException e) {
            throw Pg.sqlError("identify the server of " + target, target, e);
        }
    }

    /** Reads the identity of {@code target}'s database through {@code c}, a connection to the same server. */
    public static DatabaseIdentity of(Connection c, DbTarget target) throws SQLException {
        String sysid = null;
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement()) {
            if (!autoCommit) {
                s.execute("SAVEPOINT odoo_release_identity");
            }
            try (ResultSet rs = s.executeQuery("SELECT system_identifier::text FROM pg_control_system()")) {
                rs.next();
                sysid = rs.getString(1);
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState())) { // insufficient privilege (a managed server): start time alone
                    throw e;
                }
                if (!autoCommit) {
                    s.execute("ROLLBACK TO SAVEPOINT odoo_release_identity");
                }
            }
        }
        String started;
        long oid = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT to_char(pg_postmaster_start_time() AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), (SELECT oid::bigint FROM pg_database WHERE datname = ?)")) {
            ps.setString(1, target.database());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                started = rs.getString(1);
                oid = rs.getLong(2);
            }
        }
        return new DatabaseIdentity(sysid, started, target.database(), oid, target.server());
    }

    /** Whether both run on one server (checked per fact both sides could read). */
    public boolean sameServer(DatabaseIdentity other) {
        boolean sysidKnown = systemIdentifier != null && other.systemIdentifier != null;
        return startedAt.equals(other.startedAt) && (!sysidKnown || systemIdentifier.equals(other.systemIdentifier));
    }

    /** Whether both are one database: the same server and the same name on it. */
    public boolean sameDatabase(DatabaseIdentity other) {
        return sameServer(other) && database.equals(other.database);
    }

    /** The facts, for messages: {@code database prod (oid 16384) on server 7715906201836468678 started 2026-…}. */
    public String describe() {
        return "database " + database + (oid == 0 ? " (not created yet)" : " (oid " + oid + ")") + " on server "
                + (systemIdentifier == null ? "" : systemIdentifier + " ") + "started " + startedAt + ", reached as " + spelled;
    }

    /** An error for a guard rail that could not identify a server it must compare. */
    public static OdooReleaseException unidentified(String operation, String environment, DbTarget target, RuntimeException cause) {
        return new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + operation + ": the database server of environment "
                + environment + " (" + target.server() + ") could not be identified, so it cannot be proven to be another "
                + "database than the one being changed (" + cause.getMessage() + "). Make that server reachable from here, "
                + "then retry; nothing was changed.", cause);
    }
}
