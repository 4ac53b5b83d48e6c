package dev.chainlog.rocksdb;

import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.EventLogs;
import dev.chainlog.contract.TestKit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One contender of {@link CreationRaceTest}. Warms up on a scratch log of its own ({@code args[0]}), prints
 * {@code READY}, then for each line {@code WRITE <dir> <startMillis>} or {@code READ <dir> <startMillis>} on its
 * standard input spins until the wall clock reaches {@code startMillis} (so every contender starts at the same
 * instant) and opens {@code dir}:
 * <ul>
 *   <li>{@code WRITE}: opens to write; on success appends one entry, prints {@code WON} and keeps the log open
 *       until the next input line ({@code CLOSE}), then closes it and prints {@code CLOSED};</li>
 *   <li>{@code READ}: opens read-only; on success prints {@code READ <head seq>} and closes it;</li>
 *   <li>a refused open prints {@code REFUSED <exception class> <one-line message>}.</li>
 * </ul>
 */
public final class CreationRaceChild {
    private CreationRaceChild() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (EventLog warm = TestLogs.open(Path.of(args[0]))) { // load the library and the classes before racing
            warm.append(TestKit.event(0));
        }
        out.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            String[] cmd = line.split(" ");
            Path dir = Path.of(cmd[1]);
            EventLogConfig config = TestLogs.config(dir).build();
            long start = Long.parseLong(cmd[2]);
            while (System.currentTimeMillis() < start) {
                Thread.onSpinWait();
            }
            if (cmd[0].equals("WRITE")) {
                write(config, in, out);
            } else {
                read(config, out);
            }
        }
    }

    private static void write(EventLogConfig config, BufferedReader in, PrintStream out) throws IOException {
        EventLog log;
        try {
            log = EventLogs.open(config);
        } catch (ChainlogException e) {
            refused(out, e);
            return;
        }
        try (log) {
            log.append(TestKit.event(1));
            out.println("WON");
            in.readLine(); // CLOSE
        }
        out.println("CLOSED");
    }

    private static void read(EventLogConfig config, PrintStream out) {
        try (EventLog log = EventLogs.openReadOnly(config)) {
            out.println("READ " + log.head().seq());
        } catch (ChainlogException e) {
            refused(out, e);
        }
    }

    private static void refused(PrintStream out, ChainlogException e) {
        out.println("REFUSED " + e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()).replace('\n', ' '));
    }
}
