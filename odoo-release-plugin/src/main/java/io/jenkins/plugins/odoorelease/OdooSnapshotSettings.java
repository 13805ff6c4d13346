package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.Environment;
import dev.odoorelease.engine.config.SnapshotKind;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.nio.file.Path;
import java.util.Locale;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** How an environment is snapshotted: kind, store (for dumps), retention and tolerated missing attachment files. */
public final class OdooSnapshotSettings implements Describable<OdooSnapshotSettings> {
    public static final int DEFAULT_KEEP = 5;

    private String kind = SnapshotKind.TEMPLATE.id();
    private String store;
    private int keep = DEFAULT_KEEP;
    private int maxMissingFiles;

    @DataBoundConstructor
    public OdooSnapshotSettings() {}

    /** {@code template} (server-side copy, Odoo stopped) or {@code dump} (online pg_dump). */
    public String getKind() {
        return kind;
    }

    @DataBoundSetter
    public void setKind(String kind) {
        String k = Util.fixEmptyAndTrim(kind);
        this.kind = k == null ? SnapshotKind.TEMPLATE.id() : k.toLowerCase(Locale.ROOT);
    }

    /** Folder for dump snapshots on the agent; empty: {@code <dataDir>/.odoo-release/store}. */
    public String getStore() {
        return store;
    }

    @DataBoundSetter
    public void setStore(String store) {
        this.store = Util.fixEmptyAndTrim(store);
    }

    public int getKeep() {
        return keep;
    }

    @DataBoundSetter
    public void setKeep(int keep) {
        this.keep = keep;
    }

    public int getMaxMissingFiles() {
        return maxMissingFiles;
    }

    @DataBoundSetter
    public void setMaxMissingFiles(int maxMissingFiles) {
        this.maxMissingFiles = maxMissingFiles;
    }

    void applyTo(Environment.Builder b) {
        b.snapshotKind(SnapshotKind.parse(kind)).keepSnapshots(keep).maxMissingFiles(maxMissingFiles);
        if (store != null) {
            b.snapshotStore(Path.of(store));
        }
    }

    @Extension
    @Symbol("odooSnapshots")
    public static final class DescriptorImpl extends Descriptor<OdooSnapshotSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooSnapshotSettings_DisplayName();
        }

        @POST
        public ListBoxModel doFillKindItems() {
            return Forms.choices(SnapshotKind.TEMPLATE.id(), SnapshotKind.DUMP.id());
        }

        @POST
        public FormValidation doCheckKind(@QueryParameter String value) {
            return Forms.check(value, null, SnapshotKind::parse);
        }

        @POST
        public FormValidation doCheckStore(@QueryParameter String value) {
            return Forms.check(value, null, Forms::absolutePath);
        }

        @POST
        public FormValidation doCheckKeep(@QueryParameter String value) {
            return Forms.atLeast(value, 1);
        }

        @POST
        public FormValidation doCheckMaxMissingFiles(@QueryParameter String value) {
            return Forms.atLeast(value, 0);
        }
    }
}
