package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.progress.ProgressListener;

/**
 * Server-level database statements (create, copy, rename, drop), always through validated, quoted
 * names, run from a connection to the server's {@code postgres} database as the environment's role.
 */
public final class DatabaseAdmin implements AutoCloseable {
    private final DbTarget server;
    private final Connection c;

    private DatabaseAdmin(DbTarget server, Connection c) {
        this.server = server;
        this.c = c;
    }

    public static DatabaseAdmin on(DbTarget anyDatabaseOnServer) {
        return new DatabaseAdmin(anyDatabaseOnServer, Pg.connect(anyDatabaseOnServer, "postgres"));
    }

    public Connection connection() {
        return c;
    }

    public boolean exists(String database) {
        try {
            return OdooDatabase.databaseExists(c, database);
        } catch (SQLException e) {
            throw Pg.sqlError("look up database " + database, server, e);
        }
    }

    public int serverMajor() {
        try {
            return OdooDatabase.serverMajor(c);
        } catch (SQLException e) {
            throw Pg.sqlError("read the server version", server, e);
        }
    }

    /** {@code CREATE DATABASE target TEMPLATE source} with the fast file-copy strategy where the server has it. */
    public void copy(String source, String target) {
        String strategy = serverMajor() >= 15 ? " STRATEGY FILE_COPY" : "";
        exec("copy database " + source + " to " + target, "CREATE DATABASE " + DbNames.quoteDatabase(target) + " TEMPLATE "
                + DbNames.quoteDatabase(source) + strategy);
    }

