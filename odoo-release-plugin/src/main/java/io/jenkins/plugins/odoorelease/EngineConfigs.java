package io.jenkins.plugins.odoorelease;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.config.DbTarget;
import dev.odoorelease.engine.config.DockerEndpoint;
import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentConfig;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.ReleaseConfig;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.remoting.VirtualChannel;
import hudson.util.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.docker.commons.credentials.DockerServerEndpoint;
import org.jenkinsci.plugins.docker.commons.credentials.KeyMaterial2;

/**
 * The engine's {@link ReleaseConfig} of a project for one build, made on the controller. Secrets come from the
 * credentials store, looked up for the build ({@code findCredentialById}, so a credentials parameter works and the
 * usage is tracked), and only for the environments the step works on: a development deploy never ships the
 * production password to its agent. Docker client certificates are materialized on the agent for the duration of the
 * step ({@link #close()} removes them). Close it after the engine ran.
 */
final class EngineConfigs implements AutoCloseable {
    /** The role name given to environments whose credential this build cannot see and does not need. */
    private static final String UNKNOWN_ROLE = "odoo";

    /**
     * The engine the {@code docker} CLI talks to when TLS is on and {@code DOCKER_HOST} is not set (its
     * {@code DefaultTLSHost}): what a docker-commons server without URI but with client certificates means.
     */
    static final String DOCKER_DEFAULT_TLS_HOST = "tcp://localhost:2376";

    private final ReleaseConfig config;
    private final List<KeyMaterial2> materials;
    private final VirtualChannel channel;

    private EngineConfigs(ReleaseConfig config, List<KeyMaterial2> materials, VirtualChannel channel) {
        this.config = config;
        this.materials = materials;
        this.channel = channel;
    }

    /**
     * What a step overrides inline for its environment: the health check's URL, database and timeout, the
     * anonymization rules file. Null fields keep the configured value.
     */
    record Overrides(
            String environment,
            String healthUrl,
            String healthDatabase,
            Integer healthTimeoutSeconds,
            String anonymizationRules) {
        static final Overrides NONE = new Overrides(null, null, null, null, null);

        boolean appliesTo(String name) {
            return name.equals(environment);
        }
    }

    /**
     * The configuration for a build: {@code used} are the environments the step works on (secrets, Docker
     * certificates); the others are described without secrets (the engine's guard rails still compare them).
     * {@code vars} are the step's environment variables on its node (for {@code DOCKER_HOST}).
     */
    static EngineConfigs forBuild(
            OdooProject project, Run<?, ?> run, FilePath workspace, EnvVars vars, Set<String> used, Overrides overrides)
            throws IOException, InterruptedException {
        List<KeyMaterial2> materials = new ArrayList<>();
        VirtualChannel channel = workspace.getChannel();
        try {
            List<EnvironmentConfig> envs = new ArrayList<>();
            for (OdooEnvironmentDefinition d : project.getEnvironments()) {
                boolean secrets = used.contains(d.getName());
                OdooDatabaseSettings database = d.getDatabase();
                StandardUsernamePasswordCredentials db =
                        credential(database == null ? null : database.getCredentialsId(), run, secrets, d.getName());
                String user = db == null ? UNKNOWN_ROLE : db.getUsername();
                EnvironmentConfig.Builder b = environment(
                        d, user, secrets && db != null ? Secret.toString(db.getPassword()) : null, overrides);
                if (secrets) {
                    docker(d.getDockerServer(), d.getName(), run, channel, vars, materials, b);
                    registry(d.getRegistry(), run, d.getName(), b);
                } else {
                    dockerWithoutCertificates(d.getDockerServer(), b);
                }
                envs.add(b.build());
            }
            return new EngineConfigs(
                    new ReleaseConfig(
                            project.getName(), Forms.words(project.getAddonsPaths()), envs, project.previewTemplate()),
                    materials,
                    channel);
        } catch (OdooReleaseException | IllegalArgumentException e) {
            close(materials, channel);
            throw new AbortException(e.getMessage());
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(materials, channel);
            throw e;
        }
    }

    ReleaseConfig config() {
        return config;
    }

