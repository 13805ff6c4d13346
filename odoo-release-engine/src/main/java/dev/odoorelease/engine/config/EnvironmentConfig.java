package dev.odoorelease.engine.config;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.OdooContainer;
import dev.odoorelease.engine.config.DockerEndpoint;
import dev.odoorelease.engine.config.RegistryAuth;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.StagingPolicy;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the tool knows about one environment: its data ({@link Environment}: database, filestore,
 * snapshots), how its Odoo runs ({@link OdooContainer}, on which Docker engine, from which registry),
 * how its health is checked, which branches promote into it, and — for a staging or development
 * environment — how a clone into it is scrubbed. The CLI reads it from the YAML file
 * ({@link ConfigFile}); the Jenkins plugin builds it from its global configuration, with the secrets
 * resolved from the credentials store. Immutable and serializable, so a plugin can ship it to the agent.
 *
 * <p>{@link #toString()} never shows a secret.
 */
public final class EnvironmentConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Environment environment;
    private final List<String> branches;
    private final OdooContainer container;
    private final HealthSettings health;
    private final StagingPolicy staging;
    private final DockerEndpoint docker;
    private final String registry;
    private final String registryUser;
    private final String registryPassword;
    private final String promotesFrom;
    private final java.time.Duration maxAge;
    private final SwarmRuntime swarm;

    private EnvironmentConfig(Builder b) {
        this.environment = Objects.requireNonNull(b.environment, "environment");
        this.branches = List.copyOf(b.branches);
        this.container = b.container;
        this.health = b.health;
        this.staging = b.staging;
        this.docker = b.docker;
        this.registry = b.registry;
        this.registryUser = b.registryUser;
        this.registryPassword = b.registryPassword;
        this.promotesFrom = b.promotesFrom;
        if (name().equals(promotesFrom)) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure environment " + name()
                    + ": it promotes from itself (promotesFrom: " + promotesFrom + "). Name the environment whose proven images it "
                    + "accepts, e.g. promotesFrom: staging.");
        }
        this.maxAge = b.maxAge;
        this.swarm = b.swarm;
        if (swarm != null && container != null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure environment " + name()
                    + ": it has both container settings and runtime: swarm. A swarm environment runs its instances as the service "
                    + swarm.service() + " (its options under 'swarm:'): remove the 'container:' section, or the swarm runtime.");
        }
        for (String pattern : branches) {
            BranchPattern.compile(pattern, environment.name());
        }
        if (staging != null && environment.isProduction()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure environment " + name()
                    + ": it is a production environment with staging (scrubbing) settings. Staging settings describe how a "
                    + "clone INTO an environment is scrubbed, and nothing is ever cloned into production: remove them, or "
                    + "change the kind.");
        }
        if (maxAge != null && environment.isProduction()) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to configure environment " + name()
                    + ": it is a production environment with a maxAge. maxAge says how old a staging copy may get before it "
                    + "is refreshed from production, and production is never refreshed: remove it, or change the kind.");
        }
    }

    public static Builder builder(Environment environment) {
        return new Builder(environment);
    }

    public String name() {
        return environment.name();
    }

    public EnvironmentKind kind() {
        return environment.kind();
    }

    public boolean isProduction() {
        return environment.isProduction();
    }

    /** Database, filestore and snapshot settings. */
    public Environment environment() {
        return environment;
    }

    /** Branch patterns ({@code main}, {@code release/*}) whose builds promote into this environment. */
    public List<String> branches() {
        return branches;
    }

    /** Whether a build of {@code branch} promotes into this environment. */
    public boolean acceptsBranch(String branch) {
        return branch != null && branches.stream().anyMatch(p -> BranchPattern.compile(p, name()).matcher(branch).matches());
    }

    /**
     * The environment this one promotes from ({@code promotesFrom: staging}): a deploy here only takes an image deployed and
     * found healthy there, and a commit that descends from the deployed one, unless overridden (recorded). Empty: no such rule.
     */
    public Optional<String> promotesFrom() {
        return Optional.ofNullable(promotesFrom);
    }

    /** How the environment's Odoo container runs, or empty when this tool does not manage it. */
    public Optional<OdooContainer> container() {
        return Optional.ofNullable(container);
    }

    /** The container settings, or a clear error naming what the operation needs them for. */
    public OdooContainer requireContainer(String operation) {
        if (container == null && swarm != null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation + " " + name()
                    + ": the environment runs on Docker Swarm (runtime: swarm, service " + swarm.service() + "), and this operation"
                    + " manages one container. Deploy and status work on swarm environments (docs/deploy.md, Swarm); run the others"
                    + " against a single-container environment.");
        }
        if (container == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation + " " + name()
                    + ": the environment has no container settings. Add a 'container:' section to it (at least its 'name:'; the URL Odoo "
                    + "answers on is the environment's own 'url:'), see docs/configuration.md.");
        }
        return container;
    }

    /**
     * The health check of the environment: the configured settings, or by default {@code /web/login} and
     * {@code /web/health} of the container's URL for the environment's database.
     */
    public Optional<HealthSettings> health() {
        if (health != null) {
            return Optional.of(health);
        }
        if (container != null && container.url() != null) {
            return Optional.of(HealthSettings.forUrl(container.url()).database(environment.db().database()).build());
        }
        return Optional.empty();
    }

    public HealthSettings requireHealth(String operation) {
        return health().orElseThrow(() -> new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to " + operation + " "
                + name() + ": the environment has no URL to check. Give the environment's 'url:' (or 'health: {url: ...}') in its "
                + "configuration."));
    }

    /**
     * How a clone into this environment is scrubbed. Unconfigured staging settings default to the built-in
     * rules, no mail catcher, and {@code web.base.url} set to the container's URL.
     */
    public StagingPolicy staging() {
        if (staging != null) {
            return staging;
        }
        String url = container != null && container.url() != null ? container.url()
                : health != null ? health.url() : null;
        if (url == null) {
            throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to clone into " + name()
                    + ": staging needs the URL it answers on (web.base.url is set to it). Give container.url or staging.url.");
        }
        return StagingPolicy.builder(url).build();
    }

    /**
     * How old the environment's last refresh (stage clone) may be before {@code status}, {@code health} and the drift report
     * warn; empty when not configured.
     */
    public Optional<java.time.Duration> maxAge() {
        return Optional.ofNullable(maxAge);
    }

    /**
     * The staging settings configured for this environment ({@code staging:}), or empty when it has none (a clone into it
     * then uses the built-in defaults, {@link #staging()}).
     */
    public Optional<StagingPolicy> stagingSettings() {
        return Optional.ofNullable(staging);
    }

    /** Where stage clones into this environment write their reports: its staging {@code reportDir}, or null for the default. */
    public java.nio.file.Path stagingReportDir() {
        return staging == null ? null : staging.reportDir();
    }

    /**
     * How the environment's Odoo runs on Docker Swarm ({@code runtime: swarm}): several instances behind a load balancer; empty for
     * the single-container runtime.
     */
    public Optional<SwarmRuntime> swarm() {
        return Optional.ofNullable(swarm);
    }

    /** {@code swarm} or {@code container}: how the environment's Odoo runs. */
    public String runtime() {
        return swarm == null ? "container" : "swarm";
    }

    /** The Docker engine the environment's containers run on; empty for the agent's own. */
    public Optional<DockerEndpoint> docker() {
        return Optional.ofNullable(docker);
    }

    /** The registry credentials to pull images with, or empty. */
    public Optional<RegistryAuth> registryAuth() {
        return registryUser == null ? Optional.empty() : Optional.of(new RegistryAuth(registry, registryUser, registryPassword));
    }

    /** The secret values of this environment (database and registry passwords), to mask in any output. */
    public List<String> secrets() {
        List<String> s = new ArrayList<>();
        if (environment.db().password() != null && !environment.db().password().isEmpty()) {
            s.add(environment.db().password());
        }
        if (registryPassword != null && !registryPassword.isEmpty()) {
            s.add(registryPassword);
        }
        return s;
    }

    @Override
    public String toString() {
        return environment + (container == null ? "" : ", container " + container.name())
                + (swarm == null ? "" : ", swarm service " + swarm.service() + " x" + swarm.instances())
                + (docker == null ? "" : " on " + docker);
    }

    /** Builder of {@link EnvironmentConfig}. */
    public static final class Builder {
        private final Environment environment;
        private final List<String> branches = new ArrayList<>();
        private OdooContainer container;
        private HealthSettings health;
        private StagingPolicy staging;
        private DockerEndpoint docker;
        private String registry;
        private String registryUser;
        private String registryPassword;
        private String promotesFrom;
        private java.time.Duration maxAge;
        private SwarmRuntime swarm;

        private Builder(Environment environment) {
            this.environment = environment;
        }

        public Builder branch(String pattern) {
            if (pattern != null && !pattern.isBlank()) {
                branches.add(pattern.strip());
            }
            return this;
        }

        public Builder container(OdooContainer c) {
            this.container = c;
            return this;
        }

        /** Runs the environment's Odoo as a swarm service ({@code runtime: swarm}); null: one container. */
        public Builder swarm(SwarmRuntime s) {
            this.swarm = s;
            return this;
        }

        public Builder health(HealthSettings h) {
            this.health = h;
            return this;
        }

        public Builder staging(StagingPolicy s) {
            this.staging = s;
            return this;
        }

        public Builder docker(DockerEndpoint d) {
            this.docker = d;
            return this;
        }

        /** Registry credentials; {@code registry} null means the image's own registry. */
        public Builder registry(String registry, String user, String password) {
            this.registry = registry == null || registry.isBlank() ? null : registry.strip();
            this.registryUser = user == null || user.isBlank() ? null : user;
            this.registryPassword = password;
            return this;
        }

        /** The environment whose proven images this one accepts ({@code staging}); null or blank: none. */
        public Builder promotesFrom(String environment) {
            this.promotesFrom = environment == null || environment.isBlank() ? null : environment.strip();
            return this;
        }

        /**
         * How old the last refresh may be ({@link MaxAge}: at least an hour, at most {@link MaxAge#MAX}); null: no limit.
         */
        public Builder maxAge(java.time.Duration d) {
            if (d != null && (d.compareTo(java.time.Duration.ofHours(1)) < 0 || d.compareTo(MaxAge.MAX) > 0)) {
                throw new OdooReleaseException(ErrorCode.CONFIGURATION, "Unable to use maxAge " + d + " for environment "
                        + environment.name() + ": give at least 1h and at most 3650d (e.g. 30d).");
            }
            this.maxAge = d;
            return this;
        }

        public EnvironmentConfig build() {
            return new EnvironmentConfig(this);
        }
    }
}
