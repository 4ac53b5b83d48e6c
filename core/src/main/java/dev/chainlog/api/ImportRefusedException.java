package dev.chainlog.api;

/** {@link EventLog#importExport} refused a file: its report says why. Nothing was stored. */
public class ImportRefusedException extends ChainlogException {
    private final IntegrityReport report;

    public ImportRefusedException(String reason, IntegrityReport report) {
        super(reason + (report == null || report.ok() ? "" : ": " + report.problems().get(0)));
        this.report = report;
    }

    /** The verification report of the file, or null when the refusal is not about its content. */
    public IntegrityReport report() {
        return report;
    }
}
