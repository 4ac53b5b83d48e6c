package dev.chainlog.store;

/**
 * Waiting for a background thread to end, for the log and its stores alike: a close must not return while a thread
 * it stops may still touch a native handle, so the wait goes on through interrupts, and the caller's interrupt is
 * restored afterwards.
 */
public final class Threads {
    private Threads() {
    }

    /** Waits until {@code thread} (or null: nothing) has ended, even when interrupted meanwhile. */
    public static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread != null && thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
