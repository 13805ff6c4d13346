package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.config.EnvironmentConfig;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def target = odooEnvironment()}: the environment the build's branch promotes into ({@code BRANCH_NAME}
 * matched against the environments' branch patterns, first match in configuration order), as a map ({@code name},
 * {@code kind}, {@code url}, {@code branches}), or {@code null} for a branch mapped to none, so that one Jenkinsfile
 * serves every branch of a multibranch project. Reads the configuration only: no agent, no secret.
 */
public final class OdooEnvironmentStep extends OdooStep {
    private String branch;

    @DataBoundConstructor
    public OdooEnvironmentStep() {}

    /** The branch to look up; empty: the build's ({@code BRANCH_NAME}, else {@code GIT_BRANCH}). */
    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = Util.fixEmptyAndTrim(branch);
    }

    @Override
    public StepExecution start(StepContext context) {
        return StepExecutions.synchronous(context, c -> {
            EnvVars vars = c.get(EnvVars.class);
            String b = branch != null ? branch : branch(vars);
            String project = getProject() != null ? getProject() : vars.get(OdooReleaseConfiguration.PROJECT_VARIABLE);
            OdooProject p = OdooReleaseConfiguration.get().project(project);
            TaskListener listener = c.get(TaskListener.class);
            if (b == null) {
                listener.getLogger().println(Messages.OdooEnvironmentStep_NoBranch());
                return null;
            }
            EnvironmentConfig e;
            try {
                e = EngineConfigs.withoutSecrets(p).forBranch(b).orElse(null);
            } catch (RuntimeException x) {
                throw new AbortException(x.getMessage());
            }
            if (e == null) {
                listener.getLogger().println(Messages.OdooEnvironmentStep_Unmapped(b, p.getName()));
                return null;
            }
            listener.getLogger().println(Messages.OdooEnvironmentStep_Mapped(b, e.name(), p.getName()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            m.put("production", e.isProduction());
            m.put(
                    "url",
                    p.environment(e.name())
                            .map(OdooEnvironmentDefinition::getUrl)
                            .orElse(null));
            m.put("branches", new ArrayList<>(e.branches()));
            m.put("project", p.getName());
            return m;
        });
    }

    @Extension
    @Symbol("odooEnvironment")
    public static final class DescriptorImpl extends OdooStepDescriptor {
        @Override
        public String getFunctionName() {
            return "odooEnvironment";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooEnvironmentStep_DisplayName();
        }

        /** Configuration only: usable outside {@code node}. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, EnvVars.class, TaskListener.class);
        }
    }
}
