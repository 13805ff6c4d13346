package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.UpdateMode;
import hudson.EnvVars;
import hudson.Util;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that runs an image with a module update ({@code odooDeploy}, {@code odooRehearse}, {@code odooPreview}): the
 * image, which modules to update, and the commit the image was built from. Its form checks are
 * {@link ImageUpdateDescriptor}'s.
 */
public abstract class ImageUpdateStep extends OdooStep {
    final String image;
    String update = "changed";
    String commit;

    protected ImageUpdateStep(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public String getImage() {
        return image;
    }

    /**
     * {@code changed} (default: as the deploy will, from the workspace's checkout), {@code all}, {@code none}, or
     * module names separated by commas; checked when the step is configured, so a bad value fails before anything.
     */
    public String getUpdate() {
        return update;
    }

    @DataBoundSetter
    public void setUpdate(String update) {
        String u = Util.fixEmptyAndTrim(update);
        this.update = u == null ? "changed" : u;
        UpdateMode.parse(this.update);
    }

    /**
     * The commit the image was built from; empty: the build's {@code GIT_COMMIT}, else (a scripted {@code checkout
     * scm} sets none) the engine reads the {@code HEAD} of the checkout in the workspace, on the agent.
     */
    public String getCommit() {
        return commit;
    }

    @DataBoundSetter
    public void setCommit(String commit) {
        this.commit = Util.fixEmptyAndTrim(commit);
    }

    /** The commit given, else the build's {@code GIT_COMMIT}; null: the engine reads the workspace's checkout. */
    String commitOr(EnvVars vars) {
        return commit != null ? commit : Util.fixEmptyAndTrim(vars.get("GIT_COMMIT"));
    }
}
