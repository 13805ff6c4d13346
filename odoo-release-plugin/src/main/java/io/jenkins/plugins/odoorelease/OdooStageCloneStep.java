package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.StageClone;
import dev.odoorelease.engine.StageCloneFailedException;
import dev.odoorelease.engine.progress.ProgressListener;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
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
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code odooStageClone source: 'production', target: 'staging', from: 'latest'}: replaces the target environment
 * with an anonymized, neutralized and verified copy of the source, archives the differences report (JSON and
 * Markdown) as build artifacts and returns a map with the report's paths, the copy's status and timings. A clone that
 * fails once started archives its report too (status {@code failed}, with the checks that ran and the error), shows
 * it on the build page, then fails the step. Never into a production environment (the engine refuses).
 */
public final class OdooStageCloneStep extends OdooStep {
    static final String ARTIFACTS = "odoo-release/";

    private final String source;
    private final String target;
    private String from = "latest";
    private String anonymizationRules;

    @DataBoundConstructor
    public OdooStageCloneStep(String source, String target) {
        this.source = Util.fixEmptyAndTrim(source);
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getSource() {
        return source;
    }

    public String getTarget() {
        return target;
    }

    /** {@code latest}: the source's newest verified snapshot; {@code live}: a consistent copy of the running database. */
    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        String f = Util.fixEmptyAndTrim(from);
        this.from = f == null ? "latest" : f.toLowerCase(Locale.ROOT);
        source(this.from);
    }

    /** A rules file on the agent that replaces the target's configured anonymization rules for this clone. */
    public String getAnonymizationRules() {
        return anonymizationRules;
    }

    @DataBoundSetter
    public void setAnonymizationRules(String anonymizationRules) {
        this.anonymizationRules = Util.fixEmptyAndTrim(anonymizationRules);
    }

    static StageClone.From source(String from) {
        return switch (from) {
            case "latest" -> StageClone.From.LATEST_SNAPSHOT;
            case "live" -> StageClone.From.LIVE;
            default -> throw new IllegalArgumentException(Messages.OdooStageCloneStep_From(from));
        };
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooStageClone")
    public static final class DescriptorImpl extends SourceTargetDescriptor {
        @Override
        public String getFunctionName() {
            return "odooStageClone";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooStageCloneStep_DisplayName();
        }

        @POST
        public FormValidation doCheckSource(@AncestorInPath Item item, @QueryParameter String value) {
            return required(item, value, Messages.OdooStep_EnvironmentRequired());
        }

        @POST
        public ListBoxModel doFillFromItems(@AncestorInPath Item item) {
            return fromOptions(item);
        }
    }

    static final class Execution extends OdooStepExecution<OdooStageCloneStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooStageCloneStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String source = required(step.source, "source");
            String target = required(step.target, "target");
            // no production guard by branch here: the engine never clones into a production environment
            Map<String, Object> r;
            try {
                r = runOnAgent(
                        step.getProject(),
                        Set.of(source, target),
                        null,
                        new EngineConfigs.Overrides(target, null, null, null, step.anonymizationRules),
                        new Clone(source, target, source(step.from), step.from));
            } catch (FailedWithReport failed) {
                recordFailure(source, target, step.from, failed);
                throw failed;
            }
            archiveReport(r);
            record(OdooDeploymentAction.Operation.STAGE_CLONE, target, r);
            return r;
        }
    }

    private record Clone(String source, String target, StageClone.From copy, String from) implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            Map<String, Object> r = Results.stageClone(release.stageClone()
                    .source(source)
                    .target(target)
                    .from(copy)
                    .call());
            r.put("from", from);
            return r;
        }

        @Override
        public AbortException failure(OdooReleaseException failure, UnaryOperator<String> redact) {
            AbortException withReport = withReport(failure, redact);
            return withReport != null ? withReport : EngineOperation.super.failure(failure, redact);
        }
    }

    /** The step's failure for a stage clone or refresh that failed after writing its report; null for any other. */
    static FailedWithReport withReport(OdooReleaseException failure, UnaryOperator<String> redact) {
        if (failure instanceof StageCloneFailedException f) {
            return new FailedWithReport(
                    redact.apply(f.getMessage()),
                    f.operationId(),
                    redact.apply(f.reportJson().toString()),
                    redact.apply(f.reportMarkdown().toString()));
        }
        return null;
    }

    /**
     * A clone that failed after writing its differences report: the engine's message, and where the report is on the
     * agent. Sent from the agent to the controller, so it holds strings only (the engine's exception may not travel).
     */
    static final class FailedWithReport extends AbortException {
        private static final long serialVersionUID = 1L;

        final String operationId;
        final String reportJson;
        final String reportMarkdown;

        FailedWithReport(String message, String operationId, String reportJson, String reportMarkdown) {
            super(message);
            this.operationId = operationId;
            this.reportJson = reportJson;
            this.reportMarkdown = reportMarkdown;
        }
    }
}
