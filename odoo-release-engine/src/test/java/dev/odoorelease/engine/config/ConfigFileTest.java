package dev.odoorelease.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.SnapshotKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML configuration: what it accepts, and a clear CONFIGURATION error naming the place for anything else. */
class ConfigFileTest {
    static final Map<String, String> ENV = Map.of("PROD_DB_PASSWORD", "Prod-Secret-1", "STAGING_DB_PASSWORD", "Staging-Secret-2");

    @TempDir
    Path dir;

    static final String GOOD = """
            project: acme
            addonsPaths: [addons, enterprise]
            environments:
              - name: staging
                kind: staging
                branches: [develop, "release/*"]
                database: {host: 10.0.0.5, port: 5433, name: stage, user: odoo, passwordEnv: STAGING_DB_PASSWORD}
                dataDir: data/staging
                url: http://staging.acme.invalid:8069
                container:
                  name: odoo-staging
                  network: host
                  args: ["--http-port=8069", "--workers=2"]
                  env: {TZ: UTC}
                  volumes: ["./addons:/mnt/extra-addons:ro"]
                  stopGrace: 20s
                staging:
                  mailCatcher: 127.0.0.1:1025
                  cronAllowlist: [base.autovacuum_job]
                  piiPolicy: warn
              - name: production
                kind: production
                branch: main
                database: {host: 10.0.0.6, name: prod, user: odoo, passwordFile: secrets/prod-db}
                dataDir: /srv/odoo/prod
                snapshots: {kind: dump, store: /backup/odoo, keep: 3}
                url: http://odoo.acme.invalid:8069
                container: {name: odoo-prod, network: host, args: ["--http-port=8069"]}
                health: {timeout: 2m, pollInterval: 3s, consecutivePasses: 2, expectedSeries: "17.0",
                         urls: [{path: /shop, status: 200, text: Shop}]}
            """;

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("odoo-release.yml");
        Files.writeString(f, yaml);
        return f;
    }

    private ReleaseConfig load(String yaml) throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/prod-db"), "Prod-File-Secret-3\n");
        return ConfigFile.load(write(yaml), ENV::get);
    }

    private OdooReleaseException error(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(t).isInstanceOf(OdooReleaseException.class);
        OdooReleaseException e = (OdooReleaseException) t;
        assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(e.getMessage()).startsWith("Unable to");
        return e;
    }

    /** The login probe's user: its password from a file or variable only, never shown; the probe can be switched off. */
    @Test
    void healthLoginTakesItsPasswordFromASecretAndNeverShowsIt() throws Exception {
        ReleaseConfig c = load(GOOD.replace("expectedSeries: \"17.0\"",
                "expectedSeries: \"17.0\", login: {user: health-probe, passwordFile: secrets/prod-db}"));
        HealthSettings h = c.environment("production").health().orElseThrow();
        assertThat(h.loginAttempt()).isTrue();
        assertThat(h.login().user()).isEqualTo("health-probe");
        assertThat(h.login().password()).isEqualTo("Prod-File-Secret-3");
        assertThat(h.toString()).contains("health-probe").doesNotContain("Prod-File-Secret-3");
        assertThat(load(GOOD.replace("expectedSeries: \"17.0\"", "expectedSeries: \"17.0\", loginAttempt: false"))
                .environment("production").health().orElseThrow().loginAttempt()).isFalse();

        assertThat(error(GOOD.replace("expectedSeries: \"17.0\"", "expectedSeries: \"17.0\", login: {user: admin}"))
                .getMessage()).contains("health.login has no password");
        assertThat(error(GOOD.replace("expectedSeries: \"17.0\"", "expectedSeries: \"17.0\", login: {user: admin, password: x}"))
                .getMessage()).contains("password");
        assertThat(error(GOOD.replace("expectedSeries: \"17.0\"",
                "expectedSeries: \"17.0\", loginAttempt: false, login: {user: a, passwordFile: secrets/prod-db}")).getMessage())
                .contains("the login probe is switched off but has a user").doesNotContain("Prod-File-Secret-3");
    }

    @Test
    void aGoodFileGivesEveryEnvironmentWithItsSettings() throws Exception {
        ReleaseConfig c = load(GOOD);
        assertThat(c.project()).isEqualTo("acme");
        assertThat(c.addonsPaths()).containsExactly("addons", "enterprise");
        assertThat(c.environments()).extracting(EnvironmentConfig::name).containsExactly("staging", "production");

        EnvironmentConfig staging = c.environment("staging");
        assertThat(staging.kind()).isEqualTo(EnvironmentKind.STAGING);
        assertThat(staging.environment().db().host()).isEqualTo("10.0.0.5");
        assertThat(staging.environment().db().port()).isEqualTo(5433);
        assertThat(staging.environment().db().password()).isEqualTo("Staging-Secret-2");
        assertThat(staging.environment().dataDir()).as("relative to the file's folder").isEqualTo(dir.resolve("data/staging"));
        var container = staging.requireContainer("test");
        assertThat(container.name()).isEqualTo("odoo-staging");
        assertThat(container.extraOdooArgs()).containsExactly("--http-port=8069", "--workers=2");
        assertThat(container.extraEnv()).containsEntry("TZ", "UTC");
        assertThat(container.extraVolumes()).containsExactly(dir.resolve("addons") + ":/mnt/extra-addons:ro");
        assertThat(container.stopGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(staging.health().orElseThrow().url()).startsWith("http://staging.acme.invalid:8069");
        assertThat(staging.health().orElseThrow().database()).isEqualTo("stage");
        assertThat(staging.staging().targetUrl()).isEqualTo("http://staging.acme.invalid:8069");
        assertThat(staging.staging().cronAllowlist()).as("the default autovacuum, listed again in the file, once")
                .containsExactly("base.autovacuum_job");

        EnvironmentConfig prod = c.environment("production");
        assertThat(prod.isProduction()).isTrue();
        assertThat(prod.environment().db().port()).as("default port").isEqualTo(5432);
        assertThat(prod.environment().db().password()).as("passwordFile, trailing newline stripped").isEqualTo("Prod-File-Secret-3");
        assertThat(prod.environment().snapshotKind()).isEqualTo(SnapshotKind.DUMP);
        assertThat(prod.environment().keepSnapshots()).isEqualTo(3);
        var health = prod.requireHealth("test");
        assertThat(health.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(health.consecutivePasses()).isEqualTo(2);
        assertThat(health.expectedSeries()).isEqualTo("17.0");
        assertThat(health.urlChecks()).hasSize(1);

        assertThat(c.secrets()).containsExactlyInAnyOrder("Staging-Secret-2", "Prod-File-Secret-3");
        assertThat(c.toString() + staging + prod).doesNotContain("Secret");
    }

    /** The records a refresh keeps: a closed set of kinds, each entry checked, a clear error naming the place otherwise. */
    @Test
    void theCarryOverListIsAClosedValidatedSetOfKinds() throws Exception {
        String with = GOOD.replace("piiPolicy: warn", "piiPolicy: warn\n      carryOver: {users: [tester@acme.example, admin], "
                + "configParameters: [sandbox.webhook], paymentProviders: [stripe]}");
        StagingPolicy p = load(with).environment("staging").staging();
        assertThat(p.carryOver()).containsExactly(CarryOver.user("tester@acme.example"), CarryOver.user("admin"),
                CarryOver.configParameter("sandbox.webhook"), CarryOver.paymentProvider("stripe"));
        assertThat(load(GOOD).environment("staging").staging().carryOver()).isEmpty();

        assertThat(error(with.replace("paymentProviders:", "partners:")).getMessage())
                .contains("unknown kind of record", "staging.carryOver.partners", "users, configParameters, paymentProviders");
        assertThat(error(with.replace("[stripe]", "[\"stripe; drop table x\"]")).getMessage())
                .contains("staging.carryOver.paymentProviders", "not a valid code");
        assertThat(error(with.replace("[sandbox.webhook]", "[web.base.url]")).getMessage())
                .contains("web.base.url", "sets it on the copy itself");
        assertThat(error(with.replace("admin]", "admin, admin]")).getMessage()).contains("user admin twice");
        assertThat(error(with.replace("users: [tester@acme.example, admin]", "users: {a: b}")).getMessage())
                .contains("carryOver.users is not a list");
        assertThat(error(GOOD.replace("piiPolicy: warn", "piiPolicy: warn\n      carryOver: [admin]")).getMessage())
                .contains("staging.carryOver is a list, not a mapping");
        assertThatThrownBy(() -> new CarryOver(null, "x")).isInstanceOf(OdooReleaseException.class).hasMessageContaining("no kind");
    }

    @Test
    void promotesFromNamesAnotherConfiguredEnvironment() throws Exception {
        String promoting = GOOD.replace("    branch: main\n", "    branch: main\n    promotesFrom: staging\n");
        assertThat(promoting).contains("promotesFrom: staging");
        assertThat(load(promoting).environment("production").promotesFrom()).contains("staging");
        assertThat(load(GOOD).environment("production").promotesFrom()).isEmpty();
        assertThat(error(promoting.replace("promotesFrom: staging", "promotesFrom: stagng")).getMessage())
                .contains("environment production promotes from 'stagng', which is not configured")
                .contains("the environments are staging, production");
        assertThat(error(promoting.replace("promotesFrom: staging", "promotesFrom: production")).getMessage())
                .contains("it promotes from itself");
    }

    @Test
    void anUnknownKeyIsRefusedWithWhereItIs() {
        OdooReleaseException e = error(GOOD.replace("user: odoo, passwordEnv: STAGING", "user: odoo, pasword: x, passwordEnv: STAGING"));
        assertThat(e.getMessage()).contains("unknown setting 'environment staging.database.pasword'").contains("passwordEnv");
        assertThat(error(GOOD.replace("project: acme", "project: acme\nprojekt: x")).getMessage()).contains("unknown setting 'projekt'");
        assertThat(error(GOOD.replace("stopGrace: 20s", "stopGrace: 20s\n      restart: always")).getMessage())
                .contains("environment staging.container.restart");
    }

    @Test
    void aLiteralPasswordIsRefusedAnywhere() {
        OdooReleaseException e = error(GOOD.replace("passwordEnv: STAGING_DB_PASSWORD", "password: hunter2"));
        assertThat(e.getMessage()).contains("environment staging.database.password holds a literal secret").contains("passwordEnv")
                .doesNotContain("hunter2");
        assertThat(error(GOOD.replace("env: {TZ: UTC}", "env: {TZ: UTC, SMTP_PASSWORD: hunter2}")).getMessage())
                .contains("container.env.SMTP_PASSWORD would hold a secret").doesNotContain("hunter2");
    }

    @Test
    void aMissingOrEmptySecretSaysWhichVariableOrFile() throws Exception {
        Throwable unset = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigFile.load(write(GOOD), Map.of("X", "y")::get));
        assertThat(unset).isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("environment variable STAGING_DB_PASSWORD is not set");
        Throwable empty = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigFile.load(write(GOOD),
                Map.of("STAGING_DB_PASSWORD", "")::get));
        assertThat(empty).hasMessageContaining("STAGING_DB_PASSWORD is empty");

        Files.writeString(dir.resolve("odoo-release.yml"), GOOD);
        Throwable noFile = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigFile.load(dir.resolve("odoo-release.yml"), ENV::get));
        assertThat(noFile).hasMessageContaining(dir.resolve("secrets/prod-db") + ": the file does not exist");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/prod-db"), "\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ConfigFile.load(dir.resolve("odoo-release.yml"), ENV::get)))
                .hasMessageContaining("the file is empty");
        assertThat(error(GOOD.replace("passwordFile: secrets/prod-db", "passwordFile: secrets/prod-db, passwordEnv: X")).getMessage())
                .contains("both passwordEnv and passwordFile");
    }

    @Test
    void aMissingFileAndBrokenYamlAreOneClearError() throws Exception {
        Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> ConfigFile.load(dir.resolve("nope.yml"), ENV::get));
        assertThat(missing).isInstanceOf(OdooReleaseException.class).hasMessageContaining("the file does not exist");
        assertThat(((OdooReleaseException) missing).errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(error("environments: [\n").getMessage()).contains("not valid YAML");
        assertThat(error("project: acme\n").getMessage()).contains("'environments' is missing");
        assertThat(error(GOOD.replace("project: acme", "project: acme\nproject: other")).getMessage())
                .as("a key given twice").contains("Duplicate field 'project'");
    }

    @Test
    void branchGlobsMatchOneSegmentOrAnyDepth() throws Exception {
        ReleaseConfig c = load(GOOD.replace("branches: [develop, \"release/*\"]", "branches: [develop, \"release/*\", \"hotfix/**\"]"));
        EnvironmentConfig staging = c.environment("staging");
        assertThat(staging.acceptsBranch("develop")).isTrue();
        assertThat(staging.acceptsBranch("release/17.1")).isTrue();
        assertThat(staging.acceptsBranch("release/17/1")).as("* stays within one segment").isFalse();
        assertThat(staging.acceptsBranch("hotfix/a/b")).isTrue();
        assertThat(staging.acceptsBranch("developer")).isFalse();
        assertThat(staging.acceptsBranch(null)).isFalse();
        assertThat(c.forBranch("main")).map(EnvironmentConfig::name).contains("production");
        assertThat(c.forBranch("release/2")).map(EnvironmentConfig::name).contains("staging");
        assertThat(c.forBranch("feature/x")).isEmpty();
        assertThat(error(GOOD.replace("branch: main", "branch: \"ma in\"")).getMessage()).contains("branch pattern 'ma in'");
    }

    @Test
    void productionOnlyChangesFromItsMappedBranches() throws Exception {
        ReleaseConfig c = load(GOOD);
        c.requirePromotionAllowed("production", "main", "deploy to");
        c.requirePromotionAllowed("production", null, "deploy to");
        c.requirePromotionAllowed("staging", "feature/x", "deploy to");
        assertThatThrownBy(() -> c.requirePromotionAllowed("production", "develop", "deploy to"))
                .isInstanceOf(OdooReleaseException.class)
                .hasMessageContaining("Unable to deploy to production from branch develop")
                .hasMessageContaining("only builds of main")
                .satisfies(t -> assertThat(((OdooReleaseException) t).errorCode()).isEqualTo(ErrorCode.PRECONDITION));
    }

    @Test
    void anUnknownEnvironmentListsTheKnownOnes() throws Exception {
        ReleaseConfig c = load(GOOD);
        assertThatThrownBy(() -> c.environment("prod"))
                .hasMessage("Unable to find environment 'prod' in project acme: the configured ones are staging, production. Check the name.");
    }

    @Test
    void anEnvironmentDefinedTwiceIsRefused() {
        String twice = GOOD + """
                  - name: staging
                    database: {host: 10.0.0.7, name: other, user: odoo}
                    dataDir: data/other
                """;
        assertThat(error(twice).getMessage()).contains("environment staging is defined twice");
    }

    @Test
    void twoEnvironmentsOnTheSameDatabaseAreRefused() {
        String same = GOOD + """
                  - name: dev
                    database: {host: 10.0.0.6, port: 5432, name: prod, user: odoo}
                    dataDir: data/dev
                """;
        assertThat(error(same).getMessage()).contains("use the same database").contains("production").contains("dev");
    }

    @Test
    void productionWithStagingSettingsAndBadValuesAreRefused() {
        assertThat(error(GOOD.replace("container: {name: odoo-prod", "staging: {piiPolicy: fail}\n    container: {name: odoo-prod"))
                .getMessage()).contains("production environment with staging (scrubbing) settings");
        assertThat(error(GOOD.replace("port: 5433", "port: many")).getMessage())
                .contains("environment staging.database.port 'many' is not a number");
        assertThat(error(GOOD.replace("stopGrace: 20s", "stopGrace: soon")).getMessage()).contains("is not a duration");
        assertThat(error(GOOD.replace("name: staging", "name: Staging!")).getMessage()).contains("environment name 'Staging!'");
        assertThat(error(GOOD.replace("mailCatcher: 127.0.0.1:1025", "mailCatcher: localhost")).getMessage()).contains("has no port");
        assertThat(error(GOOD.replace("kind: dump", "kind: rsync")).getMessage()).contains("snapshot kind 'rsync'");
    }
    /**
     * Values the model cannot use and settings of the wrong shape are configuration mistakes (exit 2, naming the
     * setting), never an unexpected error (exit 1) and never silently dropped: each of these was once answered as a bug
     * (an IllegalArgumentException, a NumberFormatException, an ArithmeticException) or accepted.
     */
    @Test
    void outOfRangeValuesAndWrongShapesAreConfigurationErrorsNamingTheSetting() {
        assertThat(error(GOOD.replace("port: 5433", "port: 70000")).getMessage())
                .contains("environment staging.database.port 70000 is not a TCP port", "1 to 65535");
        assertThat(error(GOOD.replace("port: 5433", "port: 0")).getMessage()).contains("is not a TCP port");
        assertThat(error(GOOD.replace("port: 5433", "port: [5433]")).getMessage()).contains("database.port is a list");
        assertThat(error(GOOD.replace("mailCatcher: 127.0.0.1:1025", "mailCatcher: 127.0.0.1:99999")).getMessage()).contains("no valid port");
        // a mapping where a list is expected, and a list whose items are not single values
        assertThat(error(GOOD.replace("urls: [{path: /shop, status: 200, text: Shop}]", "urls: {path: /shop}")).getMessage())
                .contains("environment production.health.urls is not a list");
        assertThat(error(GOOD.replace("branches: [develop, \"release/*\"]", "branches: {develop: true}")).getMessage())
                .contains("environment staging.branches is not a list");
        assertThat(error(GOOD.replace("args: [\"--http-port=8069\", \"--workers=2\"]", "args: [{port: 8069}]")).getMessage())
                .contains("environment staging.container.args[0] is a mapping");
        assertThat(error(GOOD.replace("env: {TZ: UTC}", "env: {TZ: [UTC]}")).getMessage()).contains("container.env.TZ is a list");
        // a list (or a mapping) where one value is expected: read as text it was "", the branch mapping silently lost
        assertThat(error(GOOD.replace("branch: main", "branch: [main]")).getMessage())
                .contains("environment production.branch is a list, not a single value", "'branches:'");
        assertThat(error(GOOD.replace("kind: production", "kind: {prod: 1}")).getMessage()).contains(".kind is a mapping");
        assertThat(error(GOOD.replace("store: /backup/odoo", "store: [/backup/odoo]")).getMessage()).contains("snapshots.store is a list");
        assertThat(error(GOOD.replace("expectedSeries: \"17.0\"", "expectedSeries: \"17.0\", requireLogLines: maybe")).getMessage())
                .contains("health.requireLogLines is 'maybe', not true or false");
        assertThat(error(GOOD.replace("status: 200", "status: 999")).getMessage()).contains(".status 999 is not an HTTP status");
        // durations: overflowing, absurdly long, zero
        assertThat(error(GOOD.replace("timeout: 2m", "timeout: 99999999999999999999h")).getMessage())
                .contains("environment production.health.timeout '99999999999999999999h' is too long");
        assertThat(error(GOOD.replace("timeout: 2m", "timeout: 9223372036854775807h")).getMessage()).contains("is too long");
        assertThat(error(GOOD.replace("timeout: 2m", "timeout: 0s")).getMessage()).contains("environment production.health.timeout is zero");
        assertThat(error(GOOD.replace("pollInterval: 3s", "pollInterval: 0")).getMessage()).contains("health.pollInterval is zero");
        assertThat(error(GOOD.replace("timeout: 2m", "timeout: [2m]")).getMessage()).contains("health.timeout a list is not a duration");
        // a value the model itself refuses is still a configuration error naming the environment
        assertThat(error(GOOD.replace("consecutivePasses: 2", "consecutivePasses: 0")).getMessage())
                .contains("environment production has a value that cannot be used", "consecutive passes must be at least 1");
    }

    /** maxAge of a staging environment: hours, days or weeks, 1h to 3650d; anything else names the key and how to write it. */
    @Test
    void maxAgeIsReadAndBadValuesAreConfigurationErrorsNamingTheSetting() throws Exception {
        String staging = "piiPolicy: warn";
        assertThat(load(GOOD.replace(staging, staging + "\n    maxAge: 30d")).environment("staging").maxAge()).contains(Duration.ofDays(30));
        assertThat(load(GOOD.replace(staging, staging + "\n    maxAge: 36h")).environment("staging").maxAge()).contains(Duration.ofHours(36));
        assertThat(load(GOOD.replace(staging, staging + "\n    maxAge: 2w")).environment("staging").maxAge()).contains(Duration.ofDays(14));
        assertThat(load(GOOD.replace(staging, staging + "\n    maxAge: 3650d")).environment("staging").maxAge()).contains(Duration.ofDays(3650));
        assertThat(load(GOOD).environment("staging").maxAge()).isEmpty();
        for (String bad : new String[] {"thirty days", "30", "30 days", "90m", "[30d]", "-1d"}) {
            OdooReleaseException e = error(GOOD.replace(staging, staging + "\n    maxAge: " + bad));
            assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
            assertThat(e.getMessage()).as(bad).contains("environment staging.maxAge").contains("is not an age").contains("30d");
        }
        assertThat(error(GOOD.replace(staging, staging + "\n    maxAge: 0d")).getMessage())
                .contains("environment staging.maxAge '0d' is shorter than an hour");
        assertThat(error(GOOD.replace(staging, staging + "\n    maxAge: 3651d")).getMessage())
                .contains("environment staging.maxAge '3651d' is too long", "at most 3650d");
        assertThat(error(GOOD.replace(staging, staging + "\n    maxAge: 99999999999999999999d")).getMessage()).contains("is not an age");
        OdooReleaseException prod = error(GOOD.replace("branch: main", "branch: main\n    maxAge: 30d"));
        assertThat(prod.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
        assertThat(prod.getMessage()).contains("production environment with a maxAge");
    }

    @Test
    void aZeroStopGraceIsAllowedAndTheLimitsAreInclusive() throws Exception {
        ReleaseConfig c = load(GOOD.replace("stopGrace: 20s", "stopGrace: 0s").replace("timeout: 2m", "timeout: 168h")
                .replace("port: 5433", "port: 65535"));
        assertThat(c.environment("staging").container()).hasValueSatisfying(k -> assertThat(k.stopGrace()).isZero());
        assertThat(c.environment("staging").environment().db().port()).isEqualTo(65535);
        assertThat(c.environment("production").health()).hasValueSatisfying(h -> assertThat(h.timeout()).hasHours(168));
    }

    /** The example in docs/configuration.md is what users copy: it must load, and mean what the page says. */
    @Test
    void theDocumentedExampleLoads() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "configuration.md"));
        int start = page.indexOf("```yaml\n");
        assertThat(start).as("docs/configuration.md has a YAML example").isNotNegative();
        String yaml = page.substring(start + 8, page.indexOf("```", start + 8));
        Path secret = dir.resolve("prod-db");
        Files.writeString(secret, "Prod-Secret-3\n");
        Path f = write(yaml.replace("/run/secrets/prod-db", secret.toString()));

        ReleaseConfig c = ConfigFile.load(f, Map.of("STAGING_DB_PASSWORD", "Staging-Secret-2", "REGISTRY_PASSWORD", "Reg-Secret-4")::get);

        assertThat(c.project()).isEqualTo("acme");
        assertThat(c.environments()).extracting(EnvironmentConfig::name).containsExactly("staging", "production");
        assertThat(c.forBranch("release/1.2")).map(EnvironmentConfig::name).contains("staging");
        assertThat(c.forBranch("main")).map(EnvironmentConfig::name).contains("production");
        EnvironmentConfig prod = c.environment("production");
        assertThat(prod.environment().db().password()).isEqualTo("Prod-Secret-3");
        assertThat(prod.registryAuth()).hasValueSatisfying(a -> assertThat(a.password()).isEqualTo("Reg-Secret-4"));
        assertThat(prod.docker()).hasValueSatisfying(d -> assertThat(d.tlsVerify()).isTrue());
        assertThat(c.secrets()).contains("Staging-Secret-2", "Prod-Secret-3", "Reg-Secret-4");
    }
}
