package dev.chainlog.rocksdb;

import dev.chainlog.contract.TreeContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared TreeContract over real RocksDB stores. */
class RocksTreeContractTest extends TreeContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
