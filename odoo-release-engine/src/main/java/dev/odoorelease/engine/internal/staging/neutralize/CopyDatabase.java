package dev.odoorelease.engine.internal.staging.neutralize;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The copy being neutralized, as the steps of one run see it: its connection (in the run's transaction),
 * one statement that sends rules exactly as written (no JDBC escape processing), its catalog (read again
 * after the project SQL, which may change the schema) and its installed modules.
 */
final class CopyDatabase implements AutoCloseable {
    final Connection connection;
    private final Statement statement;
    private Catalog catalog;
    private Set<String> installed = Set.of();

    CopyDatabase(Connection connection) throws SQLException {
        this.connection = connection;
        this.statement = connection.createStatement();
        statement.setEscapeProcessing(false);
    }

    Catalog catalog() {
        return catalog;
    }

    /** Reads the catalog (again: statements that ran since may have added or dropped tables and columns). */
    void readCatalog() throws SQLException {
        catalog = Catalog.read(connection);
    }

    Set<String> installed() {
        return installed;
    }

    void installed(Set<String> modules) {
        this.installed = modules;
    }

    /** Runs one statement as written; true when it returned rows. */
    boolean execute(String sql) throws SQLException {
        return statement.execute(sql);
    }

    /** The rows the last {@link #execute} changed. */
    long updateCount() throws SQLException {
        return statement.getLargeUpdateCount();
    }

    /** The single number a {@code SELECT count(*) ...} returns. */
    long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
