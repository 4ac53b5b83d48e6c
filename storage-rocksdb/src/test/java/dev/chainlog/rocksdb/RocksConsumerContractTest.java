package dev.chainlog.rocksdb;

import dev.chainlog.contract.ConsumerContract;
import dev.chainlog.contract.LogFixture;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared ConsumerContract over real RocksDB stores. */
class RocksConsumerContractTest extends ConsumerContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
