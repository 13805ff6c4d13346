package dev.odoorelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odoorelease.testkit.OdooSchema;
import dev.odoorelease.testkit.PgServer;
import dev.odoorelease.testkit.PgServerExtension;
import dev.odoorelease.testkit.ReleaseImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Command-line mistakes and what the CLI prints, against a real PostgreSQL cluster: an environment whose server is
 * down next to one that answers, labels holding terminal control characters, unknown commands, negative or
 * overflowing durations, configuration values out of range. Each mistake is a usage or configuration error (exit 2)
 * or a clear report — never exit 1 "bug", never exit 0, never nothing printed.
 */
class CliArgumentsIT {
    @RegisterExtension
    static final PgServerExtension PG = PgServerExtension.named("cli-args");
    static final String USER = "release";
    static final String PASSWORD = "Cli-Args-Secret-31";
    static final Map<String, String> ENV = Map.of("DB_PASSWORD", PASSWORD);

    @TempDir
    static Path dir;
    static Path config;
    static int closedPort;

    static CliRun cli(Path configFile, String... args) {
        return CliRun.of(configFile, ENV::get, args);
    }

    static CliRun cli(String... args) {
        return cli(config, args);
    }

    static int freePort() throws Exception {
        return dev.odoorelease.testkit.FreePorts.next();
    }

