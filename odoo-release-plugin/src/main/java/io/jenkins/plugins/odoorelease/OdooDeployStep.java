package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DeployResult;
import dev.odoorelease.engine.result.ResultViews;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Item;
import hudson.model.Result;
import hudson.util.ListBoxModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooDeploy environment: 'staging', image: "registry/acme/odoo:${GIT_COMMIT}", update: 'changed'}: deploys an
 * image with the engine (snapshot, module update, start, health check, automatic rollback on failure) and returns
 * the engine's result map ({@code outcome} {@code deployed} / {@code rolled_back} / {@code rollback_failed} /
 * {@code planned}, images, module plan, snapshot, health, cause, timings; the same view as the CLI's JSON). A rollback fails the build with its cause, or marks it unstable
 * ({@code onRollback: 'unstable'}); a failed rollback always fails it, with the commands to finish by hand.
 */
public final class OdooDeployStep extends ImageUpdateStep {
    private final String environment;
    private boolean dryRun;
    private boolean recover;
    private boolean allowSkippedUpdates;
    private String onRollback = "fail";
    private int healthTimeout;
    private String plan;
    private String approvedBy;
    private String forceUnproven;
    private String forceNonLinear;
    private String forceFailedRehearsal;

    @DataBoundConstructor
    public OdooDeployStep(String environment, String image) {
        super(image);
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    /** Finish or roll back an earlier deploy that was interrupted (agent died, build killed) instead of refusing. */
    public boolean isRecover() {
        return recover;
    }

    @DataBoundSetter
    public void setRecover(boolean recover) {
        this.recover = recover;
    }

    /**
     * Deploy even when the plan warns that the image's code may not match the database's schema ({@code update: 'none'},
     * or installed modules whose manifest version differs left out of the update); refused otherwise.
     */
    public boolean isAllowSkippedUpdates() {
        return allowSkippedUpdates;
    }

    @DataBoundSetter
    public void setAllowSkippedUpdates(boolean allowSkippedUpdates) {
        this.allowSkippedUpdates = allowSkippedUpdates;
    }

    /** {@code fail} (default): a rolled-back deploy fails the build; {@code unstable}: it marks it unstable. */
    public String getOnRollback() {
        return onRollback;
    }

    @DataBoundSetter
    public void setOnRollback(String onRollback) {
        String o = Util.fixEmptyAndTrim(onRollback);
        o = o == null ? "fail" : o.toLowerCase(Locale.ROOT);
        if (!o.equals("fail") && !o.equals("unstable")) {
            throw new IllegalArgumentException(Messages.OdooDeployStep_OnRollback(onRollback));
        }
        this.onRollback = o;
    }

    /** Seconds the health check waits for the new version; 0: the environment's setting. */
    public int getHealthTimeout() {
        return healthTimeout;
    }

    @DataBoundSetter
    public void setHealthTimeout(int healthTimeout) {
        this.healthTimeout = secondsOrConfigured(healthTimeout, "healthTimeout");
    }

    /** Deploy exactly this pinned plan (the {@code pinnedPlan.id} a {@code dryRun: true} returned). */
    public String getPlan() {
        return plan;
    }

    @DataBoundSetter
    public void setPlan(String plan) {
        this.plan = Util.fixEmptyAndTrim(plan);
    }

    /** Who approved the deploy (the {@code input} step's submitter); recorded in the history. */
    public String getApprovedBy() {
        return approvedBy;
    }

    @DataBoundSetter
    public void setApprovedBy(String approvedBy) {
        this.approvedBy = Util.fixEmptyAndTrim(approvedBy);
    }

    /** The reason to deploy an image never proven on the environment this one promotes from (recorded). */
    public String getForceUnproven() {
        return forceUnproven;
    }

    @DataBoundSetter
    public void setForceUnproven(String forceUnproven) {
        this.forceUnproven = Util.fixEmptyAndTrim(forceUnproven);
    }

    /** The reason to deploy a commit that does not descend from the deployed one (recorded). */
    public String getForceNonLinear() {
        return forceNonLinear;
    }

    @DataBoundSetter
    public void setForceNonLinear(String forceNonLinear) {
        this.forceNonLinear = Util.fixEmptyAndTrim(forceNonLinear);
    }

    /** The reason to deploy an image whose last rehearsal on the environment failed (recorded). */
    public String getForceFailedRehearsal() {
        return forceFailedRehearsal;
    }

    @DataBoundSetter
    public void setForceFailedRehearsal(String forceFailedRehearsal) {
        this.forceFailedRehearsal = Util.fixEmptyAndTrim(forceFailedRehearsal);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooDeploy")
    public static final class DescriptorImpl extends ImageUpdateDescriptor {
        @Override
        public String getFunctionName() {
            return "odooDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooDeployStep_DisplayName();
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object env = namedArgs.get("environment");
            Object image = namedArgs.get("image");
            return env instanceof String e && image instanceof String i ? i + " → " + e : null;
        }

        @Override
        protected String imageRequired() {
            return Messages.OdooDeployStep_ImageRequired();
        }

        @POST
        public ListBoxModel doFillOnRollbackItems(@AncestorInPath Item item) {
            return options(
                    item,
                    "fail",
                    Messages.OdooDeployStep_RollbackFails(),
                    "unstable",
                    Messages.OdooDeployStep_RollbackUnstable());
        }
    }

    static final class Execution extends OdooStepExecution<OdooDeployStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooDeployStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String environment = required(step.environment, "environment");
            // a deploy of a stored plan may leave the image out: the plan's is deployed
            String image = step.plan != null ? step.image : required(step.image, "image");
            EnvVars vars = getContext().get(EnvVars.class);
            // with a plan, what is not given explicitly is the plan's (the build's GIT_COMMIT is not a second opinion)
            String commit = step.commit != null
                    ? step.commit
                    : step.plan != null ? null : Util.fixEmptyAndTrim(vars.get("GIT_COMMIT"));
            FilePath workspace = getContext().get(FilePath.class);
            // the environment it promotes from is read too (its history proves the image): its credentials are needed
            Set<String> used = new java.util.HashSet<>(Set.of(environment));
            project(step.getProject()).getEnvironments().stream()
                    .filter(d -> environment.equals(d.getName()) && d.getPromotesFrom() != null)
                    .forEach(d -> used.add(d.getPromotesFrom()));
            Map<String, Object> r = runOnAgent(
                    step.getProject(),
                    used,
                    step.dryRun ? null : environment,
                    new EngineConfigs.Overrides(
                            environment, null, null, step.healthTimeout > 0 ? step.healthTimeout : null, null),
                    new Deploy(
                            environment,
                            image,
                            commit,
                            step.plan != null && step.update.equals("changed") ? null : step.update,
                            workspace.getRemote(),
                            step.dryRun,
                            step.recover,
                            step.allowSkippedUpdates,
                            step.plan,
                            step.approvedBy,
                            step.forceUnproven,
                            step.forceNonLinear,
                            step.forceFailedRehearsal));
            record(OdooDeploymentAction.Operation.DEPLOY, environment, r);
            return outcome(r, step.onRollback);
        }

        /** A rollback fails the build (or marks it unstable); a failed rollback always fails it. */
        private Map<String, Object> outcome(Map<String, Object> r, String onRollback) throws Exception {
            Object outcome = r.get("outcome");
            if (DeployResult.Outcome.ROLLBACK_FAILED.id().equals(outcome)) {
                throw new AbortException(rollbackFailedMessage(r));
            }
            if (DeployResult.Outcome.ROLLED_BACK.id().equals(outcome)) {
                String message = rolledBackMessage(r);
                if (!onRollback.equals("unstable")) {
                    throw new AbortException(message);
                }
                listener().getLogger().println(message);
                build().setResult(Result.UNSTABLE);
            }
            return r;
        }
    }

