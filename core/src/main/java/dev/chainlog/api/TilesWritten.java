package dev.chainlog.api;

/**
 * What {@link EventLog#exportTiles} wrote.
 *
 * @param treeSize     the size of the tree the tiles are of (the checkpoint's)
 * @param tiles        tile files written, full and partial, every level
 * @param entryBundles entry bundle files written
 * @param notWritten   level-0 tiles and entry bundles of a pruned log that start below its minimum index (the first
 *                     retained leaf): their leaf data was pruned, as C2SP tlog-tiles allows a pruned log to omit
 */
public record TilesWritten(long treeSize, long tiles, long entryBundles, long notWritten) {
}
