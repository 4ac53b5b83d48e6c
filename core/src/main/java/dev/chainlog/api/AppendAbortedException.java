package dev.chainlog.api;

/**
 * An append of an {@link AppendPipeline} that was not written because a request submitted before it had already
 * failed; {@link #getCause()} is that first failure. Nothing of the aborted request was stored and it took no seq.
 */
public class AppendAbortedException extends ChainlogException {
    public AppendAbortedException(ChainlogException firstFailure) {
        super("not written: an earlier append of this pipeline failed (" + firstFailure.getMessage() + ")", firstFailure);
    }

    /** The failure that ended the pipeline. */
    public ChainlogException firstFailure() {
        return (ChainlogException) getCause();
    }
}
