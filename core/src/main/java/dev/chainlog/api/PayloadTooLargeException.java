package dev.chainlog.api;

/** The encoded payload is larger than the log's configured limit ({@link EventLogConfig#maxPayloadBytes()}). */
public class PayloadTooLargeException extends InvalidEventException {
    private final long size;
    private final long limit;

    public PayloadTooLargeException(long size, long limit) {
        super("payload is " + size + " bytes encoded, over the limit of " + limit + " bytes");
        this.size = size;
        this.limit = limit;
    }

    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }
}
