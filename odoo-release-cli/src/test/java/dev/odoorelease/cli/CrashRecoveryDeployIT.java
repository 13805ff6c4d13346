package dev.odoorelease.cli;

import java.util.EnumSet;
import java.util.Set;

/** The fault-injection suite's deploys: killed at every step of a deploy that succeeds and of one that rolls back. */
class CrashRecoveryDeployIT extends CrashRecoverySuite {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.DEPLOY, Scenario.FAILED_DEPLOY);
    }
}
