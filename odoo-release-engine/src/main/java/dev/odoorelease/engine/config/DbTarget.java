package dev.odoorelease.engine.config;

import java.io.Serializable;
import java.util.Objects;
import dev.odoorelease.engine.internal.db.DbNames;

/**
 * Where one Odoo database lives: server, port, database name and the role Odoo connects as.
 * The password is never part of {@link #toString()}.
 */
public record DbTarget(String host, int port, String database, String user, String password) implements Serializable {
    public DbTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        DbNames.requireValidDatabase(database);
        DbNames.requireValidRole(user);
    }

    /** The same server and role, another database. */
    public DbTarget withDatabase(String otherDatabase) {
        return new DbTarget(host, port, otherDatabase, user, password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + database;
    }

    /** host:port, for messages. */
    public String server() {
        return host + ":" + port;
    }

    /** Same server (host and port) as another target. */
    public boolean sameServer(DbTarget other) {
        return host.equalsIgnoreCase(other.host) && port == other.port;
    }

    private String hostForUrl() {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return "database " + database + " on " + host + ":" + port + " as " + user;
    }

    /**
     * {@code name} when it is a database name the engine accepts (letters, digits, '_', '.', '-'; at most 63 bytes).
     *
     * @throws dev.odoorelease.engine.OdooReleaseException {@code CONFIGURATION}, saying what is allowed
     */
    public static String requireValidDatabaseName(String name) {
        return DbNames.requireValidDatabase(name);
    }
}
