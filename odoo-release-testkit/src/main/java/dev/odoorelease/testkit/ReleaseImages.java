package dev.odoorelease.testkit;

import java.nio.file.Path;

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
        StandInContainer.image(image).dataDir(dataDir)
                .env("HOST", pg.host()).env("PORT", String.valueOf(pg.port())).env("USER", user).env("PASSWORD", password)
                .initDatabase(db, "--without-demo=all");
        StandInContainer.prepareDataDir(dataDir);
    }

    /**
     * Writes an {@code odoo-release.yml} for a staging and a production environment of the stand-in: databases
     * {@code stage} and {@code prod} on their clusters as {@code user} (passwords from {@code STAGING_DB_PASSWORD} and
     * {@code PROD_DB_PASSWORD}), data dirs {@code staging/} and {@code production/} next to the file, containers
     * {@code <containerPrefix>staging} and {@code <containerPrefix>production} on the host network and the given ports,
     * production mapped to branch {@code main}. Production's health timeout is short (20 s) so a broken deploy is
     * rolled back quickly.
     */
    public static Path writeConfig(Path file, String project, String containerPrefix, String user, PgServer staging, int stagingPort,
                                   PgServer production, int productionPort) {
        String env = """
                  - name: %s
                    kind: %s
                    database: {host: 127.0.0.1, port: %d, name: %s, user: %s, passwordEnv: %s}
                    dataDir: %s
                    url: http://127.0.0.1:%d
                    container: {name: %s%s, network: host, args: ["--http-port=%d"], stopGrace: 5s}
                    health: {timeout: %s, pollInterval: 1s, expectedSeries: "%s"}
                """;
        String yaml = "project: " + project + "\nenvironments:\n"
                + env.formatted("staging", "staging", staging.port(), "stage", user, "STAGING_DB_PASSWORD", "staging", stagingPort,
                        containerPrefix, "staging", stagingPort, "60s", SERIES)
                + env.formatted("production", "production", production.port(), "prod", user, "PROD_DB_PASSWORD", "production",
                        productionPort, containerPrefix, "production", productionPort, "20s", SERIES)
                        .replace("    kind: production\n", "    kind: production\n    branch: main\n");
        try {
            java.nio.file.Files.writeString(file, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    /** Creates a login role that may create databases (an Odoo server's role), unless it exists. */
    public static void createRole(PgServer pg, String user, String password) {
        pg.superExecute("postgres", "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user + "') THEN "
                + "CREATE ROLE \"" + user + "\" LOGIN CREATEDB PASSWORD '" + password.replace("'", "''") + "'; END IF; END$$");
    }
}
