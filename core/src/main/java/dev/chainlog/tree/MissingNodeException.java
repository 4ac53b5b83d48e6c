package dev.chainlog.tree;

/**
 * A node a root or proof needs cannot be read: what it is made of is not stored (pruned, or lost), or it lies below
 * the pruned boundary and is not one of the nodes kept for it. The log turns this into its own report.
 */
public final class MissingNodeException extends RuntimeException {
    private final int level;
    private final long index;

    public MissingNodeException(int level, long index, String why) {
        super("tree node " + level + "/" + index + " (leaves " + describe(level, index) + "): " + why);
        this.level = level;
        this.index = index;
    }

    public int level() {
        return level;
    }

    public long index() {
        return index;
    }

    private static String describe(int level, long index) {
        long lo = index << level;
        return "[" + lo + ", " + (lo + (1L << level)) + ")";
    }
}
