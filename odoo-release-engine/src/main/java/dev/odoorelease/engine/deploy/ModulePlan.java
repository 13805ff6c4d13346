package dev.odoorelease.engine.deploy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The modules a deploy will update and why: {@code reasons} maps each module to "files changed
 * between A and B", "manifest 17.0.1.4 ahead of installed 17.0.1.3", "asked for". {@code updateArg}
 * is what goes to {@code odoo -u}; empty means no module update.
 */
public record ModulePlan(List<String> modules, Map<String, String> reasons, String updateArg, List<String> notes)
        implements Serializable {
    public boolean updatesSomething() {
        return !updateArg.isEmpty();
    }
}
