package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.EnvironmentStatus;
import dev.odoorelease.engine.result.ResultViews;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def s = odooStatus environment: 'production'}: what is deployed to an environment (image, commit, when, by
 * which build), whether its container runs, its snapshots, recent history and any interrupted operation. Read-only,
 * takes no lock. Prints a few lines to the build log and returns the engine's status map.
 */
public final class OdooStatusStep extends OdooStep {
    private final String environment;

    @DataBoundConstructor
    public OdooStatusStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooStatus")
    public static final class DescriptorImpl extends OdooStepDescriptor {
        @Override
        public String getFunctionName() {
            return "odooStatus";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooStatusStep_DisplayName();
        }
    }

    static final class Execution extends OdooStepExecution<OdooStatusStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooStatusStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String environment = required(step.environment, "environment");
            return runOnAgent(
                    step.getProject(),
                    Set.of(environment),
                    null,
                    EngineConfigs.Overrides.NONE,
                    new Status(environment));
        }
    }

    /** The engine facade's {@code status()} of one environment. */
    private record Status(String environment) implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            EnvironmentStatus status = release.status().environment(environment).call();
            status.lines().forEach(log::info);
            return ResultViews.status(status);
        }
    }
}
