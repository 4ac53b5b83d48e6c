package dev.chainlog.tree;

/**
 * The static layout of C2SP tlog-tiles (c2sp.org/tlog-tiles; docs/FORMAT.md §9e): the tree as tiles of 256
 * consecutive hashes. The tile at level L (0 … 63) and index N holds the hashes of the tree nodes at level 8·L with
 * indexes [256·N, 256·N + W): leaf hashes at level 0, and at level L the hashes of whole level-(L−1) tiles. So a
 * tile of level L ≥ 1 is exactly a run of the nodes chainlog stores (every 8th level, {@link TiledTree}).
 *
 * <pre>
 * tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]        hashes, 32 bytes each; a full tile has 256 (8,192 bytes), a partial one W (1 … 255)
 * tile/entries/&lt;N&gt;[.p/&lt;W&gt;]  entry bundle: each entry as a big-endian uint16 length, then its bytes (chainlog:
 *                             the 32-byte leaf data, whose leaf hash is the level-0 tile's)
 * N                           in 3-digit groups, all but the last prefixed with x: 1234067 → x001/x234/067
 * </pre>
 */
public final class Tiles {
    /** Hashes in a full tile. */
    public static final int WIDTH = 256;

    private Tiles() {
    }

    /** The path of the tile at {@code level}, {@code index}, {@code width} hashes wide (256: a full tile). */
    public static String tile(int level, long index, int width) {
        return "tile/" + level + "/" + index(index) + partial(width);
    }

    /** The path of the entry bundle {@code index}, {@code width} entries wide. */
    public static String entries(long index, int width) {
        return "tile/entries/" + index(index) + partial(width);
    }

    /** How many hashes the tiles of {@code level} hold in the tree of {@code size}: whole tiles, then a partial one. */
    public static long hashesAt(int level, long size) {
        return 8L * level >= 64 ? 0 : size >>> (8 * level);
    }

    static String index(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("a tile index is never negative, got " + n);
        }
        String last = String.format("%03d", n % 1000);
        StringBuilder path = new StringBuilder();
        for (long rest = n / 1000; rest > 0; rest /= 1000) {
            path.insert(0, String.format("x%03d/", rest % 1000));
        }
        return path + last;
    }

    private static String partial(int width) {
        if (width < 1 || width > WIDTH) {
            throw new IllegalArgumentException("a tile holds 1 to 256 hashes, got " + width);
        }
        return width == WIDTH ? "" : ".p/" + width;
    }
}
