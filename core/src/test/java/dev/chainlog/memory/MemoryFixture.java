package dev.chainlog.memory;

import dev.chainlog.api.Backend;
import dev.chainlog.contract.LogFixture;
import dev.chainlog.contract.StoreTamperer;
import dev.chainlog.store.LogStore;

/** Runs the contract tests over {@link MemoryLogStore}. */
public final class MemoryFixture extends LogFixture {
    @Override
    protected Backend backend() {
        return Backend.MEMORY;
    }

    @Override
    protected LogStore newStore() {
        return new MemoryLogStore();
    }

    @Override
    protected StoreTamperer tamperer(LogStore store) {
        return new MemoryTamperer((MemoryLogStore) store);
    }
}
