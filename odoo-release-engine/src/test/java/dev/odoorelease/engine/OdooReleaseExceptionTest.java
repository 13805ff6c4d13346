package dev.odoorelease.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OdooReleaseExceptionTest {
    @Test
    void aReasonThatEndsItsSentenceLeavesNoDoubledPeriod() {
        String reason = "Connection to 127.0.0.1:1 refused. Check that the postmaster is accepting TCP/IP connections.";
        OdooReleaseException e = new OdooReleaseException(
                ErrorCode.DB_CONNECTION, "Unable to connect to PostgreSQL (prod): " + reason + ". Check that the server runs.");
        assertThat(e.getMessage())
                .isEqualTo("Unable to connect to PostgreSQL (prod): Connection to 127.0.0.1:1 refused. Check that the"
                        + " postmaster is accepting TCP/IP connections. Check that the server runs.");
    }

    @Test
    void anEllipsisAndTheCauseAreKept() {
        IllegalStateException cause = new IllegalStateException("x");
        OdooReleaseException e = new OdooReleaseException(ErrorCode.DB_CONNECTION, "Waiting... then failed..", cause);
        assertThat(e.getMessage()).isEqualTo("Waiting... then failed.");
        assertThat(e.getCause()).isSameAs(cause);
    }
}
