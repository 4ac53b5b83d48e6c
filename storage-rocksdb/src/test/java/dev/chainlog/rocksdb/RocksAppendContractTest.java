package dev.chainlog.rocksdb;

import dev.chainlog.contract.AppendContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared AppendContract over real RocksDB stores. */
class RocksAppendContractTest extends AppendContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
