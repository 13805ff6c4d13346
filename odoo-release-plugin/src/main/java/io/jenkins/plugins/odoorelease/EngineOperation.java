package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
import dev.odoorelease.engine.progress.ProgressListener;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;

/**
 * One engine operation of a step, run on the agent by {@link AgentCall}: a small record holding the step's arguments
 * that calls one method of the facade. It returns JDK types only (maps, lists, strings, numbers, booleans): that is
 * what the Pipeline script receives, and classes of bundled libraries such as the engine may not travel back to the
 * controller (JEP-200).
 */
interface EngineOperation extends Serializable {
    /** Calls the facade; {@code log} is the build log, for a summary the operation prints itself. */
    Map<String, Object> call(OdooRelease release, ProgressListener log) throws IOException;
}
