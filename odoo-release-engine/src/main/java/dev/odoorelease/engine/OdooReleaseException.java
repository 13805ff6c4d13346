package dev.odoorelease.engine;

import java.util.regex.Pattern;

/**
 * The one root of every failure the engine reports on purpose.
 *
 * <p>Messages follow one shape: {@code "Unable to <verb> <object> (<facts>): <reason>. <What to do>."}
 * They never contain passwords: anything that could carry one goes through {@link Redactor} first.
 * A message is composed from parts (a driver's or a tool's reason, then what to do), and a part that
 * already ends its sentence must not leave a doubled period behind: {@link #tidy} removes it, so no
 * composition site has to remember.
 */
public class OdooReleaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public OdooReleaseException(ErrorCode errorCode, String message) {
        super(tidy(message));
        this.errorCode = errorCode;
    }

    public OdooReleaseException(ErrorCode errorCode, String message, Throwable cause) {
        super(tidy(message), cause);
        this.errorCode = errorCode;
    }

    /** {@code "refused.. Check"} becomes {@code "refused. Check"}; an ellipsis ({@code "..."}) stays. */
    static String tidy(String message) {
        return message == null ? null : DOUBLED_PERIOD.matcher(message).replaceAll(".");
    }

    private static final Pattern DOUBLED_PERIOD = Pattern.compile("(?<!\\.)\\.\\.(?!\\.)");

    public ErrorCode errorCode() {
        return errorCode;
    }
}
