package dev.odoorelease.engine.result;

import java.io.Serializable;
import java.util.Objects;

/**
 * The outcome of one probe of one attempt: what was asked, what was expected and what was seen.
 *
 * @param probe    the request, e.g. {@code GET /web/login?db=prod}
 * @param passed   whether the answer was the expected one
 * @param expected the expected answer, e.g. {@code HTTP 200}
 * @param actual   the answer seen, e.g. {@code HTTP 500 Internal Server Error} or {@code no connection}
 */
public record ProbeResult(String probe, boolean passed, String expected, String actual) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ProbeResult {
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
    }

    public static ProbeResult pass(String probe, String expected, String actual) {
        return new ProbeResult(probe, true, expected, actual);
    }

    public static ProbeResult fail(String probe, String expected, String actual) {
        return new ProbeResult(probe, false, expected, actual);
    }

    /** {@code "GET /web/login?db=prod: expected HTTP 200, saw HTTP 500"}. */
    public String describe() {
        return probe + ": expected " + expected + ", saw " + actual;
    }
}
