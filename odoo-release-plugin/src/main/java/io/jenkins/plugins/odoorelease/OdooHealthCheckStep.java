package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.CheckUrl;
import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.progress.ProgressListener;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import jenkins.agents.ControllerToAgentCallable;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooHealthCheck environment: 'staging'}, or {@code odooHealthCheck url: 'http://odoo:8069', database: 'prod'}:
 * waits until the Odoo server answers as ready for the database, probing from the agent of the enclosing
 * {@code node}, and returns a map ({@code healthy}, {@code url}, {@code database}, {@code attempts},
 * {@code elapsedMillis}, {@code summary}, {@code probes}). With an environment, its configured check runs (container
 * probes included); {@code url}, {@code database} and {@code timeout} override it. An unhealthy server fails the step
 * with what was expected and what was seen. The checks themselves are the engine's.
 */
public final class OdooHealthCheckStep extends OdooStep {
    public static final int DEFAULT_TIMEOUT = (int) CheckUrl.DEFAULT_TIMEOUT.toSeconds();

    private String environment;
    private String url;
    private String database;
    private int timeout;

    @DataBoundConstructor
    public OdooHealthCheckStep() {}

    /** A configured environment whose health check runs; empty: check {@link #getUrl()}. */
    public String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public String getDatabase() {
        return database;
    }

    /** The database whose login page must answer; empty lets Odoo pick its only database (or the environment's). */
    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = Util.fixEmptyAndTrim(database);
    }

    /** Seconds to wait for the server to become healthy; 0: the environment's setting, or 120. */
    public int getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(int timeout) {
        this.timeout = secondsOrConfigured(timeout, "timeout");
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooHealthCheck")
    public static final class DescriptorImpl extends OdooStepDescriptor {

        @Override
        public String getFunctionName() {
            return "odooHealthCheck";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooHealthCheckStep_DisplayName();
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object env = namedArgs.get("environment");
            Object url = namedArgs.get("url");
            return env instanceof String e
                    ? e
                    : url instanceof String s ? Redactor.patternsOnly().redact(s) : null;
        }

        @Override
        @POST
        public FormValidation doCheckEnvironment(@AncestorInPath Item item, @QueryParameter String value) {
            return FormValidation.ok(); // optional here: an environment or a URL
        }

        /** Checks the URL's form only; it never contacts the server (no requests on a user's behalf). */
        @POST
        public FormValidation doCheckUrl(
                @AncestorInPath Item item, @QueryParameter String value, @QueryParameter String environment) {
            if (!mayRead(item)) {
                return FormValidation.ok();
            }
            String url = Util.fixEmptyAndTrim(value);
            if (url == null) {
                return Util.fixEmptyAndTrim(environment) == null
                        ? FormValidation.error(Messages.OdooHealthCheckStep_UrlRequired())
                        : FormValidation.ok();
            }
            try {
                OdooRelease.checkUrl(url);
                return FormValidation.ok();
            } catch (OdooReleaseException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }

    static final class Execution extends OdooStepExecution<OdooHealthCheckStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooHealthCheckStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            if (step.environment != null) {
                return runOnAgent(
                        step.getProject(),
                        Set.of(step.environment),
                        null,
                        new EngineConfigs.Overrides(
                                step.environment,
                                step.url,
                                step.database,
                                step.timeout > 0 ? step.timeout : null,
                                null),
                        new Check(step.environment));
            }
            if (step.url == null) {
                throw new AbortException(Messages.OdooHealthCheckStep_UrlRequired());
            }
            FilePath workspace = getContext().get(FilePath.class);
            return workspace.act(new CheckOnAgent(
                    step.url, step.database, step.timeout > 0 ? step.timeout : DEFAULT_TIMEOUT, listener()));
        }
    }

    /** The environment's configured check: HTTP probes, plus the container's when the environment has one. */
    private record Check(String environment) implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            return Results.health(release.health().environment(environment).call());
        }
    }

    /**
     * A check of a URL without any configuration (no project needed): the engine's HTTP check, from the agent.
     * Engine failures come back as {@link AbortException}: message only.
     */
    private record CheckOnAgent(String url, String database, int timeoutSeconds, TaskListener listener)
            implements ControllerToAgentCallable<Map<String, Object>, IOException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, Object> call() throws IOException {
            try {
                return Results.health(OdooRelease.checkUrl(url)
                        .database(database)
                        .timeout(Duration.ofSeconds(timeoutSeconds))
                        .progress(listener.getLogger()::println)
                        .call());
            } catch (OdooReleaseException e) {
                throw new AbortException(e.getMessage());
            } finally {
                listener.getLogger().flush(); // the remote log sends on flush: the last lines must precede the result
            }
        }
    }
}