    @BeforeAll
    static void environments() throws Exception {
        PgServer pg = PG.server();
        ReleaseImages.createRole(pg, USER, PASSWORD);
        pg.superExecute("postgres", "CREATE DATABASE devdb OWNER " + USER);
        try (Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl("devdb"), USER, PASSWORD)) {
            OdooSchema.load(c, "17.0");
        }
        Files.createDirectories(dir.resolve("dev/filestore/devdb"));
        closedPort = freePort(); // nothing listens there: a PostgreSQL that is down
        config = dir.resolve("odoo-release.yml");
        Files.writeString(config, """
                project: args
                environments:
                  - name: dev
                    kind: development
                    database: {host: %s, port: %d, name: devdb, user: %s, passwordEnv: DB_PASSWORD}
                    dataDir: dev
                  - name: production
                    kind: production
                    branch: main
                    database: {host: 127.0.0.1, port: %d, name: prod, user: %s, passwordEnv: DB_PASSWORD}
                    dataDir: prod
                """.formatted(pg.host(), pg.port(), USER, closedPort, USER));
    }

    /** status of all environments prints each one; the one whose server is down with its error, and a non-zero exit. */
    @Test
    void statusOfAllEnvironmentsShowsEachOneAndTheUnreachableOneWithItsError() {
        CliRun r = cli("status");
        assertThat(r.exit()).as(r.err()).isEqualTo(4);
        assertThat(r.out()).contains("dev (development): never deployed")
                .contains("production (production): what is deployed is unknown: its database server could not be read")
                .contains("database: Unable to connect to PostgreSQL").contains(String.valueOf(closedPort))
                .doesNotContain(PASSWORD);
        assertThat(r.out().indexOf("dev (development)")).isLessThan(r.out().indexOf("production (production)"));
    }

    /**
     * drift: the same environment twice and an unknown one are configuration errors (exit 2), a source whose server is
     * down a connection error (exit 4); none writes a report.
     */
    @Test
    void driftRefusesBadInputAndWritesNothing() {
        Path out = dir.resolve("drift-out");
        CliRun same = cli("drift", "dev", "dev", "--output", out.toString());
        assertThat(same.exit()).as(same.err()).isEqualTo(2);
        assertThat(same.err()).contains("Unable to report the drift of dev from dev: source and target are the same environment");
        CliRun unknown = cli("drift", "production", "nosuch", "--output", out.toString());
        assertThat(unknown.exit()).as(unknown.err()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unable to find environment 'nosuch'");
        CliRun down = cli("drift", "production", "dev", "--output", out.toString());
        assertThat(down.exit()).as(down.err()).isEqualTo(4);
        assertThat(down.err()).contains("Unable to connect to PostgreSQL").doesNotContain(PASSWORD);
        assertThat(out).doesNotExist();
    }

    /** A label is data: its control characters must not reach the terminal raw (they could clear it or forge lines). */
    @Test
    void controlCharactersInALabelAreEscaped() {
        String evil = "before\u001b[2J\u001b]0;owned\u0007\rforged\nline\u202eend";
        CliRun taken = cli("snapshot", "dev", "--label", evil);
        assertThat(taken.exit()).as(taken.err()).isZero();
        CliRun list = cli("snapshots", "list", "dev");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("before\\u001b[2J\\u001b]0;owned\\u0007\\u000dforged\\u000aline\\u202eend");
        for (String raw : List.of("\u001b", "\u0007", "\r", "\u202e")) {
            assertThat(list.out() + list.err() + taken.out() + taken.err()).as("raw %s", (int) raw.charAt(0)).doesNotContain(raw);
        }
        assertThat(list.out().lines().filter(l -> l.startsWith("line"))).as("no forged line").isEmpty();
    }

    /** An unknown command is a usage error, with or without --help (it printed the main help and exited 0). */
    @Test
    void anUnknownCommandIsAUsageErrorEvenWithHelp() {
        for (List<String> args : List.of(List.of("frobnicate", "--help"), List.of("frobnicate"), List.of("snapshots", "frob", "--help"))) {
            CliRun r = cli(args.toArray(String[]::new));
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).as("no help printed as if it existed").doesNotContain("Usage:");
            assertThat(r.err()).startsWith("odoo-release: ").containsAnyOf("unknown command 'frob", "Unmatched argument");
        }
        CliRun known = cli("status", "--help");
        assertThat(known.exit()).isZero();
        assertThat(known.out()).contains("Usage: odoo-release status");
    }

    /** A negative, overflowing or absurd --lock-timeout is refused (a negative one was accepted). */
    @Test
    void aNegativeOrOverflowingLockTimeoutIsRefused() {
        for (String bad : List.of("-PT5M", "PT-5M", "99999999999999999999h", "9223372036854775807h", "PT1000000H")) {
            CliRun r = cli("status", "dev", "--lock-timeout", bad);
            assertThat(r.exit()).as(bad).isEqualTo(2);
            assertThat(r.err()).as(bad).startsWith("odoo-release: Unable to run odoo-release status").containsAnyOf("is negative", "too long");
            assertThat(r.out()).isEmpty();
        }
        assertThat(cli("status", "dev", "--lock-timeout", "0").exit()).as("0: do not wait").isZero();
        assertThat(cli("status", "dev", "--lock-timeout", "PT10M").exit()).isZero();
    }

    /** A deploy needs an image or a stored plan; a plan id that is malformed or unknown is a clear error, nothing changed. */
    @Test
    void aDeployWithoutImageOrWithABadPlanIdIsAClearError() throws Exception {
        Path f = dir.resolve("with-container.yml");
        String devOnly = Files.readString(config).substring(0, Files.readString(config).indexOf("  - name: production"));
        Files.writeString(f, devOnly.replace("    dataDir: dev\n",
                "    dataDir: dev\n    url: http://127.0.0.1:" + closedPort + "\n    container: {name: odoo-release-it-args-dev}\n"));
        assertThat(Files.readString(f)).contains("odoo-release-it-args-dev");
        CliRun noImage = cli(f, "deploy", "dev");
        assertThat(noImage.exit()).as(noImage.err()).isEqualTo(2);
        assertThat(noImage.err()).startsWith("odoo-release: Unable to deploy to dev: no image given").contains("--plan ID");
        CliRun malformed = cli(f, "deploy", "dev", "--plan", "yesterday's");
        assertThat(malformed.exit()).as(malformed.err()).isEqualTo(2);
        assertThat(malformed.err()).contains("with plan 'yesterday's' (nothing changed): not a plan id");
        CliRun unknown = cli(f, "deploy", "dev", "--plan", "0123456789abcdef", "--approved-by", "alice");
        assertThat(unknown.exit()).as(unknown.err()).isEqualTo(8);
        assertThat(unknown.err()).contains("Unable to deploy to dev with plan 0123456789abcdef (nothing changed): no plan of that id")
                .contains("odoo-release plan dev --image IMAGE");
        CliRun noApprover = cli(f, "deploy", "dev", "--plan", "0123456789abcdef", "--approved-by", "");
        assertThat(noApprover.exit()).as(noApprover.err()).isEqualTo(2);
        assertThat(noApprover.err()).contains("--approved-by is empty");
        assertThat(noImage.out() + malformed.out() + unknown.out() + noApprover.out()).isEmpty();
    }

    /**
     * A rehearsal of an unknown environment, without image, with a malformed image, without container settings, or with
     * its copy on an unknown or a production environment's server: exit 2, nothing created.
     */
    @Test
    void aRehearsalWithBadInputIsAClearErrorAndCreatesNothing() throws Exception {
        CliRun unknown = cli("rehearse", "nosuch", "--image", "registry.example/acme/odoo:1");
        assertThat(unknown.exit()).as(unknown.err()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unable to find environment 'nosuch'");
        CliRun noImage = cli("rehearse", "dev");
        assertThat(noImage.exit()).as(noImage.err()).isEqualTo(2);
        assertThat(noImage.err()).startsWith("odoo-release: Unable to rehearse a deploy to dev: no image given").contains("--image");
        CliRun badImage = cli("rehearse", "dev", "--image", "Not An Image");
        assertThat(badImage.exit()).as(badImage.err()).isEqualTo(2);
        assertThat(badImage.err()).contains("Unable to rehearse 'Not An Image' on dev: not a valid image reference");
        CliRun noContainer = cli("rehearse", "dev", "--image", "registry.example/acme/odoo:1");
        assertThat(noContainer.exit()).as(noContainer.err()).isEqualTo(2);
        assertThat(noContainer.err()).contains("Unable to rehearse a deploy to dev").contains("container");
        CliRun unknownServer = cli("rehearse", "dev", "--image", "registry.example/acme/odoo:1", "--server-of", "nosuch");
        assertThat(unknownServer.exit()).as(unknownServer.err()).isEqualTo(2);
        assertThat(unknownServer.err()).contains("Unable to find environment 'nosuch'");
        CliRun productionServer = cli("rehearse", "dev", "--image", "registry.example/acme/odoo:1", "--server-of", "production");
        assertThat(productionServer.exit()).as(productionServer.err()).isEqualTo(2);
        assertThat(productionServer.err()).contains("production is another production environment, whose server takes no throwaway copies");
        assertThat(unknown.out() + noImage.out() + badImage.out() + noContainer.out() + unknownServer.out() + productionServer.out())
                .isEmpty();
        assertThat(dir.resolve("dev/.odoo-release/rehearsals")).doesNotExist();
        try (Connection c = java.sql.DriverManager.getConnection(PG.server().jdbcUrl("devdb"), USER, PASSWORD);
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname LIKE 'ors%'")) {
            rs.next();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    /** Configuration values out of range or of the wrong shape: exit 2 naming the setting, never exit 1 "bug". */
    @Test
    void configurationMistakesAreConfigurationErrors() throws Exception {
        String good = Files.readString(config);
        Map<String, String> mistakes = Map.of(
                "port: " + closedPort, "port: 70000",
                "dataDir: prod", "dataDir: prod\n    health: {url: http://127.0.0.1:1, timeout: 0s}",
                "branch: main", "branch: [main]",
                "kind: development", "kind: development\n    branches: {main: true}");
        int i = 0;
        for (Map.Entry<String, String> m : mistakes.entrySet()) {
            Path f = dir.resolve("bad-" + i++ + ".yml");
            Files.writeString(f, good.replace(m.getKey(), m.getValue()));
            CliRun r = cli(f, "status");
            assertThat(r.exit()).as(m.getValue() + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("odoo-release: Unable to read the configuration").doesNotContain("bug");
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.out()).isEmpty();
        }
    }
}
