package dev.odoorelease.cli;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The fault-injection suite's restores, discards and stage clones: killed at every step, and PostgreSQL stopped between
 * a restore's and a clone's filestore and database swaps.
 */
class CrashRecoveryStagingIT extends CrashRecoverySuite {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.RESTORE, Scenario.DISCARD_REPLACED, Scenario.STAGE_CLONE);
    }

    @Override
    List<String> pgStoppedPoints() {
        return List.of("restore:filestore-swapped", "clone:filestore-swapped");
    }
}
