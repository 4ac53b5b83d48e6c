package dev.chainlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code chainlog append} from stdin, as a separate process: acknowledgements are never more than what is stored
 * (also when the process is interrupted), and the first refused line stops the input exactly there.
 */
class StdinAppendIT {
    @TempDir
    Path tmp;

    private String log() {
        return tmp.resolve("log").toString();
    }

    private static String lines(int from, int to, java.util.function.IntFunction<String> uuid) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i <= to; i++) {
            sb.append("{\"kind\":\"k\",\"uuid\":\"").append(uuid.apply(i)).append("\",\"payload\":{\"i\":").append(i).append("}}\n");
        }
        return sb.toString();
    }


    private long head() {
        return Cli.json(Cli.run("head", "--log", log()).out()).get("seq").asLong();
    }

    @Test
    void theFirstRefusedLineStopsTheInputAndIsNamedExactly() {
        // line 3 reuses line 1's uuid; 197 lines follow it
        Cli.Result r = Cli.runWithInput(lines(1, 200, i -> "u-" + (i == 3 ? 1 : i)), "append", "--log", log());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("line 3: uuid 'u-1' is already used by the entry at seq 1"), r.err());
        assertTrue(r.err().contains("nothing from this line on was stored"), r.err());
        assertEquals(List.of("{\"line\":1,\"seq\":1", "{\"line\":2,\"seq\":2"),
                r.lines().stream().map(l -> l.substring(0, l.indexOf(",\"hash\""))).toList(), "each ack names its line");
        assertEquals(2, head(), "nothing after the refused line is stored");

        // resuming from the named line stores the rest, nothing twice
        Cli.Result resumed = Cli.runWithInput(lines(3, 200, i -> "u-" + i), "append", "--log", log());
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(200, head());
        assertEquals(200, Cli.run("read", "--limit", "1000", "--log", log()).lines().size());
    }

    @Test
    void anEarlierRefusalInFlightIsReportedBeforeALaterLineThatDoesNotParse() {
        // line 3 is refused by the writer, line 5 by the parser; the reader usually gets to line 5 first
        String input = lines(1, 4, i -> "w-" + (i == 3 ? 1 : i)) + "{not json\n" + lines(6, 9, i -> "w-" + i);
        Cli.Result r = Cli.runWithInput(input, "append", "--log", log());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("chainlog: line 3: uuid 'w-1' is already used"), r.err());
        assertEquals(2, head());
    }

    @Test
    void withBatchesTheRefusedLineIsNamedAndItsBatchAndEverythingAfterIsNotStored() {
        // batches of 10; line 15 repeats the uuid of line 12, inside the second batch
        Cli.Result r = Cli.runWithInput(lines(1, 90, i -> "v-" + (i == 15 ? 12 : i)), "append", "--batch", "10", "--log", log());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("line 15: uuid 'v-12' is already used twice in this batch"), r.err());
        assertTrue(r.err().contains("the batch from line 11 was not stored, nor anything after it"), r.err());
        assertEquals(10, r.lines().size());
        assertEquals(10, head(), "only the first batch");

        // a request id reused with another body: the batch's lines are named
        String reused = "{\"kind\":\"a\",\"reqId\":\"r\"}\n{\"kind\":\"b\",\"reqId\":\"r\"}\n"
                + "{\"kind\":\"c\",\"reqId\":\"r\"}\n{\"kind\":\"d\",\"reqId\":\"r\"}\n{\"kind\":\"e\"}\n";
        Cli.Result conflict = Cli.runWithInput(reused, "append", "--batch", "2", "--log", log());
        assertEquals(2, conflict.exit());
        assertTrue(conflict.err().contains("lines 3..4 (one batch): request id 'r'"), conflict.err());
        assertEquals(12, head());
    }

    @Test
    void anOverlongLineIsRefusedWithoutBeingHeldInMemory() throws Exception {
        // 200 MB on one line, to a child JVM with a 128 MB heap: buffered whole it would run out of memory
        Process p = new ProcessBuilder(Cli.command("-Xmx128m", "append", "--log", log())).start();
        var err = Cli.drain(p.getErrorStream());
        var out = Cli.drain(p.getInputStream());
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write("{\"kind\":\"first\"}\n".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            stdin.write("{\"kind\":\"big\",\"payload\":{\"s\":\"".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 200; i++) {
                stdin.write(chunk);
            }
            stdin.write("\"}}\n{\"kind\":\"after\"}\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException closedEarly) {
            // the child may stop reading once it refused the line
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err.join());
        assertTrue(err.join().contains("line 2: the line is longer than"), err.join());
        assertEquals(1, out.join().lines().count());
        assertEquals(1, head());
    }

    /** A signal while the command's own close is writing the memtables waits for that close, not a second one. */
    @Test
    void aSigtermDuringTheFinalCloseWaitsForIt() throws Exception {
        int n = 100_000; // its close writes ~20 MB of memtables: the signal lands while it runs
        Path dir = tmp.resolve("closing");
        Process p = Cli.start("append", "--durability", "none", "--log", dir.toString());
        Cli.drain(p.getErrorStream());
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(lines(1, n, i -> "c-" + i).getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        feeder.start();
        long acked = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            while (acked < n && in.readLine() != null) {
                acked++;
            }
            // every ack is out: the command is closing the log, flushing the entries from memory; stop it now
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        }
        feeder.join();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(n, acked);
        assertEquals(n, head(dir), "every acknowledged entry is on disk");
    }

    private long head(Path dir) {
        return Cli.json(Cli.run("head", "--log", dir.toString()).out()).get("seq").asLong();
    }

    @Test
    void sigtermAndSigintInNoneModeKeepEveryAcknowledgedEntry() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            if (signal.equals("INT") && sigintIgnored()) {
                // A job started in the background of a shell has SIGINT ignored, its children too, and a JVM
                // keeps it ignored (as a shell would): the child could not be stopped with it.
                System.out.println("[skip] SIGINT: ignored by this test JVM (started in the background), so by its child");
                continue;
            }
            Path dir = tmp.resolve("none-" + signal);
            Process p = Cli.start("append", "--durability", "none", "--log", dir.toString());
            Thread feeder = new Thread(() -> {
                try (OutputStream stdin = p.getOutputStream()) {
                    for (int i = 1; ; i++) {
                        stdin.write(("{\"kind\":\"k\",\"payload\":{\"i\":" + i + "}}\n").getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException processEnded) {
                    // expected: the child was stopped
                }
            });
            feeder.setDaemon(true);
            feeder.start();
            long acks = 0;
            JsonNode last = null;
            long signalled = 0;
            Cli.drain(p.getErrorStream());
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    last = Cli.json(line);
                    if (++acks == 20_000) {
                        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
                        signalled = System.nanoTime();
                    }
                    if (signalled != 0 && System.nanoTime() - signalled > TimeUnit.MINUTES.toNanos(1)) {
                        p.destroyForcibly();
                        throw new AssertionError(signal + ": the append still acknowledged entries a minute after "
                                + "the signal (" + acks + " acks)");
                    }
                }
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertTrue(acks >= 20_000, signal + ": " + acks + " acks");
            JsonNode head = Cli.json(Cli.run("head", "--log", dir.toString()).out());
            assertTrue(head.get("seq").asLong() >= last.get("seq").asLong(), signal + ": acknowledged up to "
                    + last + " but the log's head after the signal is " + head);
            JsonNode stored = Cli.json(Cli.run("get", last.get("seq").asText(), "--log", dir.toString()).out());
            assertEquals(last.get("line").asLong(), stored.get("payload").get("i").asLong());
            String hash = Cli.json(Cli.run("verify", "--json", "--expect-head", last.get("seq").asText() + ":"
                    + last.get("hash").asText(), "--log", dir.toString()).out()).get("ok").asText();
            assertEquals("true", hash, signal + ": the last acknowledged entry is stored with the hash its ack named");
        }
    }

    /** True when SIGINT is ignored by this JVM (bit 2 of SigIgn in /proc/self/status), as its children inherit. */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }
}
