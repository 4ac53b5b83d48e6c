package dev.chainlog.rocksdb;

import dev.chainlog.api.LogClosedException;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Keeps native calls and the native teardown apart. Freeing a RocksDB handle while another thread is inside a call
 * on it crashes the JVM, so every native call runs between {@link #enter()} and {@link #exit()} (a shared lock held
 * for that one call), and {@link #shut()} takes the exclusive lock: it waits for calls in flight, and no call
 * starts afterwards. Calls are short (a get, a write, one step of a cursor), so close seldom waits long. One is
 * not: the {@link SpaceReclaimer}'s work (a manual compaction, cancelled, and a cut's cleanup, which stops between
 * two chunks), which the store's close stops and joins before {@link #shut()}.
 */
final class Guard {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean shut;

    /** Enters a native call; throws {@link LogClosedException} once the store is closed. */
    void enter() {
        if (!tryEnter()) {
            throw new LogClosedException("the log's storage is closed");
        }
    }

    /** Enters a native call, or returns false once the store is closed. */
    boolean tryEnter() {
        lock.readLock().lock();
        if (shut) {
            lock.readLock().unlock();
            return false;
        }
        return true;
    }

    void exit() {
        lock.readLock().unlock();
    }

    boolean isShut() {
        return shut;
    }

    /** Waits for the calls in flight and refuses new ones. Must not be called from inside a call. */
    void shut() {
        lock.writeLock().lock();
        try {
            shut = true;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
