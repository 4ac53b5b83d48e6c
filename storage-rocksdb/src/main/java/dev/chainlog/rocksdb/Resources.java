package dev.chainlog.rocksdb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Native objects owned together, closed in reverse order of acquisition. Every RocksJava object (options, cache,
 * filter, handles, the database) holds C++ memory that the garbage collector never frees, and an object must
 * outlive everything that refers to it (a cache outlives the options that use it, the options outlive the
 * database). Registering each object here the moment it is created makes both rules hold on every path,
 * including a failed open.
 */
final class Resources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Resources.class);
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    /** Takes ownership of {@code resource} and returns it. */
    <T extends AutoCloseable> T add(T resource) {
        owned.push(resource);
        return resource;
    }

    /** Closes everything, newest first. A failure is logged and does not stop the others from closing. */
    @Override
    public void close() {
        while (!owned.isEmpty()) {
            AutoCloseable r = owned.pop();
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
