package dev.chainlog.api;

import dev.chainlog.checkpoint.CheckpointPolicy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to open a log. Build one with {@link #builder()} or parse one from string properties with
 * {@link #fromProperties(Map)}; every value is checked when it is set, and an invalid one is a
 * {@link ConfigException} naming the setting and what it accepts (never a silent default).
 *
 * @param backend          where entries live (default {@link Backend#ROCKSDB})
 * @param path             the log's folder (rocksdb only)
 * @param durability       what an acknowledged append survives (default {@link Durability#WAL})
 * @param ttl              entries older than this vanish (null: keep forever)
 * @param maxEntries       at most this many entries are retained (0: unbounded; the memory backend then keeps
 *                         {@link #DEFAULT_MEMORY_MAX_ENTRIES})
 * @param maxPayloadBytes  the largest encoded payload accepted (default 1 MiB)
 * @param syncInterval     in {@code WAL} mode, how often the WAL is fsynced in the background
 * @param retentionInterval how often expired entries are physically removed (reads hide them immediately)
 * @param blockCacheBytes  RocksDB block cache size
 * @param reclaimInBackground whether the writing process gives the disk space of retention cuts back by itself
 *                         (default true: a background thread compacts, throttled); false: only when asked
 *                         ({@link EventLog#reclaimSpace}, {@code chainlog compact}), e.g. at a quiet hour. The cut
 *                         itself, and the removal of the pruned entries, are the same either way.
 * @param salvage          open a log whose write-ahead log is damaged in the middle by keeping the consistent
 *                         prefix before the damage and dropping the rest (normally such a log refuses to open,
 *                         because dropping acknowledged writes silently is worse); see docs/FORMAT.md
 * @param checkpoints      when the log signs checkpoints by itself (null: never; see {@link CheckpointPolicy})
 * @param clock            the source of entry timestamps (inject one in tests)
 * @param observer         told of the log's work, for metrics ({@link LogObserver#NONE}: nobody)
 */
public record EventLogConfig(Backend backend, Path path, Durability durability, Duration ttl, long maxEntries,
                             int maxPayloadBytes, Duration syncInterval, Duration retentionInterval,
                             long blockCacheBytes, boolean reclaimInBackground, boolean salvage,
                             CheckpointPolicy checkpoints, Clock clock, LogObserver observer) {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
    public static final long DEFAULT_MEMORY_MAX_ENTRIES = 100_000;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_RETENTION_INTERVAL = Duration.ofSeconds(1);
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 32L << 20;

    /** The keys {@link #fromProperties} understands. */
    public static final Set<String> PROPERTY_KEYS = Set.of("backend", "path", "durability", "ttl", "maxEntries",
            "maxPayloadBytes", "syncIntervalMs", "retentionIntervalMs", "blockCacheBytes", "reclaimInBackground");

    public EventLogConfig {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(clock, "clock");
        observer = observer == null ? LogObserver.NONE : observer;
        if (backend.equals(Backend.ROCKSDB) && path == null) {
            throw new ConfigException("the rocksdb backend needs a path (the log's folder)");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new ConfigException("ttl must be positive, got " + ttl);
        }
        if (maxEntries < 0) {
            throw new ConfigException("maxEntries must be >= 0 (0 = unbounded), got " + maxEntries);
        }
        if (maxPayloadBytes < 2) {
            throw new ConfigException("maxPayloadBytes must be >= 2 (an empty object), got " + maxPayloadBytes);
        }
        requirePositive("syncInterval", syncInterval);
        requirePositive("retentionInterval", retentionInterval);
        if (blockCacheBytes < 0) {
            throw new ConfigException("blockCacheBytes must be >= 0, got " + blockCacheBytes);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigException(name + " must be a positive duration, got " + d);
        }
    }

    /**
     * The longest line an entry of this log can take in an export (or a stdin line of {@code chainlog append}): the
     * payload limit plus room for every other field (meta is at most {@link Event#MAX_META_BYTES}, the other strings
     * 256 chars each). Longer lines are refused without being held in memory whole.
     */
    public long maxExportLineBytes() {
        return maxExportLineBytes(maxPayloadBytes);
    }

    /** @throws PayloadTooLargeException when {@code event}'s payload is larger than this log accepts */
    public void checkPayload(Event event) {
        if (event.payloadSize() > maxPayloadBytes) {
            throw new PayloadTooLargeException(event.payloadSize(), maxPayloadBytes);
        }
    }

    /** {@link #maxExportLineBytes()} of a log whose payload limit is {@code maxPayloadBytes}. */
    public static long maxExportLineBytes(int maxPayloadBytes) {
        return maxPayloadBytes + 64L * 1024;
    }

    /** The bound actually enforced: {@code maxEntries}, or for the memory backend its default bound. */
    public long effectiveMaxEntries() {
        return maxEntries == 0 && backend.equals(Backend.MEMORY) ? DEFAULT_MEMORY_MAX_ENTRIES : maxEntries;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EventLogConfig memory() {
        return builder().backend(Backend.MEMORY).build();
    }

    public static EventLogConfig rocksdb(Path path) {
        return builder().backend(Backend.ROCKSDB).path(path).build();
    }

    public Builder toBuilder() {
        return new Builder().backend(backend).path(path).durability(durability).ttl(ttl).maxEntries(maxEntries)
                .maxPayloadBytes(maxPayloadBytes).syncInterval(syncInterval).retentionInterval(retentionInterval)
                .blockCacheBytes(blockCacheBytes).reclaimInBackground(reclaimInBackground).salvage(salvage).checkpoints(checkpoints).clock(clock)
                .observer(observer);
    }

    /**
     * Parses string settings (from a properties file, environment or flags). Unknown keys are an error, so a typo
     * never silently falls back to a default. Durations are ISO-8601 ({@code PT24H}) or a number with a unit
     * ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}).
     */
    public static EventLogConfig fromProperties(Map<String, String> props) {
        Set<String> unknown = new TreeSet<>(props.keySet());
        unknown.removeAll(PROPERTY_KEYS);
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown setting(s) " + unknown + "; valid settings: " + new TreeSet<>(PROPERTY_KEYS));
        }
        Builder b = builder();
        props.forEach((key, value) -> {
            switch (key) {
                case "backend" -> b.backend(Backend.parse(value));
                case "path" -> b.path(Path.of(value));
                case "durability" -> b.durability(Durability.parse(value));
                case "ttl" -> b.ttl(parseDuration(key, value));
                case "maxEntries" -> b.maxEntries(parseLong(key, value));
                case "maxPayloadBytes" -> b.maxPayloadBytes(Math.toIntExact(Math.min(parseLong(key, value), Integer.MAX_VALUE)));
                case "syncIntervalMs" -> b.syncInterval(Duration.ofMillis(parseLong(key, value)));
                case "retentionIntervalMs" -> b.retentionInterval(Duration.ofMillis(parseLong(key, value)));
                case "blockCacheBytes" -> b.blockCacheBytes(parseLong(key, value));
                case "reclaimInBackground" -> b.reclaimInBackground(parseBoolean(key, value));
                default -> throw new AssertionError(key);
            }
        });
        return b.build();
    }

    static boolean parseBoolean(String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key + " must be true or false, got '" + value + "'");
    }

    static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new ConfigException(key + " must be a whole number, got '" + value + "'");
        }
    }

    /** Parses {@code PT24H}, or a number and unit: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}. */
    public static Duration parseDuration(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            int unitAt = 0;
            while (unitAt < v.length() && Character.isDigit(v.charAt(unitAt))) {
                unitAt++;
            }
            long n = Long.parseLong(v.substring(0, unitAt));
            return switch (v.substring(unitAt)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigException(key + " must be a duration like 500ms, 30s, 15m, 24h, 7d or PT24H, got '" + value + "'");
        }
    }

    /** Mutable builder; {@link #build()} checks the whole configuration. */
    public static final class Builder {
        private Backend backend = Backend.ROCKSDB;
        private Path path;
        private Durability durability = Durability.WAL;
        private Duration ttl;
        private long maxEntries;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private Duration syncInterval = DEFAULT_SYNC_INTERVAL;
        private Duration retentionInterval = DEFAULT_RETENTION_INTERVAL;
        private long blockCacheBytes = DEFAULT_BLOCK_CACHE_BYTES;
        private boolean reclaimInBackground = true;
        private boolean salvage;
        private CheckpointPolicy checkpoints;
        private LogObserver observer = LogObserver.NONE;
        private Clock clock = Clock.systemUTC();

        public Builder backend(Backend v) {
            backend = v;
            return this;
        }

        public Builder backend(String name) {
            return backend(Backend.parse(name));
        }

        public Builder path(Path v) {
            path = v;
            return this;
        }

        public Builder durability(Durability v) {
            durability = v;
            return this;
        }

        public Builder ttl(Duration v) {
            ttl = v;
            return this;
        }

        public Builder maxEntries(long v) {
            maxEntries = v;
            return this;
        }

        public Builder maxPayloadBytes(int v) {
            maxPayloadBytes = v;
            return this;
        }

        public Builder syncInterval(Duration v) {
            syncInterval = v;
            return this;
        }

        public Builder retentionInterval(Duration v) {
            retentionInterval = v;
            return this;
        }

        public Builder blockCacheBytes(long v) {
            blockCacheBytes = v;
            return this;
        }

        /** See {@link EventLogConfig#reclaimInBackground()}. */
        public Builder reclaimInBackground(boolean v) {
            reclaimInBackground = v;
            return this;
        }

        public Builder salvage(boolean v) {
            salvage = v;
            return this;
        }

        /** Who is told of the log's work, for metrics (default: nobody). */
        public Builder observer(LogObserver v) {
            observer = v == null ? LogObserver.NONE : v;
            return this;
        }

        public Builder checkpoints(CheckpointPolicy v) {
            checkpoints = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public EventLogConfig build() {
            return new EventLogConfig(backend, path, durability, ttl, maxEntries, maxPayloadBytes, syncInterval,
                    retentionInterval, blockCacheBytes, reclaimInBackground, salvage, checkpoints, clock, observer);
        }
    }
}
