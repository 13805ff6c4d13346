package dev.odoorelease.engine.staging.anonymize;

import dev.odoorelease.engine.db.CloneMark;
import dev.odoorelease.testkit.OdooSchema;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Seeded Odoo-shaped databases for the anonymization tests (test support). */
final class Seeded {
    private Seeded() {
    }

    /** A small but complete seeded database: every kind of personal data the seeder makes. */
    static void create(PgServer pg, String db, String series, Path dataDir) throws SQLException {
        pg.createDatabase(db);
        try (Connection c = pg.connect(db)) {
            OdooSchema.load(c, series);
            OdooSeeder s = OdooSeeder.forSeries(series).partners(600).users(40).employees(40).leads(80).messages(1200).mailQueue(20)
                    .attachments(120).attachmentSize(256).progress(l -> { });
            if (dataDir != null) {
                s.filestore(dataDir, db);
            }
            s.seed(c);
        }
        // production has statistics (autovacuum): they hold original values until analyzed again
        pg.superExecute(db, "ANALYZE");
    }

    /**
     * Marks {@code c}'s database as a clone just built (as CloneCommand does), which the anonymizer requires: these
     * tests anonymize databases they made themselves, standing for a clone's copy. Returns {@code c}.
     */
    static Connection freshClone(Connection c) throws SQLException {
        CloneMark.write(c);
        return c;
    }

    static void copy(PgServer pg, String from, String to) {
        pg.superExecute("postgres", "CREATE DATABASE \"" + to + "\" TEMPLATE \"" + from + "\" OWNER odoo");
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String string(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static List<String[]> rows(Connection c, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] r = new String[n];
                for (int i = 0; i < n; i++) {
                    r[i] = rs.getString(i + 1);
                }
                out.add(r);
            }
        }
        return out;
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static boolean columnExists(Connection c, String table, String column) throws SQLException {
        return count(c, "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '" + table
                + "' AND column_name = '" + column + "'") > 0;
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        return count(c, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '" + table + "'") > 0;
    }
}
