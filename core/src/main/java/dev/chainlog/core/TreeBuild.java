package dev.chainlog.core;

import dev.chainlog.api.StorageException;
import dev.chainlog.store.CommitBatch;
import dev.chainlog.store.LogMeta;
import dev.chainlog.store.LogStore;
import dev.chainlog.tree.CompactRange;
import dev.chainlog.tree.TiledTree;
import dev.chainlog.tree.TreeHashes;
import dev.chainlog.tree.TreeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-time build of the Merkle tree of a log written before chainlog kept one (docs/FORMAT.md §9b),
 * by the writer's open, before the writer starts: one pass over the checksum column (the leaf data; no value is
 * read), committing the nodes of stored levels in batches as they complete, with progress logged; the last batch
 * stores the tree base, which marks the tree kept. A crash part-way leaves nodes without a base: the next open
 * builds again from the start (the same nodes, written again).
 *
 * <p>A log pruned before it kept a tree cannot be built: the leaf data of the pruned entries is gone, and every
 * root covers leaf 0. The open is refused with what to do.
 */
final class TreeBuild {
    private static final Logger LOG = LoggerFactory.getLogger(TreeBuild.class);
    private static final int CHUNK = 65_536;
    private static final long PROGRESS_EVERY = 1L << 22;

    private TreeBuild() {
    }

    static void build(LogStore store, LogMeta meta) {
        if (meta.logStartSeq() > 1) {
            throw new StorageException("the log was pruned (entries 1.." + (meta.logStartSeq() - 1) + ") before chainlog "
                    + "kept a Merkle tree, and a tree cannot be built without the pruned entries' hashes; open it "
                    + "read-only to read, verify or export it (its checkpoints are chain-head checkpoints)");
        }
        long started = System.nanoTime();
        long head = meta.headSeq();
        LOG.info("chainlog: building the Merkle tree of {} entries, written before chainlog kept one", head);
        CompactRange range = CompactRange.empty();
        List<TreeNode> nodes = new ArrayList<>();
        CompactRange.NodeSink keep = (level, index, hash) -> {
            if (TiledTree.isStored(level)) {
                nodes.add(new TreeNode(level, index, hash));
            }
        };
        long nextProgress = PROGRESS_EVERY;
        for (long from = 1; from <= head; from += CHUNK) {
            long to = Math.min(head + 1, from + CHUNK);
            List<byte[]> sums = store.checksums(from, to);
            if (sums.size() != to - from) {
                throw new StorageException("cannot build the Merkle tree: the checksum of seq " + (from + sums.size())
                        + " is missing; run verify, and salvage the log into a new one");
            }
            for (byte[] sum : sums) {
                range.append(TreeHashes.leafHash(sum), keep);
            }
            boolean last = to == head + 1;
            store.commit(new CommitBatch(List.of(), null, meta, Map.of(), nodes, last ? CompactRange.empty() : null), last);
            nodes.clear();
            if (range.size() >= nextProgress) {
                LOG.info("chainlog: Merkle tree built over {} of {} entries", range.size(), head);
                nextProgress += PROGRESS_EVERY;
            }
        }
        if (head == 0) {
            store.commit(new CommitBatch(List.of(), null, meta, Map.of(), List.of(), CompactRange.empty()), true);
        }
        LOG.info("chainlog: built the Merkle tree of {} entries in {} ms", head, (System.nanoTime() - started) / 1_000_000);
    }
}
