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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files and processes, through the CLI: output files mean what the user named, the demo deletes only its own log,
 * a follow ends when its reader goes, and commands on logs held by another process or missing say so.
 */
class FilesAndProcessesIT {
    @TempDir
    Path tmp;

    private Path seeded(String name, int n) {
        return Cli.seed(tmp.resolve(name), n);
    }


    @Test
    void exportWritesWhatTheUserNamed() throws Exception {
        Path log = seeded("log", 20);
        String expected = Cli.run("read", "--log", log.toString()).out();

        // a regular file is replaced atomically and keeps its mode
        Path file = Files.writeString(tmp.resolve("audit.jsonl"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(0, Cli.run("export", "--out", file.toString(), "--log", log.toString()).exit());
        assertEquals(expected, Files.readString(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        // a new file gets the usual permissions, not a temporary file's 0600
        Path fresh = tmp.resolve("fresh.jsonl");
        assertEquals(0, Cli.run("export", "--out", fresh.toString(), "--log", log.toString()).exit());
        assertTrue(Files.getPosixFilePermissions(fresh).contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
                        || Files.getPosixFilePermissions(fresh).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));

        // a symbolic link is written through
        Path target = Files.writeString(tmp.resolve("target.jsonl"), "");
        Path link = Files.createSymbolicLink(tmp.resolve("link.jsonl"), target.getFileName());
        assertEquals(0, Cli.run("export", "--out", link.toString(), "--log", log.toString()).exit());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertEquals(expected, Files.readString(target));

        // a named pipe is written, not replaced: its reader gets the export
        Path fifo = tmp.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(0, Cli.run("export", "--out", fifo.toString(), "--log", log.toString()).exit());
        assertEquals(expected, reader.get(60, TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo), "still a pipe");

        // a device stays a device
        Cli.Result toNull = Cli.run("export", "--out", "/dev/null", "--json", "--log", log.toString());
        assertEquals(0, toNull.exit(), toNull.err());
        assertEquals(20, Cli.json(toNull.out()).get("exported").asLong(), "--json describes the export");
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");

        // a folder, or a file in a missing folder, is refused before anything is read
        assertEquals(2, Cli.run("export", "--out", tmp.toString(), "--log", log.toString()).exit());
        Cli.Result missing = Cli.run("export", "--out", tmp.resolve("no/such/dir/x.jsonl").toString(), "--log", log.toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("does not exist") && !missing.err().contains("NoSuchFileException"), missing.err());
        assertEquals(2, Cli.run("keygen", "--out", tmp.resolve("no/such/dir/k").toString()).exit());
        Cli.run("keygen", "--out", tmp.resolve("k").toString());
        assertEquals(2, Cli.run("checkpoint", "--key", tmp.resolve("k.key").toString(), "--out",
                tmp.resolve("no/such/dir/cp.note").toString(), "--log", log.toString()).exit());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("k.key"))));
    }

    @Test
    void theDemoRecreatesOnlyItsOwnLog() throws IOException {
        Path demo = tmp.resolve("demo");
        for (int run = 1; run <= 2; run++) {
            Cli.Result r = Cli.run("demo", "--log", demo.toString(), "--events", "100", "--writers", "2");
            assertEquals(0, r.exit(), "run " + run + ": " + r.out() + r.err());
            assertTrue(Files.exists(demo.resolve("CURRENT")), "--log is the demo's folder");
        }
        Path other = seeded("someone-elses", 3);
        Cli.Result refused = Cli.run("demo", "--log", other.toString(), "--events", "10");
        assertEquals(2, refused.exit(), refused.out());
        assertTrue(refused.err().contains("was not created by the demo"), refused.err());
        assertEquals(3, Cli.json(Cli.run("head", "--log", other.toString()).out()).get("seq").asLong(), "left as it was");
        Path files = Files.createDirectories(tmp.resolve("files"));
        Files.writeString(files.resolve("notes.txt"), "mine");
        assertEquals(2, Cli.run("demo", "--log", files.toString()).exit());
        assertEquals("mine", Files.readString(files.resolve("notes.txt")));
    }

