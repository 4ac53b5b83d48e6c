package dev.chainlog.memory;

import dev.chainlog.contract.ImportContract;
import dev.chainlog.contract.LogFixture;

class MemoryImportTest extends ImportContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
