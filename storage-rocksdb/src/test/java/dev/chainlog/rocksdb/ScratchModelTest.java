package dev.chainlog.rocksdb;

import dev.chainlog.contract.LogFixture;
import dev.chainlog.contract.ModelContract;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;

class ScratchModelTest extends ModelContract {
    @TempDir Path dir;
    @Override protected LogFixture fixture() {
        return Boolean.getBoolean("mem") ? new dev.chainlog.memory.MemoryFixture() : new RocksFixture(dir);
    }
}
