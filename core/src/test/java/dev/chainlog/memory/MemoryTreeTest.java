package dev.chainlog.memory;

import dev.chainlog.contract.LogFixture;
import dev.chainlog.contract.TreeContract;

class MemoryTreeTest extends TreeContract {
    @Override
    protected LogFixture fixture() {
        return new MemoryFixture();
    }
}
