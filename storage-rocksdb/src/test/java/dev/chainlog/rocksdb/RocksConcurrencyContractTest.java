package dev.chainlog.rocksdb;

import dev.chainlog.contract.ConcurrencyContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared ConcurrencyContract over real RocksDB stores. */
class RocksConcurrencyContractTest extends ConcurrencyContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
