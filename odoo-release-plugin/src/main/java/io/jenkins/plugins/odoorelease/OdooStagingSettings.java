package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.CarryOver;
import dev.odoorelease.engine.config.HealthSettings;
import dev.odoorelease.engine.config.MaxAge;
import dev.odoorelease.engine.config.StagingPolicy;
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

/**
 * How a clone into a staging or development environment is scrubbed (the engine's {@link StagingPolicy}): the
 * project's anonymization rules and neutralization SQL, the mail catcher that becomes the only outgoing mail server,
 * the crons allowed to stay active, and what a personal-looking column no rule covers does. Files are paths on the
 * agent (usually in the workspace's checkout).
 */
public final class OdooStagingSettings implements Describable<OdooStagingSettings> {
    private String url;
    private String anonymizationRules;
    private String neutralizationSql;
    private String mailCatcherHost;
    private int mailCatcherPort = 1025;
    private String cronAllowlist;
    private String piiPolicy = "fail";
    private String reportDir;
    private String carryOverUsers;
    private String carryOverConfigParameters;
    private String carryOverPaymentProviders;
    private String maxAge;

    @DataBoundConstructor
    public OdooStagingSettings() {}

    /** web.base.url of the copy; empty: the environment's URL. */
    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public String getAnonymizationRules() {
        return anonymizationRules;
    }

    @DataBoundSetter
    public void setAnonymizationRules(String anonymizationRules) {
        this.anonymizationRules = Util.fixEmptyAndTrim(anonymizationRules);
    }

    /** SQL files run after Odoo's own neutralization, one per line. */
    public String getNeutralizationSql() {
        return neutralizationSql;
    }

    @DataBoundSetter
    public void setNeutralizationSql(String neutralizationSql) {
        this.neutralizationSql = Util.fixEmptyAndTrim(neutralizationSql);
    }

    public String getMailCatcherHost() {
        return mailCatcherHost;
    }

    @DataBoundSetter
    public void setMailCatcherHost(String mailCatcherHost) {
        this.mailCatcherHost = Util.fixEmptyAndTrim(mailCatcherHost);
    }

    public int getMailCatcherPort() {
        return mailCatcherPort;
    }

    @DataBoundSetter
    public void setMailCatcherPort(int mailCatcherPort) {
        this.mailCatcherPort = mailCatcherPort;
    }

    /** Crons ({@code module.xmlid}) that stay active, one per line; Odoo's autovacuum always does. */
    public String getCronAllowlist() {
        return cronAllowlist;
    }

    @DataBoundSetter
    public void setCronAllowlist(String cronAllowlist) {
        this.cronAllowlist = Util.fixEmptyAndTrim(cronAllowlist);
    }

    /** {@code fail} or {@code warn}: what a personal-looking column that no rule covers does. */
    public String getPiiPolicy() {
        return piiPolicy;
    }

    @DataBoundSetter
    public void setPiiPolicy(String piiPolicy) {
        String p = Util.fixEmptyAndTrim(piiPolicy);
        this.piiPolicy = p == null ? "fail" : p.toLowerCase(Locale.ROOT);
    }

    /** Where the differences report is written on the agent; empty: the environment's work folder. */
    public String getReportDir() {
        return reportDir;
    }

    @DataBoundSetter
    public void setReportDir(String reportDir) {
        this.reportDir = Util.fixEmptyAndTrim(reportDir);
    }

    /** Logins of staging-only users a refresh keeps (password, active flag, groups), one per line. */
    public String getCarryOverUsers() {
        return carryOverUsers;
    }

    @DataBoundSetter
    public void setCarryOverUsers(String carryOverUsers) {
        this.carryOverUsers = Util.fixEmptyAndTrim(carryOverUsers);
    }

    /** Keys of system parameters a refresh keeps, one per line. */
    public String getCarryOverConfigParameters() {
        return carryOverConfigParameters;
    }

    @DataBoundSetter
    public void setCarryOverConfigParameters(String carryOverConfigParameters) {
        this.carryOverConfigParameters = Util.fixEmptyAndTrim(carryOverConfigParameters);
    }

    /** Codes of payment providers whose state and (sandbox) credentials a refresh keeps, one per line. */
    public String getCarryOverPaymentProviders() {
        return carryOverPaymentProviders;
    }

    @DataBoundSetter
    public void setCarryOverPaymentProviders(String carryOverPaymentProviders) {
        this.carryOverPaymentProviders = Util.fixEmptyAndTrim(carryOverPaymentProviders);
    }

    /** How old the environment's last refresh may be ({@code 30d}, {@code 36h}, {@code 2w}); empty: no limit. */
    public String getMaxAge() {
        return maxAge;
    }

