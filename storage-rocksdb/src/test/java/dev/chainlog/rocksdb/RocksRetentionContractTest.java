package dev.chainlog.rocksdb;

import dev.chainlog.contract.RetentionContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared RetentionContract over real RocksDB stores. */
class RocksRetentionContractTest extends RetentionContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
