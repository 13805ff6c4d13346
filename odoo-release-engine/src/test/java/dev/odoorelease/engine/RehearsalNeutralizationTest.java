package dev.odoorelease.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.StagingPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which neutralization a rehearsal applies, read from the project: the staging policy a stage clone of the rehearsed
 * environment would apply, or the built-in rules where no environment has staging settings; never a guess between two
 * that differ. (RehearsalIT proves the chosen project SQL is applied to the copy before Odoo starts on it.)
 */
class RehearsalNeutralizationTest {
    @TempDir
    Path dir;

    private EnvironmentConfig env(String name, EnvironmentKind kind, StagingPolicy staging, String promotesFrom) {
        Environment e = Environment.builder(name).kind(kind)
                .database(new DbTarget("db.internal", 5432, name.replace('-', '_'), "odoo", null)).dataDir(dir.resolve(name)).build();
        return EnvironmentConfig.builder(e).health(dev.odoorelease.engine.config.HealthSettings.forUrl("http://" + name + ":8069").build())
                .staging(staging).promotesFrom(promotesFrom).build();
    }

    private static StagingPolicy policy(String url, String... sql) {
        StagingPolicy.Builder b = StagingPolicy.builder(url);
        for (String f : sql) {
            b.neutralizationSql(Path.of(f));
        }
        return b.build();
    }

    private RehearsalNeutralization choose(String promotesFrom, EnvironmentConfig... others) {
        List<EnvironmentConfig> all = new ArrayList<>(List.of(env("production", EnvironmentKind.PRODUCTION, null, promotesFrom)));
        all.addAll(List.of(others));
        ReleaseConfig config = new ReleaseConfig("acme", null, all);
        return RehearsalNeutralization.of(config, config.environment("production"), "acme:2");
    }

    @Test
    void theOnlyStagingPolicyOfTheProjectIsApplied() {
        RehearsalNeutralization n = choose(null, env("staging", EnvironmentKind.STAGING, policy("http://staging:8069", "/p/acme.sql"), null),
                env("dev", EnvironmentKind.DEVELOPMENT, null, null));
        assertThat(n.policy().neutralizationSql()).containsExactly(Path.of("/p/acme.sql"));
        assertThat(n.source()).isEqualTo("staging policy of staging (the only environment with staging settings): built-in rules + "
                + "project SQL /p/acme.sql");
    }

    @Test
    void withoutStagingSettingsTheBuiltInRulesAreAppliedAndTheResultSaysSo() {
        RehearsalNeutralization n = choose(null, env("staging", EnvironmentKind.STAGING, null, null));
        assertThat(n.policy()).isNull();
        assertThat(n.source()).startsWith("built-in rules only: no environment of the project has staging settings");
    }

    @Test
    void theEnvironmentProductionPromotesFromDecidesBetweenDifferentPolicies() {
        RehearsalNeutralization n = choose("staging", env("staging", EnvironmentKind.STAGING, policy("http://staging:8069", "/p/a.sql",
                "/p/b.sql"), null), env("qa", EnvironmentKind.STAGING, policy("http://qa:8069"), null));
        assertThat(n.policy().neutralizationSql()).containsExactly(Path.of("/p/a.sql"), Path.of("/p/b.sql"));
        assertThat(n.source()).startsWith("staging policy of staging (the environment production promotes from)");
    }

    @Test
    void severalEnvironmentsWithTheSameNeutralizationAreOne() {
        RehearsalNeutralization n = choose(null, env("staging", EnvironmentKind.STAGING, policy("http://staging:8069", "/p/a.sql"), null),
                env("qa", EnvironmentKind.STAGING, policy("http://qa:8069", "/p/a.sql"), null));
        assertThat(n.policy().neutralizationSql()).containsExactly(Path.of("/p/a.sql"));
        assertThat(n.source()).startsWith("staging policy of staging (the same in staging, qa)");
    }

    @Test
    void differentPoliciesAndNoPromotesFromAreAClearConfigurationError() {
        assertThatThrownBy(() -> choose(null, env("staging", EnvironmentKind.STAGING, policy("http://staging:8069", "/p/a.sql"), null),
                env("qa", EnvironmentKind.STAGING, policy("http://qa:8069"), null)))
                .isInstanceOfSatisfying(OdooReleaseException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.CONFIGURATION);
                    assertThat(e.getMessage()).startsWith("Unable to rehearse acme:2 on production: the environments staging (built-in "
                            + "rules + project SQL /p/a.sql), qa (built-in rules) neutralize a copy differently")
                            .contains("(nothing was created)").contains("Set production's promotesFrom");
                });
    }
}
