package dev.chainlog.rocksdb;

import dev.chainlog.contract.IdempotencyContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared IdempotencyContract over real RocksDB stores. */
class RocksIdempotencyContractTest extends IdempotencyContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
