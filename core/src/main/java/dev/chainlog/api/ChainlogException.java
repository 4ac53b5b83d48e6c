package dev.chainlog.api;

/**
 * Base of every exception chainlog throws on purpose. Catching it catches all of chainlog's specific failures;
 * the subclasses say what went wrong.
 */
public class ChainlogException extends RuntimeException {
    public ChainlogException(String message) {
        super(message);
    }

    public ChainlogException(String message, Throwable cause) {
        super(message, cause);
    }
}
