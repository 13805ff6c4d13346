package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.HealthSettings;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A further URL of the environment's Odoo that must answer as expected for it to be healthy (the engine's
 * {@link HealthSettings.UrlCheck}): a path relative to the health check's URL, the HTTP status and, optionally, a text
 * the body must contain. Probed with {@code GET}, after the built-in probes, without following redirects. The same
 * keys as {@code health.urls} of the CLI's {@code odoo-release.yml}: {@code path}, {@code status}, {@code text}.
 */
public final class OdooUrlCheck implements Describable<OdooUrlCheck> {
    public static final int DEFAULT_STATUS = 200;

    private final String path;
    private int status = DEFAULT_STATUS;
    private String text;

    @DataBoundConstructor
    public OdooUrlCheck(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    /** Relative to the health check's URL, with an optional query: {@code web/health}, {@code shop?category=1}. */
    public String getPath() {
        return path;
    }

    /** The HTTP status it must answer, 200 by default. */
    public int getStatus() {
        return status;
    }

    @DataBoundSetter
    public void setStatus(int status) {
        this.status = status;
    }

    /** Text the body must contain; empty: any body. */
    public String getText() {
        return text;
    }

    @DataBoundSetter
    public void setText(String text) {
        this.text = Util.fixEmpty(text);
    }

    /** The engine's check; its constructor applies the engine's rules (relative path, status 100-599). */
    HealthSettings.UrlCheck toEngine() {
        return new HealthSettings.UrlCheck(path, status, text);
    }

    @Extension
    @Symbol("odooUrlCheck")
    public static final class DescriptorImpl extends Descriptor<OdooUrlCheck> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooUrlCheck_DisplayName();
        }

        @POST
        public FormValidation doCheckPath(@QueryParameter String value) {
            return Forms.check(
                    value,
                    Messages.OdooUrlCheck_PathRequired(),
                    v -> new HealthSettings.UrlCheck(v, DEFAULT_STATUS, null));
        }

        @POST
        public FormValidation doCheckStatus(@QueryParameter String value) {
            return Forms.between(value, 100, 599);
        }
    }
}
