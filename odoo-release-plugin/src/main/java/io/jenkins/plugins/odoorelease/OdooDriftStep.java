package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.progress.ProgressListener;
import dev.odoorelease.engine.result.DriftResult;
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
 * {@code odooDrift source: 'production', target: 'staging'}: how far staging has drifted from production (code,
 * configuration, schema, data volume, age), each difference classified deliberate or drift by the engine. Read-only on
 * both sides. Archives the report (JSON and Markdown) as build artifacts and returns a map with the counts, the drift
 * and the age; {@code failOnDrift: true} then fails the step when anything drifted or staging is older than its
 * {@code maxAge}.
 */
public final class OdooDriftStep extends OdooStep {
    private final String source;
    private final String target;
    private boolean failOnDrift;

    @DataBoundConstructor
    public OdooDriftStep(String source, String target) {
        this.source = Util.fixEmptyAndTrim(source);
        this.target = Util.fixEmptyAndTrim(target);
    }

    public String getSource() {
        return source;
    }

    public String getTarget() {
        return target;
    }

    public boolean isFailOnDrift() {
        return failOnDrift;
    }

    @DataBoundSetter
    public void setFailOnDrift(boolean failOnDrift) {
        this.failOnDrift = failOnDrift;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooDrift")
    public static final class DescriptorImpl extends SourceTargetDescriptor {
        @Override
        public String getFunctionName() {
            return "odooDrift";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooDriftStep_DisplayName();
        }

        @POST
        public FormValidation doCheckSource(@AncestorInPath Item item, @QueryParameter String value) {
            return required(item, value, Messages.OdooStep_EnvironmentRequired());
        }
    }

    static final class Execution extends OdooStepExecution<OdooDriftStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooDriftStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String source = required(step.source, "source");
            String target = required(step.target, "target");
            Map<String, Object> r = runOnAgent(
                    step.getProject(),
                    Set.of(source, target),
                    null,
                    EngineConfigs.Overrides.NONE,
                    new Drift(source, target));
            String name = OdooStageCloneStep.ARTIFACTS + "drift-" + target + "-" + r.get("id");
            r.put("report", archive((String) r.get("reportMarkdown"), name + ".md", Messages::OdooDriftStep_Archived));
            r.put(
                    "reportJsonArtifact",
                    archive((String) r.get("reportJson"), name + ".json", Messages::OdooDriftStep_Archived));
            if (step.failOnDrift
                    && (((Number) r.get("driftCount")).intValue() > 0 || Boolean.TRUE.equals(r.get("tooOld")))) {
                throw new AbortException(
                        Messages.OdooDriftStep_Drifted(target, source, r.get("driftCount"), r.get("summary")));
            }
            return r;
        }
    }

    /** The engine's drift command; the report goes to the target's report folder ({@code drift-<id>}). */
    private record Drift(String source, String target) implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            DriftResult result = release.drift().source(source).target(target).call();
            if (result.report().age().tooOld()) {
                log.warn(result.report().summary());
            }
            return Results.drift(result);
        }
    }
}
