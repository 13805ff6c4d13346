package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.HealthSettings;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * How an environment's health is checked after a deploy and by {@code odooHealthCheck}: how long to wait, how often
 * and how strictly, and which further URLs must answer. The URL defaults to the environment's, the database to the
 * environment's database.
 */
public final class OdooHealthSettings implements Describable<OdooHealthSettings> {
    private String url;
    private int timeoutSeconds = (int) HealthSettings.DEFAULT_TIMEOUT.toSeconds();
    private int pollIntervalSeconds = (int) HealthSettings.DEFAULT_POLL_INTERVAL.toSeconds();
    private int probeTimeoutSeconds = (int) HealthSettings.DEFAULT_PROBE_TIMEOUT.toSeconds();
    private int consecutivePasses = 1;
    private String expectedSeries;
    private boolean requireLogLines = true;
    private List<OdooUrlCheck> urls = new ArrayList<>();

    @DataBoundConstructor
    public OdooHealthSettings() {}

    /** Where to probe when it is not the environment's URL (e.g. the container's address as seen from the agent). */
    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    @DataBoundSetter
    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    public int getPollIntervalSeconds() {
        return pollIntervalSeconds;
    }

    @DataBoundSetter
    public void setPollIntervalSeconds(int pollIntervalSeconds) {
        this.pollIntervalSeconds = pollIntervalSeconds;
    }

    public int getProbeTimeoutSeconds() {
        return probeTimeoutSeconds;
    }

    @DataBoundSetter
    public void setProbeTimeoutSeconds(int probeTimeoutSeconds) {
        this.probeTimeoutSeconds = probeTimeoutSeconds;
    }

    public int getConsecutivePasses() {
        return consecutivePasses;
    }

    @DataBoundSetter
    public void setConsecutivePasses(int consecutivePasses) {
        this.consecutivePasses = consecutivePasses;
    }

    /** The Odoo series the server must report ({@code 17.0}); empty: any. */
    public String getExpectedSeries() {
        return expectedSeries;
    }

    @DataBoundSetter
    public void setExpectedSeries(String expectedSeries) {
        this.expectedSeries = Util.fixEmptyAndTrim(expectedSeries);
    }

    public boolean isRequireLogLines() {
        return requireLogLines;
    }

    @DataBoundSetter
    public void setRequireLogLines(boolean requireLogLines) {
        this.requireLogLines = requireLogLines;
    }

    /** Further URLs that must answer as expected, probed after the built-in probes. */
    public List<OdooUrlCheck> getUrls() {
        return Collections.unmodifiableList(urls);
    }

    @DataBoundSetter
    public void setUrls(List<OdooUrlCheck> urls) {
        this.urls = urls == null ? new ArrayList<>() : new ArrayList<>(urls);
    }

    /** A configuration saved before URL checks existed, or with none, has no list in its XML. */
    private Object readResolve() {
        if (urls == null) {
            urls = new ArrayList<>();
        }
        return this;
    }

    /** The engine's settings for {@code url} (this one's, else the environment's) and the environment's database. */
    HealthSettings.Builder toEngine(String environmentUrl, String database) {
        HealthSettings.Builder b = HealthSettings.forUrl(url != null ? url : environmentUrl)
                .database(database)
                .expectedSeries(expectedSeries)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .pollInterval(Duration.ofSeconds(pollIntervalSeconds))
                .probeTimeout(Duration.ofSeconds(probeTimeoutSeconds))
                .consecutivePasses(consecutivePasses)
                .requireLogLines(requireLogLines);
        urls.forEach(u -> b.urlCheck(u.toEngine()));
        return b;
    }

    @Extension
    @Symbol("odooHealth")
    public static final class DescriptorImpl extends Descriptor<OdooHealthSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooHealthSettings_DisplayName();
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            return Forms.check(value, null, v -> HealthSettings.forUrl(v).build());
        }

        @POST
        public FormValidation doCheckExpectedSeries(@QueryParameter String value) {
            return Forms.check(value, null, v -> {
                if (!v.matches("(saas~)?[0-9]+\\.[0-9]+")) {
                    throw new IllegalArgumentException(Messages.OdooHealthSettings_Series(v));
                }
            });
        }

        @POST
        public FormValidation doCheckTimeoutSeconds(@QueryParameter String value) {
            return Forms.atLeast(value, 1);
        }

        @POST
        public FormValidation doCheckPollIntervalSeconds(@QueryParameter String value) {
            return Forms.atLeast(value, 1);
        }

        @POST
        public FormValidation doCheckProbeTimeoutSeconds(@QueryParameter String value) {
            return Forms.atLeast(value, 1);
        }

        @POST
        public FormValidation doCheckConsecutivePasses(@QueryParameter String value) {
            return Forms.atLeast(value, 1);
        }
    }
}
