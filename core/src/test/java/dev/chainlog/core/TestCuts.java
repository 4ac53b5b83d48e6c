package dev.chainlog.core;

import dev.chainlog.store.LogStore;
import dev.chainlog.store.PreparedCut;

/** Prepares a cut as the log does: with the compact range of the leaves it prunes, read from the store's tree. */
final class TestCuts {
    private TestCuts() {
    }

    static PreparedCut prepare(LogStore store, long newStart) {
        return store.prepareCut(newStart, new LogTree(store).rangeBelow(newStart - 1));
    }
}
