package dev.chainlog.api;

/** The caller-supplied uuid is already used by a retained entry (or twice within one batch). Nothing was written. */
public class DuplicateUuidException extends InvalidEventException {
    private final String uuid;

    public DuplicateUuidException(String uuid, String where) {
        super("uuid '" + uuid + "' is already used " + where);
        this.uuid = uuid;
    }

    public String uuid() {
        return uuid;
    }
}
