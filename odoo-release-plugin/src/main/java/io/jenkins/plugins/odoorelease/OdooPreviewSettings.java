package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.MaxAge;
import dev.odoorelease.engine.config.PreviewTemplate;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.nio.file.Path;
import java.time.Duration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A project's preview template (the YAML's {@code preview:} section): which branches and pull requests get a preview
 * environment, copied from which staging environment's scrubbed snapshots, where their data lives, the URL and port
 * range, limits, TTL and how many may be alive. Previews run on the agent's Docker engine. The engine checks it all
 * ({@link #template()}); this form only holds the values.
 */
public final class OdooPreviewSettings implements Describable<OdooPreviewSettings> {
    private String branches;
    private boolean changeRequests = true;
    private String source;
    private String data = "snapshot";
    private String demoModules;
    private String dataDir;
    private String namePattern = "preview-{branch}";
    private String url;
    private String ports;
    private String network;
    private String args;
    private String memory;
    private String cpus;
    private String ttl = "3d";
    private int maxAlive = 5;
    private int healthTimeoutSeconds = 120;

    @DataBoundConstructor
    public OdooPreviewSettings() {}

    /** Branch globs, separated by spaces or commas ({@code feature/*}). */
    public String getBranches() {
        return branches;
    }

    @DataBoundSetter
    public void setBranches(String branches) {
        this.branches = Util.fixEmptyAndTrim(branches);
    }

    public boolean isChangeRequests() {
        return changeRequests;
    }

    @DataBoundSetter
    public void setChangeRequests(boolean changeRequests) {
        this.changeRequests = changeRequests;
    }

    public String getSource() {
        return source;
    }

    @DataBoundSetter
    public void setSource(String source) {
        this.source = Util.fixEmptyAndTrim(source);
    }

    /** {@code snapshot} (the source's latest scrubbed snapshot) or {@code demo} (a new database with demo data). */
    public String getData() {
        return data;
    }

    @DataBoundSetter
    public void setData(String data) {
        String d = Util.fixEmptyAndTrim(data);
        this.data = d == null ? "snapshot" : d.toLowerCase(java.util.Locale.ROOT);
    }

    /** The modules a demo preview installs, separated by commas or spaces; empty: {@code base}. */
    public String getDemoModules() {
        return demoModules;
    }

    @DataBoundSetter
    public void setDemoModules(String demoModules) {
        this.demoModules = Util.fixEmptyAndTrim(demoModules);
    }

    public String getDataDir() {
        return dataDir;
    }

    @DataBoundSetter
    public void setDataDir(String dataDir) {
        this.dataDir = Util.fixEmptyAndTrim(dataDir);
    }

    public String getNamePattern() {
        return namePattern;
    }

    @DataBoundSetter
    public void setNamePattern(String namePattern) {
        String p = Util.fixEmptyAndTrim(namePattern);
        this.namePattern = p == null ? "preview-{branch}" : p;
    }

    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public String getPorts() {
        return ports;
    }

    @DataBoundSetter
    public void setPorts(String ports) {
        this.ports = Util.fixEmptyAndTrim(ports);
    }

    public String getNetwork() {
        return network;
    }

    @DataBoundSetter
    public void setNetwork(String network) {
        this.network = Util.fixEmptyAndTrim(network);
    }

    /** Extra Odoo options, separated by spaces ({@code --http-port={port}}). */
    public String getArgs() {
        return args;
    }

    @DataBoundSetter
    public void setArgs(String args) {
        this.args = Util.fixEmptyAndTrim(args);
    }

    public String getMemory() {
        return memory;
    }

    @DataBoundSetter
    public void setMemory(String memory) {
        this.memory = Util.fixEmptyAndTrim(memory);
    }

    public String getCpus() {
        return cpus;
    }

    @DataBoundSetter
    public void setCpus(String cpus) {
        this.cpus = Util.fixEmptyAndTrim(cpus);
    }

    /** How long a preview lives after its last update: {@code 36h}, {@code 3d}, {@code 2w}. */
    public String getTtl() {
        return ttl;
    }

    @DataBoundSetter
    public void setTtl(String ttl) {
        String t = Util.fixEmptyAndTrim(ttl);
        this.ttl = t == null ? "3d" : t;
    }

    public int getMaxAlive() {
        return maxAlive;
    }

    @DataBoundSetter
    public void setMaxAlive(int maxAlive) {
        this.maxAlive = maxAlive;
    }

    public int getHealthTimeoutSeconds() {
        return healthTimeoutSeconds;
    }

    @DataBoundSetter
    public void setHealthTimeoutSeconds(int healthTimeoutSeconds) {
        this.healthTimeoutSeconds = healthTimeoutSeconds;
    }

    /** The engine's template; the engine's configuration errors (clear, naming the value) when a value is not usable. */
    PreviewTemplate template() {
        PreviewTemplate.Builder b = PreviewTemplate.builder();
        Forms.words(branches).forEach(b::branch);
        Duration t = MaxAge.parse(ttl)
                .orElseThrow(() -> new IllegalArgumentException(Messages.OdooPreviewSettings_Ttl(ttl)));
        return b.changeRequests(changeRequests)
                .source(source)
                .data(PreviewTemplate.DataSource.parse(data))
                .demoModules(Forms.words(demoModules))
                .dataDir(dataDir == null ? null : Path.of(dataDir))
                .namePattern(namePattern)
                .url(url)
                .ports(ports)
                .network(network)
                .args(Forms.words(args))
                .memory(memory)
                .cpus(cpus)
                .ttl(t)
                .maxAlive(maxAlive)
                .healthTimeout(Duration.ofSeconds(healthTimeoutSeconds))
                .build();
    }

    @Extension
    @Symbol("odooPreviews")
    public static final class DescriptorImpl extends Descriptor<OdooPreviewSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooPreviewSettings_DisplayName();
        }

        @POST
        public FormValidation doCheckSource(@QueryParameter String value) {
            return Forms.required(value, Messages.OdooPreviewSettings_SourceRequired());
        }

        @POST
        public ListBoxModel doFillDataItems() {
            return Forms.choices("snapshot", "demo");
        }

        @POST
        public FormValidation doCheckDemoModules(@QueryParameter String value) {
            return Forms.check(value, null, v -> PreviewTemplate.builder().demoModules(Forms.words(v)));
        }

        @POST
        public FormValidation doCheckDataDir(@QueryParameter String value) {
            return Forms.check(value, Messages.OdooPreviewSettings_DataDirRequired(), Forms::absolutePath);
        }

        @POST
        public FormValidation doCheckTtl(@QueryParameter String value) {
            return Forms.check(value, null, v -> {
                if (MaxAge.parse(v).isEmpty()) {
                    throw new IllegalArgumentException(Messages.OdooPreviewSettings_Ttl(v));
                }
            });
        }

        @POST
        public FormValidation doCheckMaxAlive(@QueryParameter String value) {
            return Forms.between(value, 1, 500);
        }

        @POST
        public FormValidation doCheckHealthTimeoutSeconds(@QueryParameter String value) {
            return Forms.atLeast(value, 1);
        }
    }
}
