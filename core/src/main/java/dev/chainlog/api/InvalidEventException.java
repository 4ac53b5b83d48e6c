package dev.chainlog.api;

/**
 * An event was rejected before anything was written: blank or over-long kind, a payload that is not a JSON object,
 * a malformed uuid, source or request id, an empty batch. No seq was consumed.
 */
public class InvalidEventException extends ChainlogException {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
