package dev.chainlog.memory;

import dev.chainlog.api.EventLogConfig;
import dev.chainlog.store.LogStore;
import dev.chainlog.store.LogStoreProvider;

/** The {@code memory} backend's stores, found like every other backend's (META-INF/services). */
public final class MemoryStoreProvider implements LogStoreProvider {
    @Override
    public String backend() {
        return "memory";
    }

    @Override
    public LogStore open(EventLogConfig config) {
        return new MemoryLogStore();
    }
}
