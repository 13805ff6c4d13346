package io.jenkins.plugins.odoorelease;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.BuildListenerAdapter;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * How an Odoo step runs: off the CPS VM thread, it resolves the project's configuration for the build on the
 * controller, runs one {@link EngineOperation} on the agent of the enclosing {@code node} and maps the result.
 *
 * <p><b>Aborting the build</b> while the engine works does not cut it off half-way. The first abort asks the engine to
 * stop safely (see {@link RunningOperations}: a deploy rolls back, an unfinished copy is discarded, a swap completes)
 * and the step waits for it, reports what happened (the rollback, in the build log and on the build page), then
 * fails with the abort. A second abort, or "forcibly terminate", stops waiting at once; the engine's journal then
 * lets the next {@code odooDeploy recover: true} finish or roll back whatever was left. A controller restart during a
 * step fails it the same way ({@code SynchronousResumeNotSupportedException}).
 *
 * @param <S> the step, whose arguments the execution reads (not kept across a restart: the step cannot resume)
 * @param <T> what the step returns to the Pipeline script
 */
abstract class OdooStepExecution<S extends OdooStep, T> extends GeneralNonBlockingStepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(OdooStepExecution.class.getName());

    /** The engine operation running on the agent, while it does. */
    private transient volatile Running running;
    /** A first abort, answered once the engine is done. */
    private transient volatile Throwable stopping;
    /** The project the last {@link #runOnAgent} worked on. */
    private transient volatile String projectName;

    private record Running(VirtualChannel channel, String token) {}

    protected final transient S step;

    protected OdooStepExecution(S step, StepContext context) {
        super(context);
        this.step = step;
    }

    /** The step's work, on a background thread; throw {@link AbortException} for a clean failure. */
    protected abstract T execute() throws Exception;

    @Override
    public final boolean start() {
        run(() -> {
            T result;
            try {
                result = execute();
            } catch (Exception | Error e) {
                Throwable stop = stopping;
                if (stop == null) {
                    throw e;
                }
                if (e instanceof AbortException) {
                    listener().getLogger().println(e.getMessage()); // how the engine stopped, before the build does
                }
                stop.addSuppressed(e);
                getContext().onFailure(stop);
                return;
            }
            Throwable stop = stopping;
            if (stop != null) {
                getContext().onFailure(stop);
            } else {
                getContext().onSuccess(result);
            }
        });
        return false;
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        Running r = running;
        if (r == null || stopping != null) {
            super.stop(cause); // not in the engine, or asked twice: stop now
            return;
        }
        stopping = cause;
        getContext().get(TaskListener.class).getLogger().println(Messages.OdooStepExecution_Stopping());
        Timer.get().submit(() -> {
            try {
                r.channel().call(new RunningOperations.Abort(r.token()));
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Could not ask the Odoo operation " + r.token() + " to stop", e);
            }
        });
    }

    /**
     * Runs {@code operation} on the agent with the project's configuration for this build.
     *
     * @param project      the step's {@code project:} (null: the variable, else the only project)
     * @param environments the environments the operation works on (their secrets are resolved)
     * @param changes      the environment the operation changes, for the production guard; null when it changes none
     */
    protected final Map<String, Object> runOnAgent(
            @CheckForNull String project,
            Set<String> environments,
            @CheckForNull String changes,
            EngineConfigs.Overrides overrides,
            EngineOperation operation)
            throws Exception {
        StepContext c = getContext();
        Run<?, ?> run = c.get(Run.class);
        FilePath workspace = c.get(FilePath.class);
        EnvVars vars = c.get(EnvVars.class);
        OdooProject p = project(project);
        projectName = p.getName();
        String branch = OdooStep.branch(vars);
        try (EngineConfigs config = EngineConfigs.forBuild(p, run, workspace, vars, environments, overrides)) {
            // the engine lets a null branch (an operator at a terminal) change production; a build always has one
            if (changes != null
                    && branch == null
                    && config.config().environments().stream()
                            .anyMatch(e -> e.name().equals(changes) && e.isProduction())) {
                throw new AbortException(Messages.OdooStepExecution_UnknownBranch(changes));
            }
            AgentCall call = new AgentCall(
                    config.config(),
                    branch,
                    "jenkins " + run.getParent().getFullName() + " #" + run.getNumber(),
                    c.get(TaskListener.class),
                    UUID.randomUUID().toString(),
                    operation);
            running = new Running(workspace.getChannel(), call.token());
            try {
                return workspace.act(call);
            } finally {
                running = null;
            }
        }
    }

    /** The project of this step ({@code project:}, else {@code ODOO_RELEASE_PROJECT}, else the only one). */
    protected final OdooProject project(@CheckForNull String project) throws Exception {
        String name = project != null
                ? project
                : getContext().get(EnvVars.class).get(OdooReleaseConfiguration.PROJECT_VARIABLE);
        return OdooReleaseConfiguration.get().project(name);
    }

    /** Records what the operation did on the build page (and for the job page). */
    protected final void record(
            OdooDeploymentAction.Operation operation, String environment, Map<String, Object> result) throws Exception {
        build().addAction(new OdooDeploymentAction(operation, projectName, environment, result));
    }

    /** A step's mandatory argument, or a clean failure naming it. */
    protected static String required(@CheckForNull String value, String argument) throws AbortException {
        if (value == null) {
            throw new AbortException(Messages.OdooStepExecution_Required(argument));
        }
        return value;
    }

    /**
     * A stage clone's or refresh's failure after it wrote its differences report: the report archived like a successful
     * one's, and the failure on the build page.
     */
    protected final void recordFailure(
            String source, String target, String from, OdooStageCloneStep.FailedWithReport failed) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("operationId", failed.operationId);
        r.put("source", source);
        r.put("target", target);
        r.put("from", from);
        r.put("status", "failed");
        r.put("cause", failed.getMessage());
        r.put("reportJson", failed.reportJson);
        r.put("reportMarkdown", failed.reportMarkdown);
        try {
            archiveReport(r);
        } catch (IOException | RuntimeException e) {
            listener().error(e.getMessage()); // the operation's failure is what the step reports
        }
        record(OdooDeploymentAction.Operation.STAGE_CLONE, target, r);
    }

    /** The differences report, from the agent into the build's artifacts; their paths go into the result. */
    protected final void archiveReport(Map<String, Object> r) throws Exception {
        String name = OdooStageCloneStep.ARTIFACTS + "stage-clone-" + r.get("target") + "-" + r.get("operationId");
        r.put("report", archive((String) r.get("reportMarkdown"), name + ".md", Messages::OdooStageCloneStep_Archived));
        r.put(
                "reportJsonArtifact",
                archive((String) r.get("reportJson"), name + ".json", Messages::OdooStageCloneStep_Archived));
    }

    /**
     * A report file from the agent into the build's artifacts, logged with {@code archived} (given the artifact's
     * path); returns that path, or null for no file.
     */
    protected final String archive(String path, String artifact, java.util.function.Function<Object, String> archived)
            throws Exception {
        if (path == null) {
            return null;
        }
        StepContext c = getContext();
        FilePath file = new FilePath(c.get(FilePath.class).getChannel(), path);
        if (!file.exists()) {
            throw new AbortException(Messages.OdooStageCloneStep_NoReport(path));
        }
        TaskListener listener = listener();
        build().pickArtifactManager()
                .archive(
                        file.getParent(),
                        c.get(Launcher.class),
                        new BuildListenerAdapter(listener),
                        Map.of(artifact, file.getName()));
        listener.getLogger().println(archived.apply(artifact));
        return artifact;
    }

    protected final TaskListener listener() throws Exception {
        return getContext().get(TaskListener.class);
    }

    protected final Run<?, ?> build() throws Exception {
        return getContext().get(Run.class);
    }
}
