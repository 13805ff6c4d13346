package dev.odoorelease.testkit;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The three stand-in images of a release story, the same for the deploy tests, the CLI tests and the demo (so each
 * is built once and reused through its content-hashed tag): the version running in production, a good new version
 * whose module update bumps {@code base} and {@code mail}, and a broken new version with the same code whose
 * {@code /web/health} fails, so its deploy fails the health check and is rolled back.
 */
public final class ReleaseImages {
    public static final String SERIES = "17.0";

    private ReleaseImages() {
    }

    /** The version running before a deploy: base 17.0.1.3. */
    public static String current() {
        return StandInImage.series(SERIES).moduleVersion("base", "17.0.1.3").tagSuffix("v1").build();
    }

    /** A good new version: base 17.0.1.4, mail 17.0.1.16. */
    public static String goodUpgrade() {
        return upgrade(StandInImage.Variant.GOOD, "good");
    }

    /** The new version's code, broken: {@code /web/health} answers 500, so a deploy of it fails its health check. */
    public static String brokenUpgrade() {
        return upgrade(StandInImage.Variant.HEALTH_500, "sick");
    }

    /** The new version's code (base 17.0.1.4, mail 17.0.1.16) with a behaviour variant. */
    public static String upgrade(StandInImage.Variant variant, String tagSuffix) {
        return StandInImage.series(SERIES).variant(variant).moduleVersion("base", "17.0.1.4").moduleVersion("mail", "17.0.1.16")
                .tagSuffix(tagSuffix).build();
    }

    /**
     * Creates and initialises database {@code db} the way Odoo does ({@code odoo -d db -i base --stop-after-init}) as
     * {@code user}, with its filestore under {@code dataDir}; fails with the logs when that exits non-zero.
     */
    public static void initDatabase(String image, PgServer pg, String user, String password, Path dataDir, String db) {
        Processes.Result init = StandInContainer.image(image).dataDir(dataDir)
                .env("HOST", pg.host()).env("PORT", String.valueOf(pg.port())).env("USER", user).env("PASSWORD", password)
                .args("-d", db, "-i", "base", "--stop-after-init", "--without-demo=all").runToCompletion(Duration.ofMinutes(5));
        if (init.exitCode() != 0) {
            throw new IllegalStateException("odoo -d " + db + " -i base failed (exit " + init.exitCode() + "):\n" + init.combined());
        }
        StandInContainer.prepareDataDir(dataDir);
    }

    /** Creates a login role that may create databases (an Odoo server's role), unless it exists. */
    public static void createRole(PgServer pg, String user, String password) {
        pg.superExecute("postgres", "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN "
                + "CREATE ROLE \"" + user + "\" LOGIN CREATEDB PASSWORD '" + password.replace("'", "''") + "'; END IF; END$$");
    }
}
