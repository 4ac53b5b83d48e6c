package dev.chainlog.chain;

/** A stored value that is not a well-formed chainlog entry (see {@link EntryCodec}); verify reports it as unreadable. */
public class MalformedValueException extends RuntimeException {
    public MalformedValueException(String message) {
        super(message);
    }

    public MalformedValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
