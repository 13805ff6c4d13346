package dev.odoorelease.engine.internal.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The mark a clone leaves on the database it has just built, so that what rewrites data in place (the
 * anonymizer) can refuse any other database. The mark is the database's comment naming the database as
 * it was built, under its temporary name: a database's comment is not copied by {@code CREATE DATABASE
 * ... TEMPLATE} nor dumped by {@code pg_dump} (without {@code --create}), so no production database, its
 * snapshots or restores carry it; and once the clone is swapped in (renamed), the mark no longer matches
 * the name, so the live staging database is not a fresh clone either.
 */
public final class CloneMark {
    private static final String PREFIX = "odoo-release: built by a clone as ";

    private CloneMark() {
    }

    /** Marks the database {@code c} is connected to as a clone just built under its current name. */
    public static void write(Connection c) throws SQLException {
        String database = OdooDatabase.currentDatabase(c);
        try (Statement s = c.createStatement()) {
            s.execute("COMMENT ON DATABASE " + DbNames.quoteIdentifier(database) + " IS '"
                    + (PREFIX + database).replace("'", "''") + "'");
        }
    }

    /** Whether the database {@code c} is connected to carries the mark of a clone built under its current name. */
    public static boolean isFreshClone(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT shobj_description(d.oid, 'pg_database'), d.datname FROM pg_database d "
                     + "WHERE d.datname = current_database()")) {
            return rs.next() && (PREFIX + rs.getString(2)).equals(rs.getString(1));
        }
    }
}
