package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.ResultViews;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.util.ComboBoxModel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooRehearse environment: 'production', image: "registry/acme/odoo:${GIT_COMMIT}"}: the engine's rehearsal
 * ({@link OdooRelease#rehearse()}) — the module update and health check of the image on a throwaway, neutralized copy of
 * the environment's latest snapshot, dropped after; the environment is not touched. Returns the engine's result map
 * (outcome, update duration, warnings, errors, schema changes, health). A failed rehearsal fails the step unless
 * {@code failOnFailure: false}; either way it is recorded, and a plan of that image says so.
 */
public final class OdooRehearseStep extends ImageUpdateStep {
    private final String environment;
    private boolean freshSnapshot;
    private int healthTimeout;
    private boolean failOnFailure = true;
    private String serverOf;

    @DataBoundConstructor
    public OdooRehearseStep(String environment, String image) {
        super(image);
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    /** Take a fresh dump snapshot (online) to rehearse on, instead of the environment's latest verified snapshot. */
    public boolean isFreshSnapshot() {
        return freshSnapshot;
    }

    @DataBoundSetter
    public void setFreshSnapshot(boolean freshSnapshot) {
        this.freshSnapshot = freshSnapshot;
    }

    /** Seconds the rehearsal's server has to become healthy; 0: the environment's health check timeout. */
    public int getHealthTimeout() {
        return healthTimeout;
    }

    @DataBoundSetter
    public void setHealthTimeout(int healthTimeout) {
        this.healthTimeout = Math.max(0, healthTimeout);
    }

    /** Whether a failed rehearsal fails the step (default); off, the step returns the result with outcome failed. */
    public boolean isFailOnFailure() {
        return failOnFailure;
    }

    @DataBoundSetter
    public void setFailOnFailure(boolean failOnFailure) {
        this.failOnFailure = failOnFailure;
    }

    /** The environment whose database server and data directory take the throwaway copy; empty: the rehearsed one's. */
    public String getServerOf() {
        return serverOf;
    }

    @DataBoundSetter
    public void setServerOf(String serverOf) {
        this.serverOf = Util.fixEmptyAndTrim(serverOf);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooRehearse")
    public static final class DescriptorImpl extends ImageUpdateDescriptor {
        @Override
        public String getFunctionName() {
            return "odooRehearse";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooRehearseStep_DisplayName();
        }

        @POST
        public ComboBoxModel doFillServerOfItems(@AncestorInPath Item item, @QueryParameter String project) {
            return environmentNames(item, project);
        }

        @Override
        protected String imageRequired() {
            return Messages.OdooRehearseStep_ImageRequired();
        }
    }

    static final class Execution extends OdooStepExecution<OdooRehearseStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooRehearseStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String environment = required(step.environment, "environment");
            String image = required(step.image, "image");
            EnvVars vars = getContext().get(EnvVars.class);
            String commit = step.commitOr(vars);
            FilePath workspace = getContext().get(FilePath.class);
            // changes no environment: no production guard by branch; the copy's server's credentials when it is
            // another's
            Set<String> used = new java.util.HashSet<>(Set.of(environment));
            if (step.serverOf != null) {
                used.add(step.serverOf);
            }
            Map<String, Object> r = runOnAgent(
                    step.getProject(),
                    used,
                    null,
                    new EngineConfigs.Overrides(
                            environment, null, null, step.healthTimeout > 0 ? step.healthTimeout : null, null),
                    new Rehearse(
                            environment,
                            image,
                            step.freshSnapshot,
                            step.update,
                            commit,
                            workspace.getRemote(),
                            step.serverOf));
            if (step.failOnFailure && !Boolean.TRUE.equals(r.get("passed"))) {
                throw new AbortException(Messages.OdooRehearseStep_Failed(
                        image, environment, Results.sentence(r.get("failure")), r.get("operationId")));
            }
            return r;
        }
    }

    /** The rehearsal, on the agent: the workspace is the git checkout that {@code update: 'changed'} compares. */
    private record Rehearse(
            String environment,
            String image,
            boolean freshSnapshot,
            String update,
            String commit,
            String workspace,
            String serverOf)
            implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            return ResultViews.rehearsal(release.rehearse()
                    .environment(environment)
                    .image(image)
                    .freshSnapshot(freshSnapshot)
                    .update(update)
                    .commit(commit)
                    .repository(Path.of(workspace))
                    .serverOf(serverOf)
                    .call());
        }
    }
}
