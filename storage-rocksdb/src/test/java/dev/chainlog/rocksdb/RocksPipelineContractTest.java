package dev.chainlog.rocksdb;

import dev.chainlog.contract.LogFixture;
import dev.chainlog.contract.PipelineContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The shared PipelineContract over real RocksDB stores. */
class RocksPipelineContractTest extends PipelineContract {
    @TempDir
    Path storeRoot;

    @Override
    protected LogFixture fixture() {
        return new RocksFixture(storeRoot);
    }
}
