package dev.chainlog.core;

import dev.chainlog.api.CorruptLogException;
import dev.chainlog.api.IoErrors;
import dev.chainlog.api.StorageException;
import dev.chainlog.api.TilesWritten;
import dev.chainlog.store.LogStore;
import dev.chainlog.tree.Tiles;
import dev.chainlog.tree.TiledTree;
import dev.chainlog.tree.TreeHashes;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes the log's tree of one size as static C2SP tlog-tiles files ({@link Tiles}; docs/FORMAT.md §9e), straight
 * from what the store keeps: a level-0 tile is the leaf hashes of 256 checksums (one range read), its entry bundle
 * those checksums, and a tile of level L ≥ 1 is a run of the stored nodes of level 8·L (one range read).
 *
 * <p>A pruned log does not write the level-0 tiles and entry bundles that end at or below its minimum index (their leaf
 * data went with the pruned entries): they are counted, not written, as tlog-tiles lets a pruned log withhold them.
 * Every other tile is written — the one the minimum index falls in from the leaf data a cut keeps
 * ({@link TiledTree#firstKeptLeaf}), the higher levels from the stored nodes, which outlive cuts — so a tiles client
 * gets every root, inclusion proof and consistency proof at or above the minimum index.
 *
 * <p>The files are written into a temporary folder beside {@code dir} and moved into place when complete: a failed
 * export leaves nothing half-written under that name.
 */
final class TileExport {
    private final LogStore store;
    private final Path dir;
    private long tiles;
    private long bundles;
    private long skipped;

    private TileExport(LogStore store, Path dir) {
        this.store = store;
        this.dir = dir;
    }

    /** Writes the tiles of the tree of {@code size} (whose pruned prefix is {@code minimumIndex} leaves) and the note. */
    static TilesWritten write(LogStore store, long size, long minimumIndex, String checkpointNote, Path dir) {
        requireEmpty(dir);
        Path temp;
        try {
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            temp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".partial-");
        } catch (IOException e) {
            throw new StorageException("cannot create a folder beside " + dir + ": " + IoErrors.describe(e), e);
        }
        try {
            TileExport e = new TileExport(store, temp);
            e.leafTiles(size, minimumIndex);
            for (int level = 1; Tiles.hashesAt(level, size) > 0; level++) {
                e.nodeTiles(level, size);
            }
            e.file("checkpoint", checkpointNote.getBytes(StandardCharsets.UTF_8));
            Files.deleteIfExists(dir); // empty, if there
            Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            return new TilesWritten(size, e.tiles, e.bundles, e.skipped);
        } catch (IOException e) {
            throw new StorageException("cannot move the tiles into " + dir + ": " + IoErrors.describe(e), e);
        } finally {
            deleteTree(temp); // gone already when the move succeeded
        }
    }

    /** Removes {@code root} and everything under it, if it exists; best effort. */
    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // a leftover .partial folder is harmless and says what it is
        }
    }

    private void leafTiles(long size, long minimumIndex) {
        for (long n = 0; n * Tiles.WIDTH < size; n++) {
            long from = n * Tiles.WIDTH;
            int width = (int) Math.min(Tiles.WIDTH, size - from);
            if (from + width <= minimumIndex) { // entirely pruned; the one c falls in kept its leaf data
                skipped += 2;
                continue;
            }
            List<byte[]> leafData = store.checksums(from + 1, from + width + 1);
            if (leafData.size() != width) {
                throw new CorruptLogException("cannot write tile 0/" + n + ": the checksum of seq "
                        + (from + leafData.size() + 1) + " is missing; run verify");
            }
            ByteBuffer tile = ByteBuffer.allocate(32 * width);
            ByteBuffer bundle = ByteBuffer.allocate(34 * width);
            for (byte[] d : leafData) {
                tile.put(TreeHashes.leafHash(d));
                bundle.putShort((short) d.length).put(d);
            }
            file(Tiles.tile(0, n, width), tile.array());
            tiles++;
            file(Tiles.entries(n, width), bundle.array());
            bundles++;
        }
    }

    private void nodeTiles(int level, long size) {
        int treeLevel = TiledTree.TILE_HEIGHT * level;
        long count = Tiles.hashesAt(level, size);
        for (long n = 0; n * Tiles.WIDTH < count; n++) { // stored nodes outlive a cut: every one is there
            long from = n * Tiles.WIDTH;
            int width = (int) Math.min(Tiles.WIDTH, count - from);
            List<byte[]> nodes = store.treeNodes(treeLevel, from, from + width);
            if (nodes.size() != width) {
                throw new CorruptLogException("cannot write tile " + level + "/" + n + ": tree node " + treeLevel + "/"
                        + (from + nodes.size()) + " is not stored; run verify");
            }
            ByteBuffer tile = ByteBuffer.allocate(32 * width);
            nodes.forEach(tile::put);
            file(Tiles.tile(level, n, width), tile.array());
            tiles++;
        }
    }

    private void file(String path, byte[] bytes) {
        Path f = dir.resolve(path);
        try {
            Files.createDirectories(f.getParent());
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new StorageException("cannot write " + f + ": " + IoErrors.describe(e), e);
        }
    }

    private static void requireEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : null) {
            if (files == null || files.findAny().isPresent()) {
                throw new IllegalArgumentException(dir + " is not an empty folder; tiles are exported into a new one");
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + dir + ": " + IoErrors.describe(e), e);
        }
    }
}
