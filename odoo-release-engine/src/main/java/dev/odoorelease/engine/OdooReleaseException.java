package dev.odoorelease.engine;

/**
 * The one root of every failure the engine reports on purpose.
 *
 * <p>Messages follow one shape: {@code "Unable to <verb> <object> (<facts>): <reason>. <What to do>."}
 * They never contain passwords: anything that could carry one goes through {@link Redactor} first.
 */
public class OdooReleaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public OdooReleaseException(ErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public OdooReleaseException(ErrorCode errorCode, String message, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