    @Test
    void aFollowEndsWhenItsReaderGoes() throws Exception {
        Path log = seeded("log", 3);
        Process tail = Cli.start("tail", "--follow", "-n", "1", "--log", log.toString());
        Cli.drain(tail.getErrorStream());
        BufferedReader out = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8));
        assertEquals(3, Cli.json(out.readLine()).get("seq").asLong());
        out.close(); // like `| head -1` exiting; no new entry comes
        assertTrue(tail.waitFor(60, TimeUnit.SECONDS), "tail --follow must end once nobody reads it");
        assertEquals(141, tail.exitValue(), "128 + SIGPIPE, as a native tool's");
    }

    @Test
    void aLogHeldByAnotherProcessCanBeBackedUpAndMissingLogsAreNamed() throws Exception {
        Path log = seeded("log", 5);
        Process writer = Cli.start("append", "--log", log.toString());
        try (OutputStream stdin = writer.getOutputStream();
             BufferedReader acks = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            stdin.write("{\"kind\":\"live\"}\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            assertEquals(6, Cli.json(acks.readLine()).get("seq").asLong());
            Path backup = tmp.resolve("backup");
            Cli.Result b = Cli.run("backup", backup.toString(), "--json", "--log", log.toString());
            assertEquals(0, b.exit(), b.err());
            assertEquals("copy", Cli.json(b.out()).get("method").asText());
            assertEquals(6, Cli.json(Cli.run("head", "--log", backup.toString()).out()).get("seq").asLong(),
                    "the copy holds the writer's newest commit");
            assertEquals(0, Cli.run("verify", "--log", backup.toString()).exit());
        }
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS));

        Cli.Result own = Cli.run("backup", log.resolve("inside").toString(), "--log", log.toString());
        assertEquals(2, own.exit(), own.err());
        assertTrue(own.err().contains("inside the log's own folder"), own.err());
        assertEquals(2, Cli.run("backup", tmp.resolve("backup").toString(), "--log", log.toString()).exit(), "exists");
        Cli.Result checkpointBackup = Cli.run("backup", tmp.resolve("b2").toString(), "--json", "--log", log.toString());
        assertEquals("checkpoint", Cli.json(checkpointBackup.out()).get("method").asText());

        Path missing = tmp.resolve("missing");
        for (String cmd : new String[] {"retention", "backup", "read", "export", "stats"}) {
            String[] args = switch (cmd) {
                case "retention" -> new String[] {cmd, "--max-entries", "1", "--log", missing.toString()};
                case "backup" -> new String[] {cmd, tmp.resolve("b3").toString(), "--log", missing.toString()};
                default -> new String[] {cmd, "--log", missing.toString()};
            };
            Cli.Result r = Cli.run(args);
            assertEquals(3, r.exit(), cmd + ": " + r.err());
            assertTrue(r.err().contains("no chainlog log at") && !r.err().contains("Exception"), cmd + ": " + r.err());
        }
        assertFalse(Files.exists(missing), "no command created the missing log");
    }

    @Test
    void importKeepsTheLogIdWhenAskedAndARefusedImportLeavesNoFolder() throws Exception {
        Path log = seeded("log", 10);
        JsonNode head = Cli.json(Cli.run("head", "--log", log.toString()).out());
        Path export = tmp.resolve("export.jsonl");
        Cli.run("export", "--out", export.toString(), "--log", log.toString());
        Cli.run("keygen", "--out", tmp.resolve("auditor").toString());
        Path note = tmp.resolve("cp.note");
        assertEquals(0, Cli.run("checkpoint", "--key", tmp.resolve("auditor.key").toString(), "--out", note.toString(),
                "--log", log.toString()).exit());

        Path same = tmp.resolve("same");
        Cli.Result kept = Cli.run("import", export.toString(), "--log-id", head.get("logId").asText(), "--json", "--log", same.toString());
        assertEquals(0, kept.exit(), kept.err());
        assertEquals(head.get("logId"), Cli.json(kept.out()).get("logId"));
        assertEquals(0, Cli.run("verify", "--checkpoint", note.toString(), "--pubkey", tmp.resolve("auditor.pub").toString(),
                "--log", same.toString()).exit(), "the original's checkpoint verifies against the restored log");
        Path fresh = tmp.resolve("fresh");
        assertEquals(0, Cli.run("import", export.toString(), "--log", fresh.toString()).exit());
        Cli.Result wrongLog = Cli.run("verify", "--checkpoint", note.toString(), "--pubkey",
                tmp.resolve("auditor.pub").toString(), "--log", fresh.toString());
        assertEquals(1, wrongLog.exit());
        assertTrue(wrongLog.out().contains("WRONG_LOG"), wrongLog.out());

        Path tampered = Files.writeString(tmp.resolve("tampered.jsonl"), Files.readString(export).replace("\"i\":4}", "\"i\":5}"));
        Path refusedTarget = tmp.resolve("refused");
        Cli.Result refused = Cli.run("import", tampered.toString(), "--log", refusedTarget.toString());
        assertEquals(1, refused.exit(), "does not verify");
        assertFalse(Files.exists(refusedTarget), "a refused import leaves no log folder");
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith(".refused")).count(), "nor a temporary one");
        }
        Path empty = Files.writeString(tmp.resolve("empty.jsonl"), "");
        Cli.Result nothing = Cli.run("import", empty.toString(), "--log", refusedTarget.toString());
        assertEquals(2, nothing.exit(), nothing.err());
        assertFalse(Files.exists(refusedTarget));
        assertEquals(0, Cli.run("verify-export", empty.toString()).exit(), "an empty export verifies: it holds nothing");
        Cli.Result notEmpty = Cli.run("import", export.toString(), "--log", same.toString());
        assertEquals(2, notEmpty.exit(), notEmpty.err());
        assertEquals(2, Cli.run("import", export.toString(), "--log-id", "not-a-uuid", "--log", tmp.resolve("x").toString()).exit());
        assertFalse(Files.exists(tmp.resolve("x")));
    }
}
