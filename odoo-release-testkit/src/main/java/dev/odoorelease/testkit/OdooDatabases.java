package dev.odoorelease.testkit;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Odoo-shaped test databases on a test cluster, the set-up most integration tests start with: a database holding the
 * series' schema fixture ({@link OdooSchema}), seeded or not ({@link OdooSeeder}). Test fixture, not product code.
 *
 * <pre>{@code
 * OdooDatabases.createSeeded(pg, "prod", OdooSeeder.forSeries("17.0").partners(300).filestore(dataDir, "prod"));
 * }</pre>
 */
public final class OdooDatabases {
    private OdooDatabases() {
    }

    /** Creates {@code db} (owned by Odoo's role) and loads the schema fixture of {@code series} into it. */
    public static void createWithSchema(PgServer pg, String db, String series) throws SQLException {
        pg.createDatabase(db);
        try (Connection c = pg.connect(db)) {
            OdooSchema.load(c, series);
        }
    }

    /** Creates {@code db} with the seeder's series' schema fixture and seeds it. */
    public static SeedReport createSeeded(PgServer pg, String db, OdooSeeder seeder) throws SQLException {
        createWithSchema(pg, db, seeder.series());
        return seed(pg, db, seeder);
    }

    /** Seeds {@code db}, which holds Odoo's tables already (loaded here, or by the stand-in's {@code -i base}). */
    public static SeedReport seed(PgServer pg, String db, OdooSeeder seeder) throws SQLException {
        try (Connection c = pg.connect(db)) {
            return seeder.seed(c);
        }
    }
}
