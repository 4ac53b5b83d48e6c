package dev.chainlog.rocksdb;

import dev.chainlog.contract.ImportContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared ImportContract over real RocksDB stores. */
class RocksImportContractTest extends ImportContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
