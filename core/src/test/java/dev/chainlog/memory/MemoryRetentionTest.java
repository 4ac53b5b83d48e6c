package dev.chainlog.memory;

import dev.chainlog.contract.RetentionContract;
import dev.chainlog.contract.LogFixture;

class MemoryRetentionTest extends RetentionContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
