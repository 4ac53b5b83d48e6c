package dev.chainlog.kafka;

import dev.chainlog.api.ChainlogException;

/**
 * Why a {@link KafkaForwarder} stopped: it cannot go on without breaking exactly-once or the chain, and says what an
 * operator must look at. Transient broker trouble is not one of these: the forwarder retries that by itself.
 */
public class ForwarderException extends ChainlogException {
    public ForwarderException(String message) {
        super(message);
    }

    public ForwarderException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The log no longer holds, at the seq the topic says was forwarded last, the entry that was forwarded. */
    public static final class LogRewritten extends ForwarderException {
        public LogRewritten(String message) {
            super(message);
        }
    }

    /** An entry (with its headers) is larger than the producer or the topic accepts: it is never silently dropped. */
    public static final class EntryTooLarge extends ForwarderException {
        private final long seq;

        public EntryTooLarge(long seq, String message, Throwable cause) {
            super(message, cause);
            this.seq = seq;
        }

        public long seq() {
            return seq;
        }
    }

    /** Another forwarder with the same transactional id took over (zombie fencing): this one must stop. */
    public static final class Fenced extends ForwarderException {
        public Fenced(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
