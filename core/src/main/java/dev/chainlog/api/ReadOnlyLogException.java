package dev.chainlog.api;

/** A write (append, clear, retention, import, backup) on a log opened read-only with {@link EventLogs#openReadOnly}. */
public class ReadOnlyLogException extends ChainlogException {
    public ReadOnlyLogException(String operation) {
        super("cannot " + operation + ": the log is open read-only");
    }
}
