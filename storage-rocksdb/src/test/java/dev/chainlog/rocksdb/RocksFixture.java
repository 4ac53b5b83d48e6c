package dev.chainlog.rocksdb;

import dev.chainlog.api.Backend;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.contract.LogFixture;
import dev.chainlog.contract.StoreTamperer;
import dev.chainlog.store.LogStore;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The contract tests' view of the rocksdb backend: each store is a real RocksDB in its own folder. */
final class RocksFixture extends LogFixture {
    private final Path root;
    private final AtomicInteger next = new AtomicInteger();

    RocksFixture(Path root) {
        this.root = root;
    }

    @Override
    protected Backend backend() {
        return Backend.ROCKSDB;
    }

    @Override
    protected LogStore newStore() {
        return RocksLogStore.open(EventLogConfig.rocksdb(root.resolve("log-" + next.incrementAndGet())));
    }

    @Override
    protected StoreTamperer tamperer(LogStore store) {
        return new RocksTamperer((RocksLogStore) store);
    }
}
