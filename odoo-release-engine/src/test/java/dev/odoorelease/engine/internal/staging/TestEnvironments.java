package dev.odoorelease.engine.internal.staging;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.testkit.OdooDatabases;
import dev.odoorelease.testkit.OdooSeeder;
import dev.odoorelease.testkit.PgServer;
import java.nio.file.Path;
import java.sql.SQLException;

/** Environments on the test clusters, as the stage clone tests configure them: Odoo's role, two jobs (test support). */
public final class TestEnvironments {
    private TestEnvironments() {
    }

    /** A production environment: database {@code db} on {@code pg}, data directory {@code dataDir}. */
    public static Environment production(String name, PgServer pg, String db, Path dataDir) {
        return environment(name, EnvironmentKind.PRODUCTION, pg, db, dataDir);
    }

    /**
     * A production environment "prod-&lt;db&gt;" on a new database {@code db} of {@code pg} with the
     * series' Odoo schema, filled by {@code seeder} (its filestore under {@code dataDir}).
     */
    public static Environment seededProduction(PgServer pg, String db, String series, Path dataDir, OdooSeeder seeder)
            throws SQLException {
        OdooDatabases.createWithSchema(pg, db, series);
        OdooDatabases.seed(pg, db, seeder.filestore(dataDir, db).progress(l -> { }));
        return production("prod-" + db.replace('_', '-'), pg, db, dataDir);
    }

    /** A staging environment: database {@code db} on {@code pg}, data directory {@code dataDir}. */
    public static Environment staging(String name, PgServer pg, String db, Path dataDir) {
        return environment(name, EnvironmentKind.STAGING, pg, db, dataDir);
    }

    private static Environment environment(String name, EnvironmentKind kind, PgServer pg, String db, Path dataDir) {
        return Environment.builder(name).kind(kind)
                .database(new DbTarget(pg.host(), pg.port(), db, PgServer.ODOO_ROLE, PgServer.ODOO_PASSWORD))
                .dataDir(dataDir).jobs(2).build();
    }
}
