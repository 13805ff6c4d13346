package dev.odoorelease.engine;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;
import dev.odoorelease.engine.result.HealthReport;

/**
 * An Odoo server did not answer as healthy before the timeout — or, when its container was checked, the container
 * exited, vanished or was restarted by its restart policy, so that waiting on could not help (the message then says
 * "gave up after …"). Carries the last attempt's report, with the container's state and last log lines when a
 * container was checked.
 */
public class HealthCheckTimeoutException extends OdooReleaseException {
    private static final long serialVersionUID = 1L;

    private final HealthReport report;

    public HealthCheckTimeoutException(String message, HealthReport report) {
        super(ErrorCode.HEALTH, message);
        this.report = report;
    }

    /** What the check saw on its last attempt ({@code healthy()} is false). */
    public HealthReport report() {
        return report;
    }
}
