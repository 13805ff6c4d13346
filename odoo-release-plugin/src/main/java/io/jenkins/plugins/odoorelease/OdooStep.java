package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.UpdateMode;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ComboBoxModel;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What every Odoo step shares: the project it works on ({@code project:}, else the {@code ODOO_RELEASE_PROJECT}
 * variable, else the only configured project), and the branch the build is of, for the production guard.
 */
public abstract class OdooStep extends Step {
    private String project;

    public String getProject() {
        return project;
    }

    @DataBoundSetter
    public void setProject(String project) {
        this.project = Util.fixEmptyAndTrim(project);
    }

    /** A number of seconds where 0 means "the configured value": refuses a negative one. */
    static int secondsOrConfigured(int seconds, String argument) {
        if (seconds < 0) {
            throw new IllegalArgumentException(Messages.OdooStep_NegativeSeconds(argument, seconds));
        }
        return seconds;
    }

    /**
     * The branch a build is of: {@code BRANCH_NAME} (multibranch projects; {@code PR-12} for a pull request), else
     * the git plugin's {@code GIT_BRANCH} without its remote; null when the build cannot tell.
     */
    static String branch(EnvVars vars) {
        String b = Util.fixEmptyAndTrim(vars.get("BRANCH_NAME"));
        if (b != null) {
            return b;
        }
        String git = Util.fixEmptyAndTrim(vars.get("GIT_BRANCH"));
        if (git == null) {
            return null;
        }
        if (git.startsWith("refs/heads/")) {
            return git.substring("refs/heads/".length());
        }
        int slash = git.indexOf('/');
        return slash > 0 && git.startsWith("origin/") ? git.substring(slash + 1) : git;
    }

    /** Descriptor of the Odoo steps: they run on an agent, and their project and environment fields offer names. */
    public abstract static class OdooStepDescriptor extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, Launcher.class, TaskListener.class, Run.class, EnvVars.class);
        }

        @POST
        public ComboBoxModel doFillProjectItems(@AncestorInPath Item item) {
            ComboBoxModel m = new ComboBoxModel();
            if (mayRead(item)) {
                OdooReleaseConfiguration.get().getProjects().forEach(p -> m.add(p.getName()));
            }
            return m;
        }

        @POST
        public ComboBoxModel doFillEnvironmentItems(@AncestorInPath Item item, @QueryParameter String project) {
            return environmentNames(item, project);
        }

        @POST
        public FormValidation doCheckProject(@AncestorInPath Item item, @QueryParameter String value) {
            String p = Util.fixEmptyAndTrim(value);
            if (!mayRead(item) || p == null || p.startsWith("$")) {
                return FormValidation.ok();
            }
            boolean known =
                    OdooReleaseConfiguration.get().getProjects().stream().anyMatch(x -> p.equals(x.getName()));
            return known ? FormValidation.ok() : FormValidation.warning(Messages.OdooStep_UnknownProject(p));
        }

        @POST
        public FormValidation doCheckEnvironment(@AncestorInPath Item item, @QueryParameter String value) {
            return required(item, value, Messages.OdooStep_EnvironmentRequired());
        }

        /** A mandatory step field must not be blank (checked for whoever configures the job). */
        static FormValidation required(Item item, String value, String message) {
            return mayRead(item) && Util.fixEmptyAndTrim(value) == null
                    ? FormValidation.error(message)
                    : FormValidation.ok();
        }

        /** The environments of the chosen project (or of all projects, when none is chosen). */
        static ComboBoxModel environmentNames(Item item, String project) {
            ComboBoxModel m = new ComboBoxModel();
            if (mayRead(item)) {
                String p = Util.fixEmptyAndTrim(project);
                OdooReleaseConfiguration.get().getProjects().stream()
                        .filter(x -> p == null || p.equals(x.getName()))
                        .flatMap(x -> x.getEnvironments().stream())
                        .map(OdooEnvironmentDefinition::getName)
                        .distinct()
                        .forEach(m::add);
            }
            return m;
        }

        /** A fixed list of {@code value, label} pairs, for whoever configures the job. */
        static ListBoxModel options(Item item, String... valuesAndLabels) {
            ListBoxModel m = new ListBoxModel();
            if (mayRead(item)) {
                for (int i = 0; i + 1 < valuesAndLabels.length; i += 2) {
                    m.add(valuesAndLabels[i + 1], valuesAndLabels[i]);
                }
            }
            return m;
        }

        /** Who configures the job (or, in the Snippet Generator outside a job, an administrator) sees the names. */
        static boolean mayRead(Item item) {
            return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
        }
    }

    /**
     * Descriptor of the steps that run an image with a module update ({@code odooDeploy}, {@code odooRehearse},
     * {@code odooPreview}): the image is mandatory, and the update is {@code changed}, {@code all}, {@code none} or
     * module names, checked as the engine parses it.
     */
    public abstract static class ImageUpdateDescriptor extends OdooStepDescriptor {
        /** What to say when the image is blank, naming what the step does with it. */
        protected abstract String imageRequired();

        @POST
        public FormValidation doCheckImage(@AncestorInPath Item item, @QueryParameter String value) {
            return required(item, value, imageRequired());
        }

        @POST
        public FormValidation doCheckUpdate(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayRead(item)) {
                return FormValidation.ok();
            }
            try {
                UpdateMode.parse(value);
                return FormValidation.ok();
            } catch (RuntimeException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }

    /**
     * Descriptor of the steps that go from one environment to another ({@code odooStageClone}, {@code odooRefresh},
     * {@code odooDrift}): their {@code source} and {@code target} fields offer the environments' names, the target is
     * mandatory, and the copies' {@code from} field offers the same two choices.
     */
    public abstract static class SourceTargetDescriptor extends OdooStepDescriptor {
        @POST
        public ComboBoxModel doFillSourceItems(@AncestorInPath Item item, @QueryParameter String project) {
            return environmentNames(item, project);
        }

        @POST
        public ComboBoxModel doFillTargetItems(@AncestorInPath Item item, @QueryParameter String project) {
            return environmentNames(item, project);
        }

        @POST
        public FormValidation doCheckTarget(@AncestorInPath Item item, @QueryParameter String value) {
            return required(item, value, Messages.OdooStep_EnvironmentRequired());
        }

        /** The {@code from} choices of a copy: production's latest snapshot, or its live database. */
        static ListBoxModel fromOptions(Item item) {
            return options(
                    item,
                    "latest",
                    Messages.OdooStageCloneStep_FromLatest(),
                    "live",
                    Messages.OdooStageCloneStep_FromLive());
        }
    }
}