    /**
     * The configuration for removing a preview when its branch job is deleted (no build, so no build to look credentials
     * up for): the secrets of {@code used} only, looked up as the system in {@code context} (the deleted job's folder,
     * where its builds found them), every Docker engine without certificates (previews run on the node's own engine).
     */
    static ReleaseConfig forCleanup(OdooProject project, @CheckForNull hudson.model.Item context, Set<String> used)
            throws AbortException {
        try {
            List<EnvironmentConfig> envs = new ArrayList<>();
            for (OdooEnvironmentDefinition d : project.getEnvironments()) {
                boolean secrets = used.contains(d.getName());
                OdooDatabaseSettings database = d.getDatabase();
                String id = database == null ? null : database.getCredentialsId();
                StandardUsernamePasswordCredentials db = secrets && id != null
                        ? com.cloudbees.plugins.credentials.CredentialsMatchers.firstOrNull(
                                CredentialsProvider.lookupCredentials(
                                        StandardUsernamePasswordCredentials.class,
                                        context,
                                        hudson.security.ACL.SYSTEM,
                                        List.<DomainRequirement>of()),
                                com.cloudbees.plugins.credentials.CredentialsMatchers.withId(id))
                        : null;
                if (secrets && db == null) {
                    throw new AbortException(Messages.EngineConfigs_CredentialsNotFound(id, d.getName()));
                }
                EnvironmentConfig.Builder b = environment(
                        d,
                        db == null ? UNKNOWN_ROLE : db.getUsername(),
                        db == null ? null : Secret.toString(db.getPassword()),
                        Overrides.NONE);
                dockerWithoutCertificates(d.getDockerServer(), b);
                envs.add(b.build());
            }
            return new ReleaseConfig(
                    project.getName(), Forms.words(project.getAddonsPaths()), envs, project.previewTemplate());
        } catch (OdooReleaseException | IllegalArgumentException e) {
            throw new AbortException(e.getMessage());
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        close(materials, channel);
    }

    /** Checks a project as a whole without any secret: what saving the configuration page does. */
    static void validate(OdooProject project) {
        withoutSecrets(project);
    }

    /** The project's configuration without any secret or certificate: for what only reads it (branch mapping, checks). */
    static ReleaseConfig withoutSecrets(OdooProject project) {
        List<EnvironmentConfig> envs = new ArrayList<>();
        for (OdooEnvironmentDefinition d : project.getEnvironments()) {
            EnvironmentConfig.Builder b = environment(d, UNKNOWN_ROLE, null, Overrides.NONE);
            dockerWithoutCertificates(d.getDockerServer(), b);
            envs.add(b.build());
        }
        return new ReleaseConfig(
                project.getName(), Forms.words(project.getAddonsPaths()), envs, project.previewTemplate());
    }

    /** The environment's Docker engine by its URI alone, when it has one: for what needs no certificate. */
    private static void dockerWithoutCertificates(
            @CheckForNull DockerServerEndpoint server, EnvironmentConfig.Builder b) {
        String uri = server == null ? null : server.getUri();
        if (uri != null) {
            b.docker(DockerEndpoint.of(uri));
        }
    }

    /** Checks branch patterns with the engine's rules. */
    static void checkBranches(String patterns) {
        Environment probe = Environment.builder("check")
                .database(new DbTarget("localhost", 5432, "check", UNKNOWN_ROLE, null))
                .dataDir(Path.of(System.getProperty("java.io.tmpdir"))) // any absolute path: never used
                .build();
        EnvironmentConfig.Builder b = EnvironmentConfig.builder(probe);
        Forms.words(patterns).forEach(b::branch);
        b.build();
    }

    private static EnvironmentConfig.Builder environment(
            OdooEnvironmentDefinition d, String user, String password, Overrides overrides) {
        boolean override = d.getName() != null && overrides.appliesTo(d.getName());
        EnvironmentConfig.Builder b =
                EnvironmentConfig.builder(d.environment(user, password).build());
        Forms.words(d.getBranches()).forEach(b::branch);
        b.promotesFrom(d.getPromotesFrom());
        OdooContainerSettings container = d.getContainer();
        if (container != null) {
            b.container(container.toEngine(d.getUrl()));
        }
        OdooSwarmSettings swarm = d.getSwarm();
        if (swarm != null) {
            b.swarm(swarm.toEngine());
        }
        OdooDatabaseSettings database = d.getDatabase();
        HealthSettings.Builder health = override && overrides.healthUrl() != null
                ? HealthSettings.forUrl(overrides.healthUrl()).database(database == null ? null : database.getName())
                : d.healthSettings();
        if (health != null) {
            if (override && overrides.healthDatabase() != null) {
                health.database(overrides.healthDatabase());
            }
            if (override && overrides.healthTimeoutSeconds() != null) {
                health.timeout(Duration.ofSeconds(overrides.healthTimeoutSeconds()));
            }
            b.health(health.build());
        }
        if (!d.isProduction()) {
            String rules = override ? overrides.anonymizationRules() : null;
            OdooStagingSettings staging = d.getStaging();
            if (staging != null) {
                b.staging(staging.toEngine(d.getUrl(), rules));
                b.maxAge(staging.maxAgeDuration());
            } else if (rules != null && d.getUrl() != null) {
                b.staging(new OdooStagingSettings().toEngine(d.getUrl(), rules));
            }
        }
        return b;
    }

    /** A username/password credential for the build; null when not needed and not visible. */
    @CheckForNull
    private static StandardUsernamePasswordCredentials credential(
            String id, Run<?, ?> run, boolean needed, String environment) throws AbortException {
        if (id == null) {
            if (needed) {
                throw new AbortException(Messages.EngineConfigs_NoCredentials(environment));
            }
            return null;
        }
        StandardUsernamePasswordCredentials c = CredentialsProvider.findCredentialById(
                id, StandardUsernamePasswordCredentials.class, run, List.<DomainRequirement>of());
        if (c == null && needed) {
            throw new AbortException(Messages.EngineConfigs_CredentialsNotFound(id, environment));
        }
        if (needed) {
            CredentialsProvider.track(run, c);
        }
        return c;
    }

    /**
     * The environment's Docker engine: its URI, with the client certificates of its credential written on the agent.
     * Without a URI, docker-commons means Docker's default engine, and still hands out the certificates: then it is
     * the node's {@code DOCKER_HOST}, else the CLI's default for TLS, {@value #DOCKER_DEFAULT_TLS_HOST}.
     */
    private static void docker(
            @CheckForNull DockerServerEndpoint server,
            String environment,
            Run<?, ?> run,
            VirtualChannel channel,
            EnvVars vars,
            List<KeyMaterial2> materials,
            EnvironmentConfig.Builder b)
            throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        if (server.getCredentialsId() == null) {
            if (server.getUri() != null) {
                b.docker(DockerEndpoint.of(server.getUri()));
            }
            return;
        }
        KeyMaterial2 km = server.newKeyMaterialFactory(run, channel).materialize2();
        materials.add(km);
        EnvVars env = km.env();
        String certPath = env.get("DOCKER_CERT_PATH");
        if (certPath == null) {
            // docker-commons writes nothing for a credential it cannot find or that lacks a key, certificate or CA
            throw new AbortException(
                    Messages.EngineConfigs_DockerCredentialsNotFound(server.getCredentialsId(), environment));
        }
        String host = server.getUri() != null ? server.getUri() : Util.fixEmptyAndTrim(vars.get("DOCKER_HOST"));
        b.docker(new DockerEndpoint(
                env.getOrDefault("DOCKER_HOST", host != null ? host : DOCKER_DEFAULT_TLS_HOST),
                certPath,
                "1".equals(env.get("DOCKER_TLS_VERIFY"))));
    }

