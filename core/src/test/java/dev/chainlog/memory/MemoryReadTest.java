package dev.chainlog.memory;

import dev.chainlog.contract.ReadContract;
import dev.chainlog.contract.LogFixture;

class MemoryReadTest extends ReadContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
