package dev.chainlog.checkpoint;

import dev.chainlog.api.ChainlogException;

/** A note or checkpoint that does not follow its format; the message says where. */
public class MalformedNoteException extends ChainlogException {
    public MalformedNoteException(String message) {
        super(message);
    }
}
