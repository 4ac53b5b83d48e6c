package dev.chainlog.rocksdb;

import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static dev.chainlog.contract.TestKit.assertIntact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Processes that open the same new log at the same instant ({@link CreationRaceChild}s released by a shared start
 * time), round after round on a fresh folder: whoever loses the race to create it is told the log is locked,
 * never that the folder is "not a chainlog log"; a reader racing the creator opens it or finds no log yet; and the
 * winner's log is a complete chainlog log. {@code -Dchainlog.race.rounds=N} runs more rounds (default 30).
 */
class CreationRaceTest {
    private static final int ROUNDS = Integer.getInteger("chainlog.race.rounds", 30);
    /** Time for a command line to reach every contender before the start; a late one only starts later. */
    private static final long START_DELAY_MILLIS = 40;

    @TempDir
    Path tmp;
    private final List<Contender> contenders = new ArrayList<>();

    @AfterEach
    void stopContenders() throws InterruptedException {
        for (Contender c : contenders) {
            c.stop();
        }
    }

    @Test
    void theLoserOfACreationRaceIsToldTheLogIsLocked() throws Exception {
        race("WRITE", "WRITE");
    }

    @Test
    void aReaderRacingTheCreatorOpensTheLogOrFindsNone() throws Exception {
        race("WRITE", "READ");
    }

    private void race(String... roles) throws Exception {
        for (int i = 0; i < roles.length; i++) {
            contenders.add(new Contender(i));
        }
        Path logs = Files.createDirectories(tmp.resolve("logs")).toRealPath();
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Path dir = logs.resolve("round-" + round);
            long start = System.currentTimeMillis() + START_DELAY_MILLIS;
            for (int i = 0; i < roles.length; i++) {
                contenders.get(i).send(roles[i] + " " + dir + " " + start);
            }
            Contender winner = null;
            for (int i = 0; i < roles.length; i++) {
                String answer = contenders.get(i).answer();
                String verdict = judge(roles[i], answer, dir);
                outcomes.merge(roles[i] + " " + verdict, 1, Integer::sum);
                if (verdict.startsWith("wrong")) {
                    wrong.add("round " + round + ", " + roles[i] + ": " + answer);
                }
                if (answer.equals("WON")) {
                    assertEquals(null, winner, "round " + round + ": two writers opened the same log");
                    winner = contenders.get(i);
                }
            }
            assertNotNull(winner, "round " + round + ": no writer won");
            winner.send("CLOSE");
            assertEquals("CLOSED", winner.answer());
        }
        System.out.println("CreationRaceTest " + String.join("/", roles) + ", " + ROUNDS + " rounds: " + outcomes);
        assertEquals(List.of(), wrong, "outcomes: " + outcomes);
        for (int round = 0; round < ROUNDS; round++) { // every winner's log is complete: read-only needs every family
            try (EventLog log = EventLogs.openReadOnly(TestLogs.config(logs.resolve("round-" + round)).build())) {
                assertEquals(1, log.head().seq(), "round " + round);
                assertIntact(log.verify());
            }
        }
    }

    /** "won", "lost: locked", "read", "no log yet", or "wrong: ..." for an answer no contender may give. */
    private static String judge(String role, String answer, Path dir) {
        if (role.equals("WRITE")) {
            if (answer.equals("WON")) {
                return "won";
            }
            return answer.startsWith("REFUSED LogLockedException ") && answer.contains("is locked by another process")
                    ? "lost: locked" : "wrong";
        }
        if (answer.startsWith("READ ")) {
            return "read";
        }
        String noLog = "REFUSED StorageException there is no chainlog log at " + dir;
        return answer.equals(noLog) || answer.equals(noLog + " (empty folder)") ? "no log yet" : "wrong";
    }

    /** A {@link CreationRaceChild} and the two ends of its pipes. */
    private final class Contender {
        private final Process process;
        private final PrintStream in;
        private final BufferedReader out;
        private final Path stderr;

        Contender(int i) throws IOException {
            stderr = tmp.resolve("contender-" + i + "-stderr.txt");
            process = TestLogs.childJvm(tmp, CreationRaceChild.class, tmp.resolve("warm-up-" + i).toString())
                    .redirectError(stderr.toFile()).start();
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", answer());
        }

        void send(String line) {
            in.println(line);
        }

        String answer() throws IOException {
            String line = out.readLine();
            assertNotNull(line, () -> "a contender died: " + TestLogs.stderr(stderr));
            return line;
        }

        void stop() throws InterruptedException {
            in.close(); // its input ends: it exits
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
