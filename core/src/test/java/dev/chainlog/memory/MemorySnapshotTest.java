package dev.chainlog.memory;

import dev.chainlog.contract.LogFixture;
import dev.chainlog.contract.SnapshotContract;

class MemorySnapshotTest extends SnapshotContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