    private static void registry(
            @CheckForNull DockerRegistryEndpoint registry,
            Run<?, ?> run,
            String environment,
            EnvironmentConfig.Builder b)
            throws AbortException {
        if (registry == null || registry.getCredentialsId() == null) {
            return;
        }
        StandardUsernamePasswordCredentials c = credential(registry.getCredentialsId(), run, true, environment);
        if (c == null) { // credential() refuses a needed one it cannot find; this keeps that promise local
            throw new AbortException(
                    Messages.EngineConfigs_CredentialsNotFound(registry.getCredentialsId(), environment));
        }
        b.registry(registryHost(registry.getUrl()), c.getUsername(), Secret.toString(c.getPassword()));
    }

    /** {@code https://registry.example.com:5000/} → {@code registry.example.com:5000}; empty: the image's registry. */
    @CheckForNull
    static String registryHost(@CheckForNull String url) throws AbortException {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            String authority = URI.create(url.contains("://") ? url.strip() : "https://" + url.strip())
                    .getRawAuthority();
            if (authority == null) {
                throw new IllegalArgumentException(url);
            }
            return authority;
        } catch (IllegalArgumentException e) {
            throw new AbortException(Messages.EngineConfigs_RegistryUrl(url));
        }
    }

    private static void close(List<KeyMaterial2> materials, VirtualChannel channel)
            throws IOException, InterruptedException {
        IOException first = null;
        for (KeyMaterial2 km : materials) {
            try {
                km.close(channel);
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        materials.clear();
        if (first != null) {
            throw first;
        }
    }
}
