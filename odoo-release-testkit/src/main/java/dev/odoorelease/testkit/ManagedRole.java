package dev.odoorelease.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A role shaped like the master user of a managed PostgreSQL service (AWS RDS, Cloud SQL, Azure): it may log in,
 * create databases and roles, and end other roles' sessions (member of {@code pg_signal_backend}), and it is NOT a
 * superuser. On a test cluster it is made with exactly these attributes; what it creates (databases, trusted
 * extensions such as {@code pg_trgm} and {@code unaccent}, tables) it owns, as on the managed service.
 *
 * <pre>{@code
 * ManagedRole admin = ManagedRole.create(pg, "release_admin", "secret");
 * admin.createDatabase("prod");                 // owned by release_admin, extensions created by it
 * try (Connection c = admin.connect("prod")) { ... }
 * }</pre>
 */
public record ManagedRole(PgServer server, String name, String password) {
    public ManagedRole {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("role name must match [a-z_][a-z0-9_]*: " + name);
        }
    }

    /** Creates the role on {@code pg} (as its superuser, as the provider does when the instance is made). */
    public static ManagedRole create(PgServer pg, String name, String password) {
        ManagedRole role = new ManagedRole(pg, name, password);
        pg.superExecute("postgres", "CREATE ROLE " + name + " LOGIN NOSUPERUSER CREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS "
                + "PASSWORD '" + password.replace("'", "''") + "'");
        pg.superExecute("postgres", "GRANT pg_signal_backend TO " + name);
        return role;
    }

    /** A connection as this role. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), name, password);
    }

    /**
     * Creates {@code database} as this role (so it owns it), with the extensions Odoo uses, created by this role too:
     * {@code pg_trgm} and {@code unaccent} are trusted extensions, which the owner of a database may create.
     */
    public void createDatabase(String database) throws SQLException {
        if (!database.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("unsafe database name: " + database);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            s.execute("CREATE EXTENSION IF NOT EXISTS unaccent");
        }
    }

    /** Whether the server sees this role as a superuser (never, for a managed role: a test's sanity check). */
    public boolean isSuperuser() throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
