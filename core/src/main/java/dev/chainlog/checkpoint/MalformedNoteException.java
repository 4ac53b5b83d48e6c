package dev.chainlog.checkpoint;

/**
 * A note, checkpoint or key that does not follow its format; the message says where. Bad input, as an
 * {@link IllegalArgumentException} is: this package (notes and keys) sits below the log's API and knows nothing of it.
 */
public class MalformedNoteException extends IllegalArgumentException {
    public MalformedNoteException(String message) {
        super(message);
    }
}
