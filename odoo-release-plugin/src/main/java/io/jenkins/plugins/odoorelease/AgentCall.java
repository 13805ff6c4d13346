package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.config.ReleaseConfig;
import dev.odoorelease.engine.progress.ProgressListener;
import hudson.AbortException;
import hudson.model.TaskListener;
import java.io.IOException;
import java.util.Map;
import jenkins.security.MasterToSlaveCallable;

/**
 * Runs one {@link EngineOperation} on the agent, where Docker, pg_dump and the database network are: builds the
 * facade from the build's {@link ReleaseConfig} (serializable, secrets included, held in memory only), reports its
 * progress to the build log, redacts the result, and turns engine failures into {@link AbortException}s: their
 * message, redacted, without a stack trace. The build log is flushed before the call returns, as core's launcher does.
 */
final class AgentCall extends MasterToSlaveCallable<Map<String, Object>, IOException> {
    private static final long serialVersionUID = 1L;

    private final ReleaseConfig config;
    private final String branch;
    private final String build;
    private final TaskListener listener;
    private final String token;
    private final EngineOperation operation;

    AgentCall(
            ReleaseConfig config,
            String branch,
            String build,
            TaskListener listener,
            String token,
            EngineOperation operation) {
        this.config = config;
        this.branch = branch;
        this.build = build;
        this.listener = listener;
        this.token = token;
        this.operation = operation;
    }

    String token() {
        return token;
    }

    @Override
    public Map<String, Object> call() throws IOException {
        Redactor redactor = Redactor.of(config.secrets());
        RunningOperations.started(token);
        try {
            ProgressListener log = new BuildLogProgress(listener, redactor);
            OdooRelease release =
                    new OdooRelease(config).progress(log).branch(branch).build(build);
            // the result goes into the script, the program's state and build.xml: no secret may ride along
            return Results.plain(operation.call(release, log), redactor::redact);
        } catch (OdooReleaseException e) {
            throw operation.failure(e, redactor::redact);
        } finally {
            RunningOperations.finished(token);
            // an abort was answered by finishing or rolling back; the step reports it, the thread goes back clean
            Thread.interrupted();
            // the remote log stream sends what it holds every second or on flush: without this the last lines printed
            // here (the engine's summary, the rollback) arrive after the step ended, or never
            listener.getLogger().flush();
        }
    }
}
