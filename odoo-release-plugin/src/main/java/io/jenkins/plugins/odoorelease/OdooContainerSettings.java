package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.OdooContainer;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * How an environment's Odoo container runs (the engine's {@link OdooContainer}): its name, network, published ports,
 * extra Odoo options, environment and volumes. Database settings reach the container from the environment's
 * database credential through an env-file, never from here.
 */
public final class OdooContainerSettings implements Describable<OdooContainerSettings> {
    public static final int DEFAULT_STOP_GRACE = 30;
    private static final Pattern PORT =
            Pattern.compile("(\\[?[0-9a-fA-F.:]+\\]?:)?([0-9]+(-[0-9]+)?:)?[0-9]+(-[0-9]+)?(/(tcp|udp|sctp))?");
    private static final Pattern NETWORK = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** Variable names that say they hold a secret: refused, the configuration would keep it in clear. */
    private static final Pattern SECRET_NAME = Pattern.compile("(?i)PASS|SECRET|TOKEN|API_?KEY|PRIVATE");

    private final String name;
    private String network;
    private String ports;
    private String args;
    private String env;
    private String volumes;
    private int stopGraceSeconds = DEFAULT_STOP_GRACE;

    @DataBoundConstructor
    public OdooContainerSettings(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return name;
    }

    public String getNetwork() {
        return network;
    }

    @DataBoundSetter
    public void setNetwork(String network) {
        this.network = Util.fixEmptyAndTrim(network);
    }

    /** Published ports, one per line ({@code 8069:8069}). */
    public String getPorts() {
        return ports;
    }

    @DataBoundSetter
    public void setPorts(String ports) {
        this.ports = Util.fixEmptyAndTrim(ports);
    }

    /** Extra Odoo options, one per line ({@code --workers=4}). */
    public String getArgs() {
        return args;
    }

    @DataBoundSetter
    public void setArgs(String args) {
        this.args = Util.fixEmptyAndTrim(args);
    }

    /** Extra environment variables, {@code NAME=value} per line; never secrets (they would be stored in clear). */
    public String getEnv() {
        return env;
    }

    @DataBoundSetter
    public void setEnv(String env) {
        this.env = Util.fixEmptyAndTrim(env);
    }

    /** Extra volumes, one per line ({@code /srv/addons:/mnt/extra-addons:ro}). */
    public String getVolumes() {
        return volumes;
    }

    @DataBoundSetter
    public void setVolumes(String volumes) {
        this.volumes = Util.fixEmptyAndTrim(volumes);
    }

    public int getStopGraceSeconds() {
        return stopGraceSeconds;
    }

    @DataBoundSetter
    public void setStopGraceSeconds(int stopGraceSeconds) {
        this.stopGraceSeconds = stopGraceSeconds;
    }

    /** The engine's container settings; {@code url} is the environment's. */
    OdooContainer toEngine(String url) {
        return new OdooContainer(
                name,
                network,
                Forms.lines(ports),
                Forms.lines(args),
                envMap(env),
                Forms.lines(volumes),
                url,
                Duration.ofSeconds(Math.max(0, stopGraceSeconds)));
    }

    /** One extra Odoo option of a line of the args field: it starts with {@code -}. */
    static void odooOption(String line) {
        if (!line.startsWith("-")) {
            throw new IllegalArgumentException(Messages.OdooContainerSettings_Arg(line));
        }
    }

    static Map<String, String> envMap(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Forms.lines(text)) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(Messages.OdooContainerSettings_EnvLine(line));
            }
            String name = line.substring(0, eq).strip();
            if (SECRET_NAME.matcher(name).find()) {
                throw new IllegalArgumentException(Messages.OdooContainerSettings_EnvSecret(name));
            }
            m.put(name, line.substring(eq + 1));
        }
        return m;
    }

    /**
     * The form checks both ways of running Odoo share (a container, {@link OdooContainerSettings}; a swarm service,
     * {@link OdooSwarmSettings}): extra Odoo options, extra environment (never a secret), stop grace period.
     */
    public abstract static class OdooProcessDescriptor<T extends Describable<T>> extends Descriptor<T> {
        @POST
        public FormValidation doCheckArgs(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(OdooContainerSettings::odooOption));
        }

        @POST
        public FormValidation doCheckEnv(@QueryParameter String value) {
            return Forms.check(value, null, OdooContainerSettings::envMap);
        }

        @POST
        public FormValidation doCheckStopGraceSeconds(@QueryParameter String value) {
            return Forms.atLeast(value, 0);
        }
    }

    @Extension
    @Symbol("odooContainer")
    public static final class DescriptorImpl extends OdooProcessDescriptor<OdooContainerSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooContainerSettings_DisplayName();
        }

        @POST
        public FormValidation doCheckName(@QueryParameter String value) {
            return Forms.required(value, Messages.OdooContainerSettings_NameRequired());
        }

        @POST
        public FormValidation doCheckNetwork(@QueryParameter String value) {
            return Forms.check(value, null, v -> {
                if (!NETWORK.matcher(v).matches()) {
                    throw new IllegalArgumentException(Messages.OdooContainerSettings_Network(v));
                }
            });
        }

        @POST
        public FormValidation doCheckPorts(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(v -> {
                if (!PORT.matcher(v).matches()) {
                    throw new IllegalArgumentException(Messages.OdooContainerSettings_Port(v));
                }
            }));
        }

        @POST
        public FormValidation doCheckVolumes(@QueryParameter String value) {
            return Forms.check(value, null, Forms.eachLine(v -> {
                if (v.indexOf(':') <= 0) {
                    throw new IllegalArgumentException(Messages.OdooContainerSettings_Volume(v));
                }
            }));
        }
    }
}
