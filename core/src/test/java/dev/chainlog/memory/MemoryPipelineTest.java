package dev.chainlog.memory;

import dev.chainlog.contract.LogFixture;
import dev.chainlog.contract.PipelineContract;

class MemoryPipelineTest extends PipelineContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
