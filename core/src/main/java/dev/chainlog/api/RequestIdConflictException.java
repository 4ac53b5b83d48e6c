package dev.chainlog.api;

/**
 * A request id was reused for a different body (other kinds, payloads, sources, meta or entry count), or its
 * first application is only partly retained. Retrying the same body with the same id is not an error: it returns
 * the entries of the first application.
 */
public class RequestIdConflictException extends ChainlogException {
    private final String requestId;

    public RequestIdConflictException(String requestId, String reason) {
        super("request id '" + requestId + "' " + reason);
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
