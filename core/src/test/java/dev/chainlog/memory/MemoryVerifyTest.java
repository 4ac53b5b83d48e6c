package dev.chainlog.memory;

import dev.chainlog.contract.VerifyContract;
import dev.chainlog.contract.LogFixture;

class MemoryVerifyTest extends VerifyContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
