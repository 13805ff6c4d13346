package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.health.HealthReport;
import dev.odoorelease.engine.health.OdooHttpHealthCheck;
import dev.odoorelease.engine.health.ProbeResult;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.agents.ControllerToAgentCallable;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooHealthCheck url: 'http://odoo:8069', database: 'prod', timeout: 120}: waits until the Odoo server
 * answers as ready for the database, probing from the agent of the enclosing {@code node}, and returns a map
 * ({@code healthy}, {@code url}, {@code database}, {@code attempts}, {@code elapsedMillis}, {@code probes}).
 * The check itself is {@link OdooHttpHealthCheck} in the engine.
 */
public final class OdooHealthCheckStep extends Step {
    public static final int DEFAULT_TIMEOUT = (int) OdooHttpHealthCheck.DEFAULT_TIMEOUT.toSeconds();

    private final String url;
    private String database;
    private int timeout = DEFAULT_TIMEOUT;

    @DataBoundConstructor
    public OdooHealthCheckStep(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public String getUrl() {
        return url;
    }

    public String getDatabase() {
        return database;
    }

    /** The database whose login page must answer; empty lets Odoo pick its only database. */
    @DataBoundSetter
    public void setDatabase(String database) {
        this.database = Util.fixEmptyAndTrim(database);
    }

    public int getTimeout() {
        return timeout;
    }

    /** Seconds to wait for the server to become healthy. */
    @DataBoundSetter
    public void setTimeout(int timeout) {
        if (timeout < 1) {
            throw new IllegalArgumentException(Messages.OdooHealthCheckStep_TimeoutNotPositive(timeout));
        }
        this.timeout = timeout;
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

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
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(FilePath.class, TaskListener.class, Run.class, Launcher.class, EnvVars.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object url = namedArgs.get("url");
            return url instanceof String s ? Redactor.patternsOnly().redact(s) : null;
        }

        /** Checks the URL's form only; it never contacts the server (no requests on a user's behalf). */
        @POST
        public FormValidation doCheckUrl(@AncestorInPath Item item, @QueryParameter String value) {
            if (item == null ? !Jenkins.get().hasPermission(Jenkins.ADMINISTER) : !item.hasPermission(Item.CONFIGURE)) {
                return FormValidation.ok();
            }
            String url = Util.fixEmptyAndTrim(value);
            if (url == null) {
                return FormValidation.error(Messages.OdooHealthCheckStep_UrlRequired());
            }
            try {
                OdooHttpHealthCheck.forUrl(url);
                return FormValidation.ok();
            } catch (OdooReleaseException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient OdooHealthCheckStep step;

        Execution(OdooHealthCheckStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            if (step.url == null) {
                throw new AbortException(Messages.OdooHealthCheckStep_UrlRequired());
            }
            FilePath workspace = getContext().get(FilePath.class);
            TaskListener listener = getContext().get(TaskListener.class);
            return workspace.act(new CheckOnAgent(step.url, step.database, step.timeout, listener));
        }
    }

    /**
     * Runs the engine's check on the agent, so it probes the URL from where the build runs. Returns only JDK
     * types (JEP-200: classes of bundled libraries such as the engine may not cross the channel), which is also
     * what the Pipeline script receives. Engine failures come back as {@link AbortException}: message only.
     */
    private record CheckOnAgent(String url, String database, int timeoutSeconds, TaskListener listener)
            implements ControllerToAgentCallable<Map<String, Object>, IOException> {
        private static final long serialVersionUID = 1L;

        @Override
        public Map<String, Object> call() throws IOException {
            PrintStream log = listener.getLogger();
            try {
                HealthReport report = OdooHttpHealthCheck.forUrl(url)
                        .database(database)
                        .timeout(Duration.ofSeconds(timeoutSeconds))
                        .progress(log::println)
                        .check();
                return toMap(report);
            } catch (OdooReleaseException e) {
                throw new AbortException(e.getMessage());
            }
        }

        private static Map<String, Object> toMap(HealthReport report) {
            List<Map<String, Object>> probes = new ArrayList<>();
            for (ProbeResult p : report.probes()) {
                Map<String, Object> probe = new LinkedHashMap<>();
                probe.put("probe", p.probe());
                probe.put("passed", p.passed());
                probe.put("expected", p.expected());
                probe.put("actual", p.actual());
                probes.add(probe);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("healthy", report.healthy());
            result.put("url", report.url());
            result.put("database", report.database());
            result.put("attempts", report.attempts());
            result.put("elapsedMillis", report.elapsed().toMillis());
            result.put("probes", probes);
            return result;
        }
    }
}
