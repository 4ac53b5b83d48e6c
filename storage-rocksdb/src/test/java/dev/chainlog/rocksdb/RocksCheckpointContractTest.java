package dev.chainlog.rocksdb;

import dev.chainlog.contract.CheckpointContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared CheckpointContract over real RocksDB stores. */
class RocksCheckpointContractTest extends CheckpointContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
