package dev.odoorelease.cli;

import java.util.EnumSet;
import java.util.Set;

/**
 * The fault-injection suite's refreshes: {@code odoo-release refresh staging} killed at every step of its container
 * handover (staging's Odoo stopped and kept, the refreshed copy swapped in, the image started again and health-checked),
 * then {@code recover staging}. The clone inside a refresh reaches the same {@code clone:*} points as a stage clone, which
 * {@link CrashRecoveryStagingIT} covers.
 */
class CrashRecoveryRefreshIT extends CrashRecoverySuite {
    @Override
    Set<Scenario> scenarios() {
        return EnumSet.of(Scenario.REFRESH);
    }
}
