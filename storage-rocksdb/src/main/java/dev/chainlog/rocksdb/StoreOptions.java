package dev.chainlog.rocksdb;

import dev.chainlog.api.Durability;
import dev.chainlog.api.EventLogConfig;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactRangeOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Every RocksDB option object of one open store, created together and closed together (in reverse order, by
 * {@link Resources}) after the database itself is closed.
 *
 * <p>The choices, for an append-only, hash-chained log whose keys arrive in increasing order:
 * <ul>
 *   <li><b>WAL recovery {@code kTolerateCorruptedTailRecords}</b>: a record torn by a crash at the very end of the
 *       WAL is dropped (it was never acknowledged), but damage in the middle refuses to open. RocksDB's default,
 *       point-in-time recovery, silently stops at the damage and drops every acknowledged write after it
 *       (measured: 500 of 1,000; docs/STORAGE-ROCKSDB.md §3). {@code salvage=true} opens with point-in-time recovery on purpose:
 *       the operator's explicit choice to keep the consistent prefix before the damage.</li>
 *   <li><b>{@code paranoid_checks}</b>: a checksum or consistency error found in the background (compaction,
 *       flush) stops writes instead of being logged and ignored; an audit log must not keep writing on top of
 *       damage.</li>
 *   <li><b>{@code atomic_flush}</b>: all column families are flushed together, so without a WAL ({@code NONE})
 *       what survives a crash is the same prefix in every column family: never an entry without its checksum,
 *       nor a meta ahead of its entries. With a WAL it costs nothing extra: every commit writes every column
 *       family, so they fill up together anyway.</li>
 *   <li><b>LZ4 on every level, ZSTD on the bottommost</b>: entries are JSON, which compresses well. LZ4 is nearly
 *       free on the write path, where recent data is rewritten by compactions; ZSTD compresses tighter at a higher CPU cost, worth it for
 *       the bottommost level, which holds ~90% of the data and is written once and then mostly read by scans
 *       (verify, replay, export).</li>
 *   <li><b>No compression for {@code checksums}</b>: SHA-256 values are random bytes; compressing them costs CPU
 *       and saves nothing.</li>
 *   <li><b>One LRU block cache for all column families</b>, sized by {@code blockCacheBytes}, with index and filter
 *       blocks charged to it (L0's pinned): the memory bound the user configured is the bound, not "the cache plus
 *       every table's index". Bulk scans of pruned data read with {@code fill_cache=false}.</li>
 *   <li><b>Bloom filter (10 bits/key, ~1% false positives) on {@code by_uuid}</b>: it is read by point lookup
 *       before every append with a caller uuid (duplicate check), and most such lookups miss; the filter answers a
 *       miss without reading a data block. {@code entries} and {@code checksums} get no filter: their point reads
 *       (get by seq) almost always hit, where a filter only costs memory. {@code by_request} and
 *       {@code by_source} are read by prefix seek of a variable-length prefix, which a whole-key filter cannot
 *       serve and RocksJava cannot express as a custom prefix extractor.</li>
 *   <li><b>16 KiB blocks for {@code entries}</b>: fewer index entries and better compression of JSON; its reads
 *       are mostly sequential scans. Other column families keep the 4 KiB default (point lookups).</li>
 *   <li><b>{@code level_compaction_dynamic_level_bytes}</b> (RocksDB's default since 8.x, set explicitly): keeps
 *       the bottommost level holding most data, so space amplification stays near 1.1.</li>
 *   <li><b>Column-family {@code ttl} = 1 day, {@code periodic_compaction_seconds} = 30 days</b>: in an append-only
 *       key space, compaction only ever touches the newest key ranges, so files covered by a retention range
 *       deletion could otherwise sit on disk forever. {@code ttl} pushes files older than a day down to where the
 *       tombstones meet the data; periodic compaction makes sure even bottommost files are rewritten once a month
 *       (at the cost of rewriting the log once a month). These are the backstop; the store also compacts the dead
 *       prefix explicitly after each cut ({@link SpaceReclaimer}).</li>
 *   <li><b>{@code max_background_jobs} = 4</b> (RocksDB's default is 2: one flush, one compaction thread): every
 *       atomic flush writes a level-0 file in each of the seven column families, and with a single compaction
 *       thread busy for minutes on {@code entries} (hundreds of MB per compaction past ~30M entries), the small ones
 *       ({@code meta}, {@code by_source}) reach 20 level-0 files and RocksDB stalls writes: appends in batches of
 *       1,000 fell from 245k/s at 10M entries to 99k/s over 100M ({@code benchmarks/scale.sh}, issue 17). Their
 *       compactions are tiny; three threads let them run beside the big one.</li>
 *   <li><b>{@code bytes_per_sync} = 1 MiB</b>: flushes and compactions write their files out incrementally, so a
 *       flush never ends in one huge fsync stalling the WAL fsync of {@code SYNC} appends.</li>
 *   <li><b>The info log goes to SLF4J</b> ({@link Slf4jRocksLogger}), no {@code LOG} file in the folder.</li>
 * </ul>
 */
final class StoreOptions {
    static final long TTL_SECONDS = 24 * 3600;
    static final long PERIODIC_COMPACTION_SECONDS = 30 * 24 * 3600;
    private static final long BYTES_PER_SYNC = 1 << 20;
    private static final int ENTRIES_BLOCK_SIZE = 16 * 1024;
    /** One flush thread and three compaction threads; see the class comment. */
    static final int BACKGROUND_JOBS = 4;
    private static final double BLOOM_BITS_PER_KEY = 10;

    final DBOptions db;
    /** In {@link Column} order, with the default column family last. */
    final List<ColumnFamilyDescriptor> descriptors;
    /** For commits that need no fsync (WAL mode) or have no WAL (NONE mode). */
    final WriteOptions write;
    /** For commits that must be on disk before returning (WAL modes only). */
    final WriteOptions syncWrite;
    final FlushOptions flush;
    final CompactRangeOptions compact;

    /**
     * @param secondary options for a read-only secondary instance beside a writing process: nothing is created,
     *                  and every table file stays open ({@code max_open_files = -1}), so files the writer deletes
     *                  by compaction stay readable until the next catch-up
     */
    StoreOptions(EventLogConfig config, boolean secondary, Resources r) {
        Slf4jRocksLogger logger = r.add(new Slf4jRocksLogger());
        LRUCache cache = r.add(new LRUCache(config.blockCacheBytes()));
        BloomFilter bloom = r.add(new BloomFilter(BLOOM_BITS_PER_KEY));

        db = r.add(new DBOptions())
                .setCreateIfMissing(!secondary)
                // Also for existing logs: an open interrupted while creating the column families left a subset.
                .setCreateMissingColumnFamilies(!secondary)
                .setParanoidChecks(true)
                .setWalRecoveryMode(config.salvage() ? WALRecoveryMode.PointInTimeRecovery
                        : WALRecoveryMode.TolerateCorruptedTailRecords)
                .setAtomicFlush(true)
                .setAvoidFlushDuringShutdown(false)
                .setBytesPerSync(BYTES_PER_SYNC)
                .setMaxBackgroundJobs(BACKGROUND_JOBS)
                .setMaxOpenFiles(-1)
                .setLogger(logger);

        descriptors = new ArrayList<>();
        for (Column c : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(c.nameBytes(), columnOptions(c, cache, bloom, r)));
        }
        // chainlog stores nothing in the default column family; RocksDB requires it to be opened.
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY,
                r.add(new ColumnFamilyOptions())));

        boolean walOff = config.durability() == Durability.NONE;
        write = r.add(new WriteOptions()).setDisableWAL(walOff);
        syncWrite = r.add(new WriteOptions()).setSync(true);
        flush = r.add(new FlushOptions()).setWaitForFlush(true);
        compact = r.add(new CompactRangeOptions())
                .setExclusiveManualCompaction(false) // let automatic compactions of new data run alongside
                .setBottommostLevelCompaction(CompactRangeOptions.BottommostLevelCompaction.kForceOptimized);
    }

    private static ColumnFamilyOptions columnOptions(Column c, LRUCache cache, BloomFilter bloom, Resources r) {
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setCacheIndexAndFilterBlocks(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setIndexType(IndexType.kTwoLevelIndexSearch)
                .setPartitionFilters(true)
                .setPinTopLevelIndexAndFilter(true);
        if (c == Column.ENTRIES) {
            table.setBlockSize(ENTRIES_BLOCK_SIZE);
        }
        if (c == Column.BY_UUID) {
            table.setFilterPolicy(bloom).setWholeKeyFiltering(true);
        }
        ColumnFamilyOptions o = r.add(new ColumnFamilyOptions())
                .setTableFormatConfig(table)
                .setLevelCompactionDynamicLevelBytes(true)
                .setTtl(TTL_SECONDS)
                .setPeriodicCompactionSeconds(PERIODIC_COMPACTION_SECONDS);
        if (c == Column.CHECKSUMS) {
            o.setCompressionType(CompressionType.NO_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.NO_COMPRESSION);
        } else {
            o.setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION);
        }
        return o;
    }
}
