package io.jenkins.plugins.odoorelease;

import dev.odoorelease.engine.OdooRelease;
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
    Map<String, Object> call(OdooRelease release) throws IOException;
}
