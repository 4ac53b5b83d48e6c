package dev.chainlog.rocksdb;

import dev.chainlog.api.EventLog;
import dev.chainlog.contract.TestKit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Holds the log at {@code args[0]} open in a separate process for {@link OpenRefusalTest}: opens it, appends one
 * entry, prints {@code OPEN}, and closes it when its standard input ends.
 */
public final class LockHolderChild {
    private LockHolderChild() {
    }

    public static void main(String[] args) throws IOException {
        try (EventLog log = TestLogs.open(Path.of(args[0]))) {
            log.append(TestKit.event(1));
            System.out.println("OPEN");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
        System.out.println("CLOSED");
    }
}