    /**
     * The build's message for a deploy that was rolled back, from the deploy's result: what the rollback verified (the
     * engine's health summary of the version put back, or why nothing was started), never a claim it did not check.
     */
    static String rolledBackMessage(Map<String, Object> r) {
        return Messages.OdooDeployStep_RolledBack(
                r.get("image"),
                r.get("environment"),
                Results.sentence(r.get("cause")),
                Results.sentence(r.get("healthSummary")),
                r.get("snapshotId"));
    }

    /** The build's message for a deploy whose rollback failed: every failed step, then the commands to finish. */
    static String rollbackFailedMessage(Map<String, Object> r) {
        return Messages.OdooDeployStep_RollbackFailed(
                r.get("image"),
                r.get("environment"),
                Results.sentence(r.get("cause")),
                Results.numberedSentences(r.get("rollbackFailures")),
                String.join("; ", Results.strings(r.get("manualRecovery"))));
    }

    /** The deploy, on the agent: the workspace is the git checkout that {@code update: 'changed'} compares. */
    private record Deploy(
            String environment,
            String image,
            String commit,
            String update,
            String workspace,
            boolean dryRun,
            boolean recover,
            boolean allowSkippedUpdates,
            String plan,
            String approvedBy,
            String forceUnproven,
            String forceNonLinear,
            String forceFailedRehearsal)
            implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            return ResultViews.deploy(release.deploy()
                    .environment(environment)
                    .image(image)
                    .commit(commit)
                    .update(update)
                    .repository(Path.of(workspace))
                    .dryRun(dryRun)
                    .recoverInterrupted(recover)
                    .allowSkippedUpdates(allowSkippedUpdates)
                    .plan(plan)
                    .approvedBy(approvedBy)
                    .forceUnproven(forceUnproven)
                    .forceNonLinear(forceNonLinear)
                    .forceFailedRehearsal(forceFailedRehearsal)
                    .call());
        }
    }
}
