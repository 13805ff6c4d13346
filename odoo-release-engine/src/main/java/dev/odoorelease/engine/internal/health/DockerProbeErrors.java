package dev.odoorelease.engine.internal.health;

import dev.odoorelease.engine.ErrorCode;
import dev.odoorelease.engine.OdooReleaseException;

/** Which failed docker calls a health probe reports as a failed probe, and which stop the check. */
final class DockerProbeErrors {
    private DockerProbeErrors() {
    }

    /**
     * Whether a docker call's failure is the probe's answer (docker did not answer this call, the container is gone):
     * the probe fails and the check goes on. Anything else (no docker program, no engine, a full disk, an interrupt) is
     * not a health matter and stops the check.
     */
    static boolean isProbeFailure(OdooReleaseException e) {
        return e.errorCode() == ErrorCode.PROCESS_FAILED || e.errorCode() == ErrorCode.NOT_FOUND;
    }
}
