package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.EnvironmentKind;
import dev.odoorelease.engine.config.HealthSettings;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Locale;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.docker.commons.credentials.DockerRegistryEndpoint;
import org.jenkinsci.plugins.docker.commons.credentials.DockerServerEndpoint;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One environment of a project, as configured under Manage Jenkins: what it is (kind, the branches that promote into
 * it), where its data lives (database, Odoo's data directory on the agent), how its Odoo runs (container, Docker
 * server, registry), how it is snapshotted, health-checked and, for a staging environment, scrubbed. Converted to the
 * engine's {@code EnvironmentConfig} by {@link EngineConfigs} for each build, with the secrets from the credentials
 * store.
 */
public final class OdooEnvironmentDefinition implements Describable<OdooEnvironmentDefinition> {
    private final String name;
    private String kind = "development";
    private String branches;
    private String promotesFrom;
    private String url;
    private String dataDir;
    private OdooDatabaseSettings database;
    private OdooContainerSettings container;
    private OdooSwarmSettings swarm;
    private DockerServerEndpoint dockerServer;
    private DockerRegistryEndpoint registry;
    private OdooSnapshotSettings snapshots;
    private OdooHealthSettings health;
    private OdooStagingSettings staging;
    private int jobs;

    @DataBoundConstructor
    public OdooEnvironmentDefinition(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return name;
    }

    /** {@code development}, {@code staging} or {@code production}. */
    public String getKind() {
        return kind;
    }

    @DataBoundSetter
    public void setKind(String kind) {
        String k = Util.fixEmptyAndTrim(kind);
        this.kind = k == null ? "development" : k.toLowerCase(Locale.ROOT);
    }

    /** Branch patterns whose builds promote into this environment ({@code main}, {@code release/*}), comma-separated. */
    public String getBranches() {
        return branches;
    }

    @DataBoundSetter
    public void setBranches(String branches) {
        this.branches = Util.fixEmptyAndTrim(branches);
    }

    /**
     * The environment whose proven images this one accepts ({@code staging}): a deploy here refuses an image not deployed
     * and found healthy there, and a commit that does not descend from the deployed one, unless overridden.
     */
    public String getPromotesFrom() {
        return promotesFrom;
    }

    @DataBoundSetter
    public void setPromotesFrom(String promotesFrom) {
        this.promotesFrom = Util.fixEmptyAndTrim(promotesFrom);
    }

    /** The URL the environment's Odoo answers on, as seen from the agent. */
    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    /** Odoo's data_dir on the agent; the filestore is {@code <dataDir>/filestore/<database>}. */
    public String getDataDir() {
        return dataDir;
    }

    @DataBoundSetter
    public void setDataDir(String dataDir) {
        this.dataDir = Util.fixEmptyAndTrim(dataDir);
    }

    public OdooDatabaseSettings getDatabase() {
        return database;
    }

    @DataBoundSetter
    public void setDatabase(OdooDatabaseSettings database) {
        this.database = database;
    }

    public @CheckForNull OdooContainerSettings getContainer() {
        return container;
    }

    @DataBoundSetter
    public void setContainer(OdooContainerSettings container) {
        this.container = container;
    }

    /** The swarm service the environment's Odoo runs as, instead of one container; none: not on a swarm. */
    public @CheckForNull OdooSwarmSettings getSwarm() {
        return swarm;
    }

    @DataBoundSetter
    public void setSwarm(OdooSwarmSettings swarm) {
        this.swarm = swarm;
    }

    /** The Docker engine the environment's containers run on; none: the agent's own. */
    public @CheckForNull DockerServerEndpoint getDockerServer() {
        return dockerServer;
    }

    @DataBoundSetter
    public void setDockerServer(DockerServerEndpoint dockerServer) {
        this.dockerServer =
                dockerServer == null || (dockerServer.getUri() == null && dockerServer.getCredentialsId() == null)
                        ? null
                        : dockerServer;
    }

    /** The registry images are pulled from, with its username/password credential; none: pull anonymously. */
    public @CheckForNull DockerRegistryEndpoint getRegistry() {
        return registry;
    }

