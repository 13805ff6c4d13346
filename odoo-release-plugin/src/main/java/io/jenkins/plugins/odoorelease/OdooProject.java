package io.jenkins.plugins.odoorelease;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * An Odoo project and its environments in promotion order (development → staging → production): the Jenkins form of
 * the engine's {@code ReleaseConfig}, the same model the CLI reads from {@code odoo-release.yml}.
 */
public final class OdooProject implements Describable<OdooProject> {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String name;
    private String addonsPaths;
    private List<OdooEnvironmentDefinition> environments = new ArrayList<>();
    private OdooPreviewSettings preview;

    @DataBoundConstructor
    public OdooProject(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return name;
    }

    /** Addons folders inside the repository, comma-separated; empty: the repository's root. */
    public String getAddonsPaths() {
        return addonsPaths;
    }

    @DataBoundSetter
    public void setAddonsPaths(String addonsPaths) {
        this.addonsPaths = Util.fixEmptyAndTrim(addonsPaths);
    }

    public List<OdooEnvironmentDefinition> getEnvironments() {
        return Collections.unmodifiableList(environments);
    }

    @DataBoundSetter
    public void setEnvironments(List<OdooEnvironmentDefinition> environments) {
        this.environments = environments == null ? new ArrayList<>() : new ArrayList<>(environments);
    }

    /** The preview template, or null: no previews. */
    public OdooPreviewSettings getPreview() {
        return preview;
    }

    @DataBoundSetter
    public void setPreview(OdooPreviewSettings preview) {
        this.preview = preview;
    }

    /** The engine's preview template, or null when previews are not configured. */
    dev.odoorelease.engine.config.PreviewTemplate previewTemplate() {
        return preview == null ? null : preview.template();
    }

    public Optional<OdooEnvironmentDefinition> environment(String environmentName) {
        return environments.stream()
                .filter(e -> e.getName() != null && e.getName().equals(environmentName))
                .findFirst();
    }

    /** XStream leaves a list that was empty when saved as null. */
    private Object readResolve() {
        if (environments == null) {
            environments = new ArrayList<>();
        }
        return this;
    }

    /** An addons folder is a path inside the repository. */
    static void checkAddonsPath(String path) {
        if (path.startsWith("/") || path.equals("..") || path.startsWith("../") || path.contains("/../")) {
            throw new IllegalArgumentException(Messages.OdooProject_AddonsPath(path));
        }
    }

    @Extension
    @Symbol("odooProject")
    public static final class DescriptorImpl extends Descriptor<OdooProject> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooProject_DisplayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return Forms.check(value, Messages.OdooProject_NameRequired(), v -> {
                if (!NAME.matcher(v).matches()) {
                    throw new IllegalArgumentException(Messages.OdooProject_NameInvalid(v));
                }
            });
        }

        @POST
        public FormValidation doCheckAddonsPaths(@QueryParameter String value) {
            return Forms.check(value, null, v -> Forms.words(v).forEach(OdooProject::checkAddonsPath));
        }
    }
}
