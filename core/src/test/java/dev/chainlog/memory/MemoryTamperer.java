package dev.chainlog.memory;

import dev.chainlog.contract.StoreTamperer;
import dev.chainlog.store.LogMeta;

/** Damages a {@link MemoryLogStore} through its package-private hooks. */
public final class MemoryTamperer implements StoreTamperer {
    private final MemoryLogStore store;

    public MemoryTamperer(MemoryLogStore store) {
        this.store = store;
    }

    @Override
    public void putValue(long seq, byte[] value) {
        store.tamperValue(seq, value);
    }

    @Override
    public void putChecksum(long seq, byte[] checksum) {
        store.tamperChecksum(seq, checksum);
    }

    @Override
    public void delete(long seq, boolean checksumToo) {
        store.tamperDelete(seq, checksumToo);
    }

    @Override
    public void putMeta(LogMeta meta) {
        store.tamperMeta(meta);
    }

    @Override
    public void putSnapshot(String name, long seq, byte[] stored) {
        store.tamperSnapshot(name, seq, stored);
    }

    @Override
    public byte[] snapshot(String name, long seq) {
        return store.snapshot(name, seq);
    }

    @Override
    public void putTreeNode(int level, long index, byte[] hash) {
        store.tamperTreeNode(level, index, hash);
    }

    @Override
    public LogMeta meta() {
        return store.readMeta();
    }
}
