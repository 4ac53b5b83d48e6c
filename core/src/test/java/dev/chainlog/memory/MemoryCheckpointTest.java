package dev.chainlog.memory;

import dev.chainlog.contract.CheckpointContract;
import dev.chainlog.contract.LogFixture;

class MemoryCheckpointTest extends CheckpointContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
