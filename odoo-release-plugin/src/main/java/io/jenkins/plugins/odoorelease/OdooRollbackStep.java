package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.ResultViews;
import dev.odoorelease.engine.result.RollbackResult;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
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
 * {@code odooRollback environment: 'production', snapshot: 'previous'}: puts an environment back to a snapshot and the
 * image that ran when it was taken ({@code previous}: the state before the version that runs now), with a safety
 * snapshot first and a health check after, and returns the engine's result map ({@code outcome} {@code rolled_back},
 * {@code kept_current}, {@code rollback_failed} or {@code planned}, snapshot, images, timings, {@code undo}). A
 * rollback that failed fails the build: with the previous version back ({@code kept_current}), or with the commands
 * to finish by hand ({@code rollback_failed}).
 */
public final class OdooRollbackStep extends OdooStep {
    private final String environment;
    private String snapshot = "previous";
    private boolean dryRun;
    private String image;

    @DataBoundConstructor
    public OdooRollbackStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    /** {@code previous} (default) or a snapshot id of the environment. */
    public String getSnapshot() {
        return snapshot;
    }

    @DataBoundSetter
    public void setSnapshot(String snapshot) {
        String s = Util.fixEmptyAndTrim(snapshot);
        this.snapshot = s == null ? "previous" : s;
    }

    /** The image to run with the snapshot's data instead of the recorded one; empty: the recorded one. */
    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooRollback")
    public static final class DescriptorImpl extends OdooStepDescriptor {
        @Override
        public String getFunctionName() {
            return "odooRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooRollbackStep_DisplayName();
        }

        @POST
        public FormValidation doCheckSnapshot(@AncestorInPath Item item, @QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            if (!mayRead(item)
                    || v == null
                    || v.equals("previous")
                    || v.startsWith("$")
                    || dev.odoorelease.engine.Rollback.isSnapshotId(v)) {
                return FormValidation.ok();
            }
            return FormValidation.error(Messages.OdooRollbackStep_SnapshotId(v));
        }
    }

    static final class Execution extends OdooStepExecution<OdooRollbackStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooRollbackStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String environment = required(step.environment, "environment");
            Map<String, Object> r = runOnAgent(
                    step.getProject(),
                    Set.of(environment),
                    step.dryRun ? null : environment,
                    EngineConfigs.Overrides.NONE,
                    new Rollback(environment, step.snapshot, step.image, step.dryRun));
            record(OdooDeploymentAction.Operation.ROLLBACK, environment, r);
            Object outcome = r.get("outcome");
            if (RollbackResult.Outcome.KEPT_CURRENT.id().equals(outcome)) {
                throw new AbortException(keptCurrentMessage(environment, r));
            }
            if (RollbackResult.Outcome.ROLLBACK_FAILED.id().equals(outcome)) {
                throw new AbortException(failedMessage(environment, r));
            }
            return r;
        }
    }

    /** The build's message for a rollback that failed but put back what ran before. */
    static String keptCurrentMessage(String environment, Map<String, Object> r) {
        return Messages.OdooRollbackStep_KeptCurrent(
                environment,
                r.get("snapshotId"),
                Results.sentence(r.get("cause")),
                Results.sentence(r.get("healthSummary")));
    }

    /** The build's message for a rollback that failed and could not put back what ran before. */
    static String failedMessage(String environment, Map<String, Object> r) {
        return Messages.OdooRollbackStep_Failed(
                environment,
                Results.sentence(r.get("cause")),
                Results.numberedSentences(r.get("failures")),
                String.join("; ", Results.strings(r.get("manualRecovery"))));
    }

    /** The engine facade's {@code rollback()}: to a snapshot or the previous one, with the recorded image or a given one. */
    private record Rollback(String environment, String snapshot, String image, boolean dryRun)
            implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            return ResultViews.rollback(release.rollback()
                    .environment(environment)
                    .snapshot(snapshot)
                    .image(image)
                    .dryRun(dryRun)
                    .call());
        }
    }
}
