package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.progress.ProgressListener;
import hudson.AbortException;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One engine operation of a step, run on the agent by {@link AgentCall}: a small record holding the step's arguments
 * that calls one method of the facade. It returns JDK types only (maps, lists, strings, numbers, booleans): that is
 * what the Pipeline script receives, and classes of bundled libraries such as the engine may not travel back to the
 * controller (JEP-200).
 */
interface EngineOperation extends Serializable {
    /** Calls the facade; {@code log} is the build log, for a summary the operation prints itself. */
    Map<String, Object> call(OdooRelease release, ProgressListener log) throws IOException;

    /**
     * The step's failure for an engine failure, thrown on the agent and sent to the controller: the message only, by
     * default. An operation whose failure carries more for the step (a report to archive) returns an
     * {@link AbortException} of its own, with plain values only (the engine's exception may not travel).
     *
     * @param redact hides the build's secrets; apply it to every text taken from {@code failure}
     */
    default AbortException failure(OdooReleaseException failure, UnaryOperator<String> redact) {
        return new AbortException(redact.apply(failure.getMessage()));
    }
}
