package dev.chainlog.memory;

import dev.chainlog.contract.AppendContract;
import dev.chainlog.contract.LogFixture;

class MemoryAppendTest extends AppendContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
