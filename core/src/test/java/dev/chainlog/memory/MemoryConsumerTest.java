package dev.chainlog.memory;

import dev.chainlog.contract.ConsumerContract;
import dev.chainlog.contract.LogFixture;

class MemoryConsumerTest extends ConsumerContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
