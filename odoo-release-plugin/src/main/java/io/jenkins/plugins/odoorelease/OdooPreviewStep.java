package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.config.PreviewTemplate;
import dev.odoorelease.engine.progress.ProgressListener;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def p = odooPreview image: "registry/acme:${GIT_COMMIT}"}: this branch's (or pull request's) preview
 * environment, created from the project's preview template or updated in place, on the agent; returns a map with its
 * {@code url}, and the build page gets a link "Preview: url". Returns {@code null}, saying why in the log, when the
 * project has no preview template or it does not cover the branch (so one Jenkinsfile serves every branch). The
 * branch is {@code BRANCH_NAME}, a pull request's id {@code CHANGE_ID}. Only the source environment's credentials
 * reach the agent.
 */
public final class OdooPreviewStep extends ImageUpdateStep {
    private boolean allowSkippedUpdates;

    @DataBoundConstructor
    public OdooPreviewStep(String image) {
        super(image);
    }

    public boolean isAllowSkippedUpdates() {
        return allowSkippedUpdates;
    }

    @DataBoundSetter
    public void setAllowSkippedUpdates(boolean allowSkippedUpdates) {
        this.allowSkippedUpdates = allowSkippedUpdates;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooPreview")
    public static final class DescriptorImpl extends ImageUpdateDescriptor {
        @Override
        public String getFunctionName() {
            return "odooPreview";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooPreviewStep_DisplayName();
        }

        @Override
        protected String imageRequired() {
            return Messages.OdooDeployStep_ImageRequired();
        }
    }

    static final class Execution extends OdooStepExecution<OdooPreviewStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooPreviewStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String image = required(step.image, "image");
            EnvVars vars = getContext().get(EnvVars.class);
            String branch = OdooStep.branch(vars);
            String changeId = Util.fixEmptyAndTrim(vars.get("CHANGE_ID"));
            OdooProject project = project(step.getProject());
            // decided on the controller, from the configuration only: no agent work for a branch without a preview
            PreviewTemplate template =
                    EngineConfigs.withoutSecrets(project).preview().orElse(null);
            if (template == null) {
                listener().getLogger().println(Messages.OdooPreviewStep_NoTemplate(project.getName()));
                return null;
            }
            if (branch == null) {
                throw new AbortException(Messages.OdooPreviewStep_NoBranch());
            }
            if (!template.accepts(branch, changeId)) {
                listener().getLogger().println(Messages.OdooPreviewStep_NotCovered(project.getName(), branch));
                return null;
            }
            String commit = step.commitOr(vars);
            FilePath workspace = getContext().get(FilePath.class);
            Map<String, Object> r = runOnAgent(
                    step.getProject(),
                    Set.of(template.source()),
                    null,
                    EngineConfigs.Overrides.NONE,
                    new Up(
                            branch,
                            changeId,
                            image,
                            commit,
                            step.update,
                            workspace.getRemote(),
                            step.allowSkippedUpdates));
            build().addAction(new OdooPreviewAction(r));
            // the job's deletion (its branch or pull request is gone) removes the preview: remember where it is
            hudson.model.Computer computer = workspace.toComputer();
            PreviewJobs.put(
                    build().getParent().getFullName(),
                    new PreviewJobs.Entry(
                            project.getName(), branch, changeId, computer == null ? "" : computer.getName()));
            if (!Boolean.TRUE.equals(r.get("succeeded"))) {
                throw new AbortException(Messages.OdooPreviewStep_Failed(branch, r.get("cause"), r.get("url")));
            }
            listener().getLogger().println(Messages.OdooPreviewStep_Created(branch, r.get("url")));
            return r;
        }
    }

    /** The engine's {@code previewUp()}, on the agent: the workspace is the checkout that {@code update: 'changed'} compares. */
    private record Up(
            String branch,
            String changeId,
            String image,
            String commit,
            String update,
            String workspace,
            boolean allowSkippedUpdates)
            implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            return PreviewResults.up(release.previewUp()
                    .branch(branch)
                    .changeId(changeId)
                    .image(image)
                    .commit(commit)
                    .update(update)
                    .repository(Path.of(workspace))
                    .allowSkippedUpdates(allowSkippedUpdates)
                    .call());
        }
    }
}
