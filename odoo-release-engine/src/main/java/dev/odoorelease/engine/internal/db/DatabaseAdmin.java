package dev.odoorelease.engine.internal.db;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import dev.odoorelease.engine.config.DbTarget;

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

    /** Fails with advice when other sessions use the database; terminates them first when asked. */
    public void requireNoSessions(String database, boolean terminate, String whatFor) {
        try {
            String others = OdooDatabase.otherSessions(c, database);
            if (others == null) {
                return;
            }
            if (!terminate) {
                throw new OdooReleaseException(ErrorCode.PRECONDITION, "Unable to " + whatFor + ": " + others
                        + " are connected to database " + database + " on " + server.server()
                        + ". Stop the environment's Odoo first, use a dump snapshot (online), or allow draining sessions.");
            }
            OdooDatabase.terminateSessions(c, database);
        } catch (SQLException e) {
            throw Pg.sqlError("check the sessions of " + database, server, e);
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
