package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.config.SnapshotKind;
import dev.odoorelease.engine.progress.ProgressListener;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.util.ListBoxModel;
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
 * {@code odooSnapshot environment: 'production', kind: 'dump', label: 'before migration'}: takes a verified snapshot
 * of an environment's database and filestore, on the agent, and returns a map ({@code id}, {@code environment},
 * {@code kind}, {@code label}, {@code size} in bytes, {@code duration} in milliseconds).
 */
public final class OdooSnapshotStep extends OdooStep {
    private final String environment;
    private String kind;
    private String label;

    @DataBoundConstructor
    public OdooSnapshotStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    /** {@code template} or {@code dump}; empty: the environment's configured kind. */
    public String getKind() {
        return kind;
    }

    @DataBoundSetter
    public void setKind(String kind) {
        String k = Util.fixEmptyAndTrim(kind);
        this.kind = k == null ? null : k.toLowerCase(Locale.ROOT);
    }

    public String getLabel() {
        return label;
    }

    @DataBoundSetter
    public void setLabel(String label) {
        this.label = Util.fixEmptyAndTrim(label);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol("odooSnapshot")
    public static final class DescriptorImpl extends OdooStepDescriptor {
        @Override
        public String getFunctionName() {
            return "odooSnapshot";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.OdooSnapshotStep_DisplayName();
        }

        @POST
        public ListBoxModel doFillKindItems(@AncestorInPath Item item) {
            return options(
                    item,
                    "",
                    Messages.OdooSnapshotStep_ConfiguredKind(),
                    SnapshotKind.TEMPLATE.id(),
                    SnapshotKind.TEMPLATE.id(),
                    SnapshotKind.DUMP.id(),
                    SnapshotKind.DUMP.id());
        }
    }

    static final class Execution extends OdooStepExecution<OdooSnapshotStep, Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        Execution(OdooSnapshotStep step, StepContext context) {
            super(step, context);
        }

        @Override
        protected Map<String, Object> execute() throws Exception {
            String environment = required(step.environment, "environment");
            Map<String, Object> r = runOnAgent(
                    step.getProject(),
                    Set.of(environment),
                    null,
                    EngineConfigs.Overrides.NONE,
                    new Snapshot(environment, step.kind, step.label));
            record(OdooDeploymentAction.Operation.SNAPSHOT, environment, r);
            return r;
        }
    }

    private record Snapshot(String environment, String kind, String label) implements EngineOperation {
        @Override
        public Map<String, Object> call(OdooRelease release, ProgressListener log) {
            return Results.snapshot(release.snapshot()
                    .environment(environment)
                    .kind(kind == null ? null : SnapshotKind.parse(kind))
                    .label(label)
                    .call());
        }
    }
}