    @DataBoundSetter
    public void setMaxAge(String maxAge) {
        this.maxAge = Util.fixEmptyAndTrim(maxAge);
    }

    /** The engine's maxAge, or null; a value that is not an age (1h to 3650d) is refused with how to write it. */
    java.time.Duration maxAgeDuration() {
        return maxAge == null ? null : maxAge(maxAge);
    }

    static java.time.Duration maxAge(String value) {
        java.time.Duration d = MaxAge.parse(value).orElse(null);
        if (d == null || d.compareTo(java.time.Duration.ofHours(1)) < 0 || d.compareTo(MaxAge.MAX) > 0) {
            throw new IllegalArgumentException(Messages.OdooStagingSettings_MaxAge(value));
        }
        return d;
    }

    /**
     * The engine's policy. {@code rulesOverride}, when given, replaces the anonymization rules file (a step's inline
     * parameter).
     */
    StagingPolicy toEngine(String environmentUrl, String rulesOverride) {
        StagingPolicy.Builder b =
                StagingPolicy.builder(url != null ? url : environmentUrl).piiPolicy(piiPolicy(piiPolicy));
        String rules = rulesOverride != null ? rulesOverride : anonymizationRules;
        if (rules != null) {
            b.anonymizationRules(Path.of(rules));
        }
        Forms.lines(neutralizationSql).forEach(f -> b.neutralizationSql(Path.of(f)));
        Forms.lines(cronAllowlist).forEach(b::allowCron);
        if (mailCatcherHost != null) {
            b.mailCatcher(mailCatcherHost, mailCatcherPort);
        }
        if (reportDir != null) {
            b.reportDir(Path.of(reportDir));
        }
        Forms.lines(carryOverUsers).forEach(l -> b.carryOver(CarryOver.user(l)));
        Forms.lines(carryOverConfigParameters).forEach(l -> b.carryOver(CarryOver.configParameter(l)));
        Forms.lines(carryOverPaymentProviders).forEach(l -> b.carryOver(CarryOver.paymentProvider(l)));
        return b.build();
    }

    static StagingPolicy.PiiPolicy piiPolicy(String value) {
        try {
            return StagingPolicy.PiiPolicy.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.OdooStagingSettings_PiiPolicy(value), e);
        }
    }

    @Extension
    @Symbol("odooStaging")
    public static final class DescriptorImpl extends Descriptor<OdooStagingSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooStagingSettings_DisplayName();
        }

        @POST
        public ListBoxModel doFillPiiPolicyItems() {
            return Forms.choices("fail", "warn");
        }

        @POST
        public FormValidation doCheckPiiPolicy(@QueryParameter String value) {
            return Forms.check(value, null, OdooStagingSettings::piiPolicy);
        }

        @POST
        public FormValidation doCheckUrl(@QueryParameter String value) {
            return Forms.check(value, null, v -> HealthSettings.forUrl(v).build());
        }

        @POST
        public FormValidation doCheckAnonymizationRules(@QueryParameter String value) {
            return Forms.check(value, null, Forms::absolutePath);
        }

        @POST
        public FormValidation doCheckNeutralizationSql(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(Forms::absolutePath));
        }

        @POST
        public FormValidation doCheckCarryOverUsers(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(CarryOver::user));
        }

        @POST
        public FormValidation doCheckCarryOverConfigParameters(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(CarryOver::configParameter));
        }

        @POST
        public FormValidation doCheckCarryOverPaymentProviders(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(CarryOver::paymentProvider));
        }

        public FormValidation doCheckMaxAge(@QueryParameter String value) {
            return Forms.check(value, null, OdooStagingSettings::maxAge);
        }

        @POST
        public FormValidation doCheckReportDir(@QueryParameter String value) {
            return Forms.check(value, null, Forms::absolutePath);
        }

        @POST
        public FormValidation doCheckCronAllowlist(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(v -> {
                if (!v.matches("[a-z0-9_]+\\.[A-Za-z0-9_]+")) {
                    throw new IllegalArgumentException(Messages.OdooStagingSettings_Cron(v));
                }
            }));
        }

        @POST
        public FormValidation doCheckMailCatcherHost(@QueryParameter String value) {
            return Forms.check(value, null, v -> {
                if (v.contains(" ") || v.contains(":") && !v.startsWith("[")) {
                    throw new IllegalArgumentException(Messages.OdooStagingSettings_MailCatcherHost(v));
                }
            });
        }

        @POST
        public FormValidation doCheckMailCatcherPort(@QueryParameter String value) {
            if (!Forms.mayConfigure()) {
                return FormValidation.ok();
            }
            return FormValidation.validateIntegerInRange(value, 1, 65535);
        }
    }
}
