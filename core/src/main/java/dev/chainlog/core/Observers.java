package dev.chainlog.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link dev.chainlog.api.LogObserver}: what it throws is logged, never the log's problem. */
final class Observers {
    private static final Logger LOG = LoggerFactory.getLogger(Observers.class);

    private Observers() {
    }

    static void call(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("chainlog: the log observer failed; the log goes on", e);
        }
    }
}
