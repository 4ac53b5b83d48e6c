package dev.chainlog.memory;

import dev.chainlog.contract.ModelContract;
import dev.chainlog.contract.LogFixture;

class MemoryModelTest extends ModelContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
