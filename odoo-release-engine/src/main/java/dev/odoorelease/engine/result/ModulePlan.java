package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The modules a deploy will update and why: {@code reasons} maps each module to "files changed
 * between A and B", "manifest 17.0.1.4 ahead of installed 17.0.1.3", "asked for". {@code updateArg}
 * is what goes to {@code odoo -u}; empty means no module update.
 *
 * <p>{@code warnings}: why the new code may not match the database's schema after this plan — no module update at
 * all ({@code update: none}), or installed modules whose manifest version at the deployed commit differs from
 * {@code ir_module_module.latest_version} and which the plan does not update. Odoo loads such a registry without a
 * word and then answers 500 to every request that reads a new field (a login, for one), so a deploy with warnings
 * is refused unless the caller explicitly allows it ({@link DeployCommand#allowSkippedUpdates(boolean)}).
 */
public record ModulePlan(List<String> modules, Map<String, String> reasons, String updateArg, List<String> notes,
                         List<String> warnings) implements Serializable {
    public ModulePlan {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public ModulePlan(List<String> modules, Map<String, String> reasons, String updateArg, List<String> notes) {
        this(modules, reasons, updateArg, notes, List.of());
    }

    public boolean updatesSomething() {
        return !updateArg.isEmpty();
    }
}
