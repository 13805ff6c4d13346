package dev.odoorelease.engine.internal.state;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.internal.db.DbNames;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.internal.db.Pg;
import dev.odoorelease.engine.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tool's own state on an environment's PostgreSQL server: snapshot catalog, history, journal,
 * lock holders and deployed state, in a small database ({@link Environment#stateDatabase()}) so
 * that every Jenkins agent reaching the server sees the same state. Created on first use, owned by
 * the environment's role and marked {@code IS_TEMPLATE} so Odoo's database list never shows it
 * (Odoo lists only non-template databases owned by its role).
 */
public final class StateStore implements AutoCloseable {
    private final DbTarget target;
    private final Connection connection;

    private StateStore(DbTarget target, Connection connection) {
        this.target = target;
        this.connection = connection;
    }

    public static StateStore open(Environment env) {
        return open(env.db().withDatabase(env.stateDatabase()));
    }

    public static StateStore open(DbTarget stateTarget) {
        Connection c;
        try {
            c = Pg.connect(stateTarget);
        } catch (OdooReleaseException e) {
            if (e.errorCode() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            create(stateTarget);
            c = Pg.connect(stateTarget);
        }
        return prepare(stateTarget, c);
    }

    /**
     * The state store when its database exists; empty (and nothing created) when no operation ever ran against the
     * environment's server — for read-only views such as a status.
     */
    public static java.util.Optional<StateStore> openIfExists(Environment env) {
        DbTarget stateTarget = env.db().withDatabase(env.stateDatabase());
        Connection c;
        try {
            c = Pg.connect(stateTarget);
        } catch (OdooReleaseException e) {
            if (e.errorCode() == ErrorCode.NOT_FOUND) {
                return java.util.Optional.empty();
            }
            throw e;
        }
        return java.util.Optional.of(prepare(stateTarget, c));
    }

    private static StateStore prepare(DbTarget stateTarget, Connection c) {
        try {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                // one schema migration at a time across agents
                s.execute("SELECT pg_advisory_lock(hashtext('odoo-release'), 0)");
                try {
                    s.execute(schemaSql());
                } finally {
                    s.execute("SELECT pg_advisory_unlock(hashtext('odoo-release'), 0)");
                }
            }
        } catch (SQLException e) {
            close(c);
            throw Pg.sqlError("prepare the odoo-release state database " + stateTarget.database(), stateTarget, e);
        }
        return new StateStore(stateTarget, c);
    }

    private static void create(DbTarget stateTarget) {
        try (Connection c = Pg.connect(stateTarget, "postgres"); Statement s = c.createStatement()) {
            String q = DbNames.quoteDatabase(stateTarget.database());
            try {
                s.execute("CREATE DATABASE " + q + " TEMPLATE template0 ENCODING 'UTF8'");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // created meanwhile by another agent
                    throw e;
                }
            }
            s.execute("ALTER DATABASE " + q + " IS_TEMPLATE true");
        } catch (SQLException e) {
            throw new OdooReleaseException(ErrorCode.DB_CONNECTION, "Unable to create the odoo-release state database "
                    + stateTarget.database() + " on " + stateTarget.server() + ": " + e.getMessage()
                    + ". Give role " + stateTarget.user() + " CREATEDB, or create it: CREATE DATABASE "
                    + stateTarget.database() + " OWNER " + stateTarget.user() + ";", e);
        }
    }

    private static String schemaSql() {
        try (InputStream in = StateStore.class.getResourceAsStream("schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("state/schema.sql missing from the engine jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Connection connection() {
        return connection;
    }

    public DbTarget target() {
        return target;
    }

    public SnapshotCatalog snapshots() {
        return new SnapshotCatalog(this);
    }

    public History history() {
        return new History(this);
    }

    public Journal journal() {
        return new Journal(this);
    }

    public DeployPlans plans() {
        return new DeployPlans(this);
    }

    public EnvironmentStates environments() {
        return new EnvironmentStates(this);
    }

    OdooReleaseException error(String whatFor, SQLException e) {
        return Pg.sqlError(whatFor, target, e);
    }

    @Override
    public void close() {
        close(connection);
    }

    /** Closes a connection of the state's, ignoring a failure to (the server ends the session and its locks anyway). */
    static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
