package dev.odoorelease.cli;

import java.util.EnumSet;
import java.util.Set;

/** The fault-injection suite's manual rollbacks: killed at every step of {@code odoo-release rollback}. */
class CrashRecoveryRollbackIT extends CrashRecoverySuite {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.ROLLBACK);
    }
}
