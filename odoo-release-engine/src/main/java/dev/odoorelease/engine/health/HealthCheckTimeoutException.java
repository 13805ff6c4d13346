package dev.odoorelease.engine.health;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;

/** An Odoo server did not answer as healthy before the timeout. Carries the last attempt's report. */
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