    /**
     * Refuses (before anything changes) a server-side copy of {@code database} the role may not make: PostgreSQL lets only
     * a role with CREATEDB copy a database, and only its owner (or a member of the owner role, or a superuser) copy one that
     * is not marked as a template. Says which strategy it chose.
     */
    public void requireCopyable(String database, String whatFor, String instead, ProgressListener progress) {
        try (java.sql.PreparedStatement ps = c.prepareStatement("""
                SELECT pg_get_userbyid(d.datdba), d.datistemplate, pg_has_role(d.datdba, 'USAGE'), r.rolsuper, r.rolcreatedb
                  FROM pg_database d CROSS JOIN pg_roles r WHERE d.datname = ? AND r.rolname = current_user""")) {
            ps.setString(1, database);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return; // a missing database gets its own error from what follows
                }
                String owner = rs.getString(1);
                boolean template = rs.getBoolean(2);
                boolean owns = rs.getBoolean(3);
                boolean superuser = rs.getBoolean(4);
                boolean createdb = rs.getBoolean(5);
                String why = null;
                if (!superuser && !createdb) {
                    why = "role " + server.user() + " may not create databases (no CREATEDB)";
                } else if (!superuser && !owns && !template) {
                    why = "role " + server.user() + " does not own database " + database + " (its owner is " + owner
                            + "), and only the owner of a database (or a superuser) may copy it on the server";
                }
                if (why != null) {
                    throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + whatFor + " (server-side copy of "
                            + database + " on " + server.server() + "): " + why + ". " + instead + " Nothing was changed.");
                }
                progress.info("  server-side template copy of " + database + " as " + (superuser ? "a superuser"
                        : owns ? "its owner" : "a database marked as template") + ", role " + server.user());
            }
        } catch (SQLException e) {
            throw Pg.sqlError("check who may copy database " + database, server, e);
        }
    }

    /** An empty database owned by the connecting role, like Odoo's own (template0, UTF8). */
    public void createEmpty(String database) {
        exec("create database " + database, "CREATE DATABASE " + DbNames.quoteDatabase(database)
                + " TEMPLATE template0 ENCODING 'UTF8'");
    }

    public void allowConnections(String database, boolean allow) {
        exec((allow ? "open" : "close") + " database " + database, "ALTER DATABASE " + DbNames.quoteDatabase(database)
                + " ALLOW_CONNECTIONS " + allow);
    }

    public void rename(String from, String to) {
        exec("rename database " + from + " to " + to, "ALTER DATABASE " + DbNames.quoteDatabase(from) + " RENAME TO "
                + DbNames.quoteDatabase(to));
    }

    /**
     * Atomically puts {@code incoming} in the place of {@code live}, which is renamed to {@code replaced}
     * (or, when {@code live} does not exist, just renames {@code incoming}). One transaction: either
     * both renames happen or neither.
     */
    public void swap(String live, String incoming, String replaced) {
        try {
            Transactions.inTransaction(c, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("ALTER DATABASE " + DbNames.quoteDatabase(incoming) + " ALLOW_CONNECTIONS true");
                    if (OdooDatabase.databaseExists(c, live)) {
                        s.execute("ALTER DATABASE " + DbNames.quoteDatabase(live) + " RENAME TO " + DbNames.quoteDatabase(replaced));
                    }
                    s.execute("ALTER DATABASE " + DbNames.quoteDatabase(incoming) + " RENAME TO " + DbNames.quoteDatabase(live));
                }
            });
        } catch (SQLException e) {
            throw Pg.sqlError("swap database " + incoming + " into " + live, server, e);
        }
    }

    public void dropIfExists(String database) {
        String quoted = DbNames.quoteDatabase(database);
        try (Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quoted + " WITH (FORCE)");
        } catch (SQLException e) {
            if (!"42501".equals(e.getSQLState())) {
                throw Pg.sqlError("drop database " + database, server, e);
            }
            // FORCE terminates every session, and a role that is not a superuser may not terminate an autovacuum worker
            // (busy right after a bulk load) or another role's session. A plain DROP stops autovacuum workers itself
            // and waits for them; other sessions still make it fail, with PostgreSQL's own message.
            exec("drop database " + database, "DROP DATABASE IF EXISTS " + quoted);
        }
    }

    /**
     * Fails with advice when other sessions use the database; ends them first when asked — but only when the role may
     * end every one of them (a role that is not a superuser may not end a superuser's session, nor another role's without
     * {@code pg_signal_backend}): otherwise it refuses before ending any. Says how it ends them.
     */
    public void requireNoSessions(String database, boolean terminate, String whatFor, ProgressListener progress) {
        try {
            OtherSessions others = OtherSessions.of(c, database);
            if (others.isEmpty()) {
                return;
            }
            if (!terminate) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + whatFor + ": " + others.describe()
                        + " are connected to database " + database + " on " + server.server()
                        + ". Stop the environment's Odoo first, use a dump snapshot (online), or allow draining sessions.");
            }
            refuseUnendable(others, whatFor);
            progress.info("  ending " + others.strategy() + " connected to database " + database);
            others.endThoseAllowed(c);
        } catch (SQLException e) {
            throw Pg.sqlError("check the sessions of " + database, server, e);
        }
    }

    /**
     * Refuses (nothing changed, no session ended) when a session of {@code database} is one the role may not end: what an
     * operation that will have to end them (a deploy's snapshot after Odoo stopped) checks before it starts.
     */
    public void requireEndableSessions(String database, String whatFor) {
        try {
            refuseUnendable(OtherSessions.of(c, database), whatFor);
        } catch (SQLException e) {
            throw Pg.sqlError("check the sessions of " + database, server, e);
        }
    }

    private void refuseUnendable(OtherSessions others, String whatFor) {
        if (!others.unendable().isEmpty()) {
            throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + whatFor + " (" + others.describe()
                    + " connected to database " + others.database() + " on " + server.server() + "): "
                    + others.whyUnendable(server.user()) + ". Close those sessions from their own client (or ask the "
                    + "server's administrator to), or GRANT pg_signal_backend TO " + server.user() + " for other roles' "
                    + "sessions, then retry; nothing was changed and no session was ended.");
        }
    }

    private void exec(String whatFor, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw Pg.sqlError(whatFor, server, e);
        }
    }

    @Override
    public void close() {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
