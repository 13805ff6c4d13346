package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.Redactor;
import dev.odoorelease.engine.progress.ProgressListener;
import hudson.model.TaskListener;
import java.io.PrintStream;

/**
 * The engine's progress, line by line into the build log as it reports it. Runs on the agent (the listener is
 * remotable). Every line goes through the redactor of the build's secrets once more: the engine already redacts,
 * this makes a slip there not a leak here.
 */
final class BuildLogProgress implements ProgressListener {
    private final PrintStream log;
    private final Redactor redactor;

    BuildLogProgress(TaskListener listener, Redactor redactor) {
        this.log = listener.getLogger();
        this.redactor = redactor;
    }

    @Override
    public void info(String message) {
        log.println(redactor.redact(message));
    }
}
