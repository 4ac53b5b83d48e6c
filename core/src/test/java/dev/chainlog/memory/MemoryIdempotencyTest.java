package dev.chainlog.memory;

import dev.chainlog.contract.IdempotencyContract;
import dev.chainlog.contract.LogFixture;

class MemoryIdempotencyTest extends IdempotencyContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
