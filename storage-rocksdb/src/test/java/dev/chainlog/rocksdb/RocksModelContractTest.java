package dev.chainlog.rocksdb;

import dev.chainlog.contract.ModelContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared ModelContract over real RocksDB stores. */
class RocksModelContractTest extends ModelContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
