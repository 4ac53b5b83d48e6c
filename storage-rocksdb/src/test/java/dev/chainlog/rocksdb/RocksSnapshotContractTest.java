package dev.chainlog.rocksdb;

import dev.chainlog.contract.SnapshotContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared SnapshotContract over real RocksDB stores. */
class RocksSnapshotContractTest extends SnapshotContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
