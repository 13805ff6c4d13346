package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.SwarmLoadBalancer;
import dev.odoorelease.engine.config.SwarmRuntime;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.time.Duration;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * An environment whose Odoo runs as a Docker Swarm service (the engine's {@link SwarmRuntime}, {@code runtime: swarm}
 * in the CLI's configuration): several instances behind a load balancer, a cron instance, a shared data directory.
 * The agent's Docker engine (or the environment's Docker server) must be a manager of the swarm. The load balancer is
 * HAProxy run by odoo-release on {@code loadBalancerPort}, or, when {@code externalLoadBalancer} is given, the user's
 * own, which odoo-release never touches. The engine checks every value when the configuration is saved.
 */
public final class OdooSwarmSettings implements Describable<OdooSwarmSettings> {
    public static final int DEFAULT_INSTANCES = 2;
    public static final int DEFAULT_RETRY_AFTER = 30;

    private final String service;
    private int instances = DEFAULT_INSTANCES;
    private String networks;
    private String dataMount;
    private boolean cron = true;
    private String endpointMode = "vip";
    private String args;
    private String env;
    private int stopGraceSeconds = OdooContainerSettings.DEFAULT_STOP_GRACE;
    private int loadBalancerPort;
    private String externalLoadBalancer;
    private String loadBalancerImage;
    private String loadBalancerBaseImage;
    private int retryAfterSeconds = DEFAULT_RETRY_AFTER;

    @DataBoundConstructor
    public OdooSwarmSettings(String service) {
        this.service = Util.fixEmptyAndTrim(service);
    }

    /** The service of the instances that serve users (also the prefix of the cron and load balancer services). */
    public String getService() {
        return service;
    }

    public int getInstances() {
        return instances;
    }

    @DataBoundSetter
    public void setInstances(int instances) {
        this.instances = instances;
    }

    /** The overlay networks the instances and the load balancer join, one per line. */
    public String getNetworks() {
        return networks;
    }

    @DataBoundSetter
    public void setNetworks(String networks) {
        this.networks = Util.fixEmptyAndTrim(networks);
    }

    /** A {@code --mount} specification for {@code /var/lib/odoo}; empty: the environment's data directory. */
    public String getDataMount() {
        return dataMount;
    }

    @DataBoundSetter
    public void setDataMount(String dataMount) {
        this.dataMount = Util.fixEmptyAndTrim(dataMount);
    }

    /** Whether one more instance, in the service {@code <service>-cron}, runs the scheduled actions. */
    public boolean isCron() {
        return cron;
    }

    @DataBoundSetter
    public void setCron(boolean cron) {
        this.cron = cron;
    }

    /** {@code vip} (a cluster with IPVS) or {@code dnsrr}. */
    public String getEndpointMode() {
        return endpointMode;
    }

    @DataBoundSetter
    public void setEndpointMode(String endpointMode) {
        String m = Util.fixEmptyAndTrim(endpointMode);
        this.endpointMode = m == null ? "vip" : m;
    }

    /** Extra Odoo options of every instance, one per line. */
    public String getArgs() {
        return args;
    }

    @DataBoundSetter
    public void setArgs(String args) {
        this.args = Util.fixEmptyAndTrim(args);
    }

    /** Extra public environment of every instance, {@code NAME=value} per line; never secrets. */
    public String getEnv() {
        return env;
    }

    @DataBoundSetter
    public void setEnv(String env) {
        this.env = Util.fixEmptyAndTrim(env);
    }

    public int getStopGraceSeconds() {
        return stopGraceSeconds;
    }

    @DataBoundSetter
    public void setStopGraceSeconds(int stopGraceSeconds) {
        this.stopGraceSeconds = stopGraceSeconds;
    }

    /** The port the managed load balancer publishes; unused with an external one. */
    public int getLoadBalancerPort() {
        return loadBalancerPort;
    }

    @DataBoundSetter
    public void setLoadBalancerPort(int loadBalancerPort) {
        this.loadBalancerPort = loadBalancerPort;
    }

    /** The name of the user's own load balancer; empty: odoo-release runs HAProxy. */
    public String getExternalLoadBalancer() {
        return externalLoadBalancer;
    }

    @DataBoundSetter
    public void setExternalLoadBalancer(String externalLoadBalancer) {
        this.externalLoadBalancer = Util.fixEmptyAndTrim(externalLoadBalancer);
    }

    /** An HAProxy image to use as it is; empty: built on the Docker engine from Debian's package. */
    public String getLoadBalancerImage() {
        return loadBalancerImage;
    }

    @DataBoundSetter
    public void setLoadBalancerImage(String loadBalancerImage) {
        this.loadBalancerImage = Util.fixEmptyAndTrim(loadBalancerImage);
    }

    /** The Debian image the HAProxy image is built from; empty: {@value SwarmLoadBalancer#DEFAULT_BASE_IMAGE}. */
    public String getLoadBalancerBaseImage() {
        return loadBalancerBaseImage;
    }

    @DataBoundSetter
    public void setLoadBalancerBaseImage(String loadBalancerBaseImage) {
        this.loadBalancerBaseImage = Util.fixEmptyAndTrim(loadBalancerBaseImage);
    }

    /** The maintenance page's {@code Retry-After}, in seconds. */
    public int getRetryAfterSeconds() {
        return retryAfterSeconds;
    }

    @DataBoundSetter
    public void setRetryAfterSeconds(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The engine's swarm runtime; its constructor refuses what the engine cannot run, with the engine's message. */
    SwarmRuntime toEngine() {
        SwarmLoadBalancer lb = externalLoadBalancer != null
                ? new SwarmLoadBalancer(false, externalLoadBalancer, 0, null, null, retryAfterSeconds)
                : new SwarmLoadBalancer(
                        true, null, loadBalancerPort, loadBalancerImage, loadBalancerBaseImage, retryAfterSeconds);
        return new SwarmRuntime(
                service,
                instances,
                Forms.lines(networks),
                dataMount,
                cron,
                endpointMode,
                Forms.lines(args),
                OdooContainerSettings.envMap(env),
                Duration.ofSeconds(Math.max(0, stopGraceSeconds)),
                lb);
    }

    @Extension
    @Symbol("odooSwarm")
    public static final class DescriptorImpl extends OdooContainerSettings.OdooProcessDescriptor<OdooSwarmSettings> {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooSwarmSettings_DisplayName();
        }

        @POST
        public FormValidation doCheckService(@QueryParameter String value) {
            return Forms.required(value, Messages.OdooSwarmSettings_ServiceRequired());
        }

        @POST
        public FormValidation doCheckInstances(@QueryParameter String value) {
            return Forms.between(value, 1, SwarmRuntime.MAX_INSTANCES);
        }

        @POST
        public FormValidation doCheckNetworks(@QueryParameter String value) {
            return Forms.required(value, Messages.OdooSwarmSettings_NetworkRequired());
        }

        @POST
        public ListBoxModel doFillEndpointModeItems() {
            return Forms.choices("vip", "dnsrr");
        }

        @POST
        public FormValidation doCheckLoadBalancerPort(
                @QueryParameter String value, @QueryParameter String externalLoadBalancer) {
            return Util.fixEmptyAndTrim(externalLoadBalancer) != null
                    ? FormValidation.ok()
                    : Forms.between(value, 1, 65535);
        }

        @POST
        public FormValidation doCheckRetryAfterSeconds(@QueryParameter String value) {
            return Forms.between(value, 1, 86_400);
        }
    }
}
