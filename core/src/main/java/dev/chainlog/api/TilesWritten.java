package dev.chainlog.api;

/**
 * What {@link EventLog#exportTiles} wrote.
 *
 * @param treeSize     the size of the tree the tiles are of (the checkpoint's)
 * @param tiles        tile files written, full and partial, every level
 * @param entryBundles entry bundle files written
 * @param notWritten   level-0 tiles and entry bundles of a pruned log that end at or below its minimum index (the first
 *                     retained leaf): their leaf data was pruned; C2SP tlog-tiles lets a pruned log withhold them
 */
public record TilesWritten(long treeSize, long tiles, long entryBundles, long notWritten) {
}
