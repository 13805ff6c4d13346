package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.StageClone;
import dev.odoorelease.engine.progress.ProgressListener;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooRefresh target: 'staging'}: the engine's refresh ({@link OdooRelease#refresh()}) — a stage clone of
 * production that keeps the staging-only records of the environment's staging settings, with staging's container
 * stopped first and its image (or {@code image:}) started and health-checked after. Archives the differences report
 * like {@code odooStageClone}, also when the refresh fails (the engine then leaves the previous staging serving).
 */
public final class OdooRefreshStep extends OdooStep {
    private final String target;
    private String source;
    private String from = "latest";
    private String image;

    @DataBoundConstructor
    public OdooRefreshStep(String target) {
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getTarget() {
        return target;
    }

    /** The environment copied; empty: the project's production environment. */
    public String getSource() {
        return source;
    }

    @DataBoundSetter
    public void setSource(String source) {
        this.source = Util.fixEmptyAndTrim(source);
    }

    /** {@code latest}: the source's newest verified snapshot; {@code live}: a consistent copy of the running database. */
    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        String f = Util.fixEmptyAndTrim(from);
        this.from = f == null ? "latest" : f.toLowerCase(Locale.ROOT);
        OdooStageCloneStep.source(this.from);
    }

    /** The image staging serves after the refresh; empty: the one it runs now. */
    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooRefresh")
    public static final class DescriptorImpl extends SourceTargetDescriptor {
        @Override
        public String getFunctionName() {
            return "odooRefresh";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooRefreshStep_DisplayName();
        }

        @POST
        public ListBoxModel doFillFromItems(@AncestorInPath Item item) {
            return fromOptions(item);
        }
    }

    static final class Execution extends OdooStepExecution<OdooRefreshStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooRefreshStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String target = required(step.target, "target");
            // the source: given, else the project's production environment(s) (the engine refuses when that is not one)
            Set<String> environments = new HashSet<>();
            environments.add(target);
            if (step.source != null) {
                environments.add(step.source);
            } else {
                project(step.getProject()).getEnvironments().stream()
                        .filter(OdooEnvironmentDefinition::isProduction)
                        .forEach(e -> environments.add(e.getName()));
            }
            Map<String, Object> r;
            try {
                // no production guard by branch here: the engine never refreshes a production environment
                r = runOnAgent(
                        step.getProject(),
                        environments,
                        null,
                        new EngineConfigs.Overrides(target, null, null, null, null),
                        new Refresh(step.source, target, OdooStageCloneStep.source(step.from), step.from, step.image));
            } catch (OdooStageCloneStep.FailedWithReport failed) {
                recordFailure(step.source, target, step.from, failed);
                throw failed;
            }
            archiveReport(r);
            record(OdooDeploymentAction.Operation.STAGE_CLONE, target, r);
            return r;
        }
    }

    private record Refresh(String source, String target, StageClone.From copy, String from, String image)
            implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            Map<String, Object> r = Results.refresh(release.refresh()
                    .source(source)
                    .target(target)
                    .from(copy)
                    .image(image)
                    .call());
            r.put("from", from);
            return r;
        }

        @Override
        public AbortException failure(OdooReleaseException failure, UnaryOperator<String> redact) {
            AbortException withReport = OdooStageCloneStep.withReport(failure, redact);
            return withReport != null ? withReport : EngineOperation.super.failure(failure, redact);
        }
    }
}
