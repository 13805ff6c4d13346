package io.jenkins.plugins.odoorelease;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import dev.odoorelease.engine.config.DbTarget;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Where an environment's database lives and the PostgreSQL role Odoo connects as. The role's name and password come
 * from a username/password credential, looked up for the build that uses them; nothing secret is stored here.
 */
public final class OdooDatabaseSettings implements Describable<OdooDatabaseSettings> {
    public static final int DEFAULT_PORT = 5432;

    private final String name;
    private final String credentialsId;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String stateDatabase;

    @DataBoundConstructor
    public OdooDatabaseSettings(String name, String credentialsId) {
        this.name = Util.fixEmptyAndTrim(name);
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** The Odoo database, e.g. {@code prod}. */
    public String getName() {
        return name;
    }

    /** A username/password credential: the role Odoo connects as. */
    public String getCredentialsId() {
        return credentialsId;
    }

    public String getHost() {
        return host;
    }

    @DataBoundSetter
    public void setHost(String host) {
        String h = Util.fixEmptyAndTrim(host);
        this.host = h == null ? "127.0.0.1" : h;
    }

    public int getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(int port) {
        this.port = port;
    }

    /** This tool's catalog, history and locks; empty: {@code odoo_release_<role>} on the same server. */
    public String getStateDatabase() {
        return stateDatabase;
    }

    @DataBoundSetter
    public void setStateDatabase(String stateDatabase) {
        this.stateDatabase = Util.fixEmptyAndTrim(stateDatabase);
    }

    @Extension
    @Symbol("odooDatabase")
    public static final class DescriptorImpl extends Descriptor<OdooDatabaseSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooDatabaseSettings_DisplayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return Forms.check(value, Messages.OdooDatabaseSettings_NameRequired(), DbTarget::requireValidDatabaseName);
        }

        @POST
        public FormValidation doCheckHost(@QueryParameter String value) {
            return Forms.required(value, Messages.OdooDatabaseSettings_HostRequired());
        }

        @POST
        public FormValidation doCheckPort(@QueryParameter String value) {
            if (!Forms.mayConfigure()) {
                return FormValidation.ok();
            }
            return FormValidation.validateIntegerInRange(value, 1, 65535);
        }

        @POST
        public FormValidation doCheckStateDatabase(@QueryParameter String value) {
            return Forms.check(value, null, DbTarget::requireValidDatabaseName);
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String value) {
            if (!Forms.mayConfigure()) {
                return FormValidation.ok();
            }
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error(Messages.OdooDatabaseSettings_CredentialsRequired());
            }
            boolean known = CredentialsMatchers.firstOrNull(
                            CredentialsProvider.lookupCredentialsInItemGroup(
                                    StandardUsernamePasswordCredentials.class,
                                    Jenkins.get(),
                                    ACL.SYSTEM2,
                                    URIRequirementBuilder.create().build()),
                            CredentialsMatchers.withId(value))
                    != null;
            return known
                    ? FormValidation.ok()
                    : FormValidation.warning(Messages.OdooDatabaseSettings_CredentialsUnknown(value));
        }

        /** Username/password credentials of the global scope; the configuration page is for administrators. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (!Forms.mayConfigure()) {
                return result.includeCurrentValue(credentialsId);
            }
            return result.includeEmptyValue()
                    .includeMatchingAs(
                            ACL.SYSTEM2,
                            Jenkins.get(),
                            StandardUsernamePasswordCredentials.class,
                            URIRequirementBuilder.create().build(),
                            CredentialsMatchers.always())
                    .includeCurrentValue(credentialsId);
        }
    }
}
