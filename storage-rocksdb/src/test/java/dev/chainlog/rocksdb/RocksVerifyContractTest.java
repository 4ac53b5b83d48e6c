package dev.chainlog.rocksdb;

import dev.chainlog.contract.VerifyContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared VerifyContract over real RocksDB stores. */
class RocksVerifyContractTest extends VerifyContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
