package dev.odoorelease.engine.internal.staging.anonymize;

import dev.odoorelease.engine.internal.db.CloneMark;
import dev.odoorelease.testkit.OdooDatabases;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Seeded Odoo-shaped databases for the anonymization tests (test support); queries: {@link dev.odoorelease.testkit.SqlQueries}. */
final class Seeded {
    private Seeded() {
    }

    /** A small but complete seeded database: every kind of personal data the seeder makes. */
    static void create(PgServer pg, String db, String series, Path dataDir) throws SQLException {
        OdooSeeder s = OdooSeeder.forSeries(series).partners(600).users(40).employees(40).leads(80).messages(1200).mailQueue(20)
                .attachments(120).attachmentSize(256).progress(l -> { });
        if (dataDir != null) {
            s.filestore(dataDir, db);
        }
        OdooDatabases.createSeeded(pg, db, s);
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
}
