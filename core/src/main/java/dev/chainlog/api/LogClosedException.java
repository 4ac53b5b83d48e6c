package dev.chainlog.api;

/** The log was closed (or is closing) and accepts no more appends or reads. */
public class LogClosedException extends ChainlogException {
    public LogClosedException(String message) {
        super(message);
    }
}
