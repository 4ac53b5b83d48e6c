package dev.chainlog.rocksdb;

import dev.chainlog.contract.ReadContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared ReadContract over real RocksDB stores. */
class RocksReadContractTest extends ReadContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
