package dev.odoorelease.cli;

import java.util.EnumSet;
import java.util.Set;

/**
 * The fault-injection suite's rehearsals: {@code odoo-release rehearse production} killed at each of its steps (its history
 * entry and snapshot pin taken; the copy made; the copy neutral and listed; its server container running; everything
 * dropped but its history not yet closed), production compared before and after, and the leftovers swept by
 * {@code recover production} or by the next rehearsal. Needs no staging copy: its set-up skips the stage clone.
 */
class CrashRecoveryRehearsalIT extends CrashRecoverySuite implements CrashRecoverySuite.WithoutStaging {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.REHEARSAL);
    }
}
