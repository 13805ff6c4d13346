package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import dev.odoorelease.engine.config.DbTarget;

/**
 * Opens JDBC connections and turns the ways they fail into messages that say what to do:
 * unreachable server, wrong password, missing database, disk full.
 */
public final class Pg {
    private Pg() {
    }

    static {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public static Connection connect(DbTarget target) {
        return connect(target, target.database());
    }

    public static Connection connect(DbTarget target, String database) {
        return connect(target, database, "odoo-release");
    }

    /** A connection named {@code applicationName} in {@code pg_stat_activity} (what other runs see of a lock holder). */
    public static Connection connect(DbTarget target, String database, String applicationName) {
        DbTarget t = target.withDatabase(database);
        Properties p = new Properties();
        p.setProperty("user", t.user());
        if (t.password() != null) {
            p.setProperty("password", t.password());
        }
        p.setProperty("ApplicationName", applicationName);
        p.setProperty("connectTimeout", "15");
        p.setProperty("tcpKeepAlive", "true");
        try {
            return DriverManager.getConnection(t.jdbcUrl(), p);
        } catch (SQLException e) {
            throw connectionError(t, e);
        }
    }

    static OdooReleaseException connectionError(DbTarget t, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "(" + t + ")";
        if ("28P01".equals(state) || "28000".equals(state)) {
            return new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to connect to PostgreSQL " + where
                    + ": the server refused the credentials of role " + t.user()
                    + ". Check the user and password configured for this environment.", e);
        }
        if ("3D000".equals(state)) {
            return new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to connect to PostgreSQL " + where
                    + ": database " + t.database() + " does not exist. Check the environment's database name.", e);
        }
        if (state.startsWith("08")) {
            return new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to connect to PostgreSQL " + where
                    + ": " + firstLine(e.getMessage()) + ". Check that the server runs and that host and port are right.", e);
        }
        if ("53300".equals(state)) {
            return new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to connect to PostgreSQL " + where
                    + ": too many connections. Retry later or raise max_connections.", e);
        }
        return new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to connect to PostgreSQL " + where + ": "
                + firstLine(e.getMessage()) + " (SQLSTATE " + state + ").", e);
    }

    /** Wraps a failed statement: disk full and missing objects get their own advice. */
    public static OdooReleaseException sqlError(String whatFor, DbTarget t, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = firstLine(e.getMessage());
        if (state.equals("53100")) {
            return new OdooReleaseException(ErrorCode.IO, "Unable to " + whatFor + " (" + t.server()
                    + "): the database server's disk is full (" + msg + "). Free space on the server, then retry; "
                    + "nothing was swapped in.", e);
        }
        if (state.equals("3D000")) {
            return new OdooReleaseException(ErrorCode.NOT_FOUND, "Unable to " + whatFor + " (" + t.server() + "): " + msg + ".", e);
        }
        if (state.equals("55006")) {
            return new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + whatFor + " (" + t.server() + "): "
                    + msg + ". Another session uses that database: stop the environment's Odoo first.", e);
        }
        return new OdooReleaseException(ErrorCode.SQL, "Unable to " + whatFor + " (" + t.server() + "): " + msg
                + " (SQLSTATE " + state + ").", e);
    }

    /** The first line of a (server's) message, stripped: the rest may carry row values or stack details. */
    public static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
