package dev.odoorelease.engine;

import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.config.StagingPolicy;
import java.util.List;
import java.util.Optional;

/**
 * Which neutralization a rehearsal of an environment applies to its throwaway copy: the one a stage clone of that
 * environment into the project's staging would apply — the staging settings ({@code staging:}: project SQL, mail catcher,
 * cron allowlist) of the environment it promotes from ({@code promotesFrom}) when that one has them, else of the one
 * environment that has them — or, when no environment has staging settings, the built-in rules only. Several environments
 * with different staging neutralizations and no {@code promotesFrom} naming one of them is a configuration error: a
 * rehearsal must not guess which project SQL makes its copy safe to start Odoo on.
 *
 * @param policy the staging policy applied (its URL is not used: the copy gets the rehearsal's own), or null for the
 *               built-in rules only
 * @param source what the result and the history say about it
 */
record RehearsalNeutralization(StagingPolicy policy, String source) {

    static RehearsalNeutralization of(ReleaseConfig config, EnvironmentConfig rehearsed, String image) {
        Optional<EnvironmentConfig> promotesFrom = rehearsed.promotesFrom().flatMap(n -> config.environments().stream()
                .filter(e -> e.name().equals(n)).findFirst()).filter(e -> e.stagingSettings().isPresent());
        if (promotesFrom.isPresent()) {
            return of(promotesFrom.get(), "the environment " + rehearsed.name() + " promotes from");
        }
        List<EnvironmentConfig> withPolicy = config.environments().stream()
                .filter(e -> !e.name().equals(rehearsed.name()) && !e.isProduction() && e.stagingSettings().isPresent()).toList();
        if (withPolicy.isEmpty()) {
            return new RehearsalNeutralization(null, "built-in rules only: no environment of the project has staging settings "
                    + "(staging.neutralizationSql)");
        }
        List<String> distinct = withPolicy.stream().map(e -> neutralization(e.stagingSettings().get())).distinct().toList();
        if (distinct.size() > 1) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to rehearse " + image + " on " + rehearsed.name()
                    + ": the environments " + String.join(", ", withPolicy.stream().map(e -> e.name() + " ("
                    + neutralization(e.stagingSettings().get()) + ")").toList()) + " neutralize a copy differently, and a rehearsal "
                    + "applies the one staging policy a stage clone of " + rehearsed.name() + " would (nothing was created). Set "
                    + rehearsed.name() + "'s promotesFrom to the staging environment whose settings apply, or give them the same "
                    + "staging.neutralizationSql, mailCatcher and cronAllowlist.");
        }
        return of(withPolicy.get(0), withPolicy.size() == 1 ? "the only environment with staging settings"
                : "the same in " + String.join(", ", withPolicy.stream().map(EnvironmentConfig::name).toList()));
    }

    private static RehearsalNeutralization of(EnvironmentConfig staging, String why) {
        StagingPolicy p = staging.stagingSettings().orElseThrow();
        return new RehearsalNeutralization(p, "staging policy of " + staging.name() + " (" + why + "): " + neutralization(p));
    }

    /** What of a staging policy neutralizes: its project SQL, mail catcher and cron allowlist. */
    static String neutralization(StagingPolicy p) {
        return "built-in rules" + (p.neutralizationSql().isEmpty() ? "" : " + project SQL " + String.join(", ",
                p.neutralizationSql().stream().map(String::valueOf).toList()))
                + (p.mailCatcherHost() == null ? "" : ", mail catcher " + p.mailCatcherHost() + ":" + p.mailCatcherPort())
                + (p.cronAllowlist().equals(List.of("base.autovacuum_job")) ? "" : ", crons allowed " + p.cronAllowlist());
    }
}
