package dev.chainlog.memory;

import dev.chainlog.contract.ConcurrencyContract;
import dev.chainlog.contract.LogFixture;

class MemoryConcurrencyTest extends ConcurrencyContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