    @DataBoundSetter
    public void setRegistry(DockerRegistryEndpoint registry) {
        this.registry = registry == null || (registry.getUrl() == null && registry.getCredentialsId() == null)
                ? null
                : registry;
    }

    public @CheckForNull OdooSnapshotSettings getSnapshots() {
        return snapshots;
    }

    @DataBoundSetter
    public void setSnapshots(OdooSnapshotSettings snapshots) {
        this.snapshots = snapshots;
    }

    public @CheckForNull OdooHealthSettings getHealth() {
        return health;
    }

    @DataBoundSetter
    public void setHealth(OdooHealthSettings health) {
        this.health = health;
    }

    public @CheckForNull OdooStagingSettings getStaging() {
        return staging;
    }

    @DataBoundSetter
    public void setStaging(OdooStagingSettings staging) {
        this.staging = staging;
    }

    /** Parallel jobs for dumps, restores and copies; 0: the agent's processor count (at least 2). */
    public int getJobs() {
        return jobs;
    }

    @DataBoundSetter
    public void setJobs(int jobs) {
        this.jobs = jobs;
    }

    boolean isProduction() {
        return EnvironmentKind.parse(kind) == EnvironmentKind.PRODUCTION;
    }

    /** The engine's view of the data side, for a database role (user) and its password (null: not needed here). */
    Environment.Builder environment(String user, String password) {
        if (database == null) {
            throw new IllegalArgumentException(Messages.OdooEnvironmentDefinition_NoDatabase(name));
        }
        if (dataDir == null) {
            throw new IllegalArgumentException(Messages.OdooEnvironmentDefinition_NoDataDir(name));
        }
        Environment.Builder b = Environment.builder(name)
                .kind(EnvironmentKind.parse(kind))
                .database(new dev.odoorelease.engine.config.DbTarget(
                        database.getHost(), database.getPort(), database.getName(), user, password))
                .dataDir(java.nio.file.Path.of(dataDir))
                .stateDatabase(database.getStateDatabase());
        (snapshots != null ? snapshots : new OdooSnapshotSettings()).applyTo(b);
        if (jobs > 0) {
            b.jobs(jobs);
        }
        return b;
    }

    /** The configured health check, the default one on the environment's URL, or null without any URL. */
    @CheckForNull
    HealthSettings.Builder healthSettings() {
        if (health != null) {
            return health.toEngine(url, database == null ? null : database.getName());
        }
        return url == null ? null : HealthSettings.forUrl(url).database(database == null ? null : database.getName());
    }

    @Extension
    @Symbol("odooEnvironment")
    public static final class DescriptorImpl extends Descriptor<OdooEnvironmentDefinition> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooEnvironmentDefinition_DisplayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return Forms.check(value, Messages.OdooEnvironmentDefinition_NameRequired(), Environment::builder);
        }

        @POST
        public ListBoxModel doFillKindItems() {
            return Forms.choices("development", "staging", "production");
        }

        @POST
        public FormValidation doCheckKind(@QueryParameter String value) {
            return Forms.check(value, null, EnvironmentKind::parse);
        }

        @POST
        public FormValidation doCheckBranches(@QueryParameter String value, @QueryParameter String kind) {
            if (Util.fixEmptyAndTrim(value) == null
                    && "production".equalsIgnoreCase(Util.fixEmptyAndTrim(kind))
                    && Forms.mayConfigure()) {
                return FormValidation.warning(Messages.OdooEnvironmentDefinition_ProductionWithoutBranch());
            }
            return Forms.check(value, null, v -> EngineConfigs.checkBranches(v));
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            return Forms.check(value, null, v -> HealthSettings.forUrl(v).build());
        }

        @POST
        public FormValidation doCheckDataDir(@QueryParameter String value) {
            return Forms.check(value, Messages.OdooEnvironmentDefinition_DataDirRequired(), Forms::absolutePath);
        }

        @POST
        public FormValidation doCheckJobs(@QueryParameter String value) {
            return Forms.atLeast(value, 0);
        }
    }
}
