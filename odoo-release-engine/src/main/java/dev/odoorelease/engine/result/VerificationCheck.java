package dev.odoorelease.engine.result;

import java.io.Serializable;

/** One assertion on a scrubbed copy: what was expected, what was seen. */
public record VerificationCheck(String name, boolean passed, String expected, String actual) implements Serializable {
    public static VerificationCheck of(String name, boolean passed, String expected, String actual) {
        return new VerificationCheck(name, passed, expected, actual);
    }

    public String describe() {
        return (passed ? "PASS " : "FAIL ") + name + ": expected " + expected + (passed ? "" : ", saw " + actual);
    }
}
