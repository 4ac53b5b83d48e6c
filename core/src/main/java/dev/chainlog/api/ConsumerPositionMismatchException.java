package dev.chainlog.api;

/**
 * A durable consumer's committed position names an entry the log does not hold: the seq is beyond the head, or the
 * entry there has another hash. The log was rewritten (or truncated) under the consumer, or the consumer committed a
 * position of another log: resuming would skip or repeat what it cannot know, so it is refused.
 */
public class ConsumerPositionMismatchException extends ChainlogException {
    public ConsumerPositionMismatchException(String message) {
        super(message);
    }
}
