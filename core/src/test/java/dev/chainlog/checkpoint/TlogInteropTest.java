package dev.chainlog.checkpoint;

import dev.chainlog.tree.Proofs;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * chainlog reads what an independent implementation writes: a log of 1,000 leaves made with Go's
 * golang.org/x/mod/sumdb/tlog and signed with golang.org/x/mod/sumdb/note, its tlog-checkpoint (with an extension line
 * of its own), seven tlog-proofs and seven consistency proofs (resources/tlog/go, made by tools/tlog-interop; the
 * other direction, Go verifying chainlog's proofs, is in its README).
 */
class TlogInteropTest {
    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(TlogInteropTest.class.getResource("/tlog/go/" + name).toURI());
    }

    private static NoteVerifier goKey() throws URISyntaxException {
        return new NoteVerifier(List.of(new NoteVerifier.Key(null, NoteKeys.readPublic(fixture("go.pub")))));
    }

    private static List<Path> proofs() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(fixture("go.pub").getParent())) {
            return files.filter(p -> p.toString().endsWith(".tlog-proof")).sorted().toList();
        }
    }

    @Test
    void goCheckpointIsATreeHeadAndNotAChainlogCheckpoint() throws Exception {
        SignedNote note = SignedNote.parse(Files.readString(fixture("checkpoint.note")));
        assertTrue(goKey().verify(note).ok());
        TreeHead head = TreeHead.parse(note.text());
        assertEquals(1000, head.size());
        assertEquals(List.of("example-extension made by Go"), head.extensions());
        assertThrows(MalformedNoteException.class, () -> Checkpoint.parse(note.text()));
    }

    @Test
    void everyGoProofVerifiesAndRoundTrips() throws Exception {
        List<Path> files = proofs();
        assertEquals(7, files.size());
        for (Path f : files) {
            String text = Files.readString(f);
            TlogProof p = TlogProof.parse(text);
            TlogProof.Result r = p.verify(goKey(), null, null);
            assertTrue(r.ok(), f.getFileName() + ": " + r.detail());
            assertTrue(p.verify(goKey(), p.extra(), null).ok(), "the same entry given explicitly");
            assertEquals(text, p.format(), "written back byte for byte");
        }
    }

    @Test
    void anyChangeToAGoProofIsRejected() throws Exception {
        TlogProof p = TlogProof.parse(Files.readString(fixture("proof-701.tlog-proof")));
        NoteVerifier key = goKey();
        assertFalse(p.verify(key, "{\"go\":\"entry 700\"}".getBytes(), null).ok(), "another entry");
        assertFalse(new TlogProof(p.extra(), 699, p.hashes(), p.checkpoint()).verify(key, null, null).ok(), "another index");
        for (int i = 0; i < p.hashes().size(); i++) {
            List<byte[]> hashes = new ArrayList<>(p.hashes());
            byte[] h = hashes.get(i).clone();
            h[i % 32] ^= 1;
            hashes.set(i, h);
            assertFalse(new TlogProof(p.extra(), p.index(), hashes, p.checkpoint()).verify(key, null, null).ok(), "hash " + i);
        }
        assertFalse(new TlogProof(p.extra(), p.index(), p.hashes().subList(1, p.hashes().size()), p.checkpoint())
                .verify(key, null, null).ok(), "a hash short");
        String otherRoot = p.checkpoint().replace("Sf3zCXtSoEWMcynYc72VYqZW2MlLB1Fw+4DySU0kZ4o=",
                "Sf3zCXtSoEWMcynYc72VYqZW2MlLB1Fw+4DySU0kZ4s=");
        TlogProof.Result forged = new TlogProof(p.extra(), p.index(), p.hashes(), otherRoot).verify(key, null, null);
        assertFalse(forged.ok());
        assertTrue(forged.detail().contains("signed"), forged.detail());
        assertFalse(p.verify(new NoteVerifier(List.of(new NoteVerifier.Key(null, NoteKeys.generate().getPublic()))), null,
                null).ok(), "an untrusted key");
        assertTrue(p.verify(key, null, "chainlog/0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0").ok(), "of the log named");
        TlogProof.Result otherLog = p.verify(key, null, "chainlog/another-log");
        assertFalse(otherLog.ok(), "of another log");
        assertTrue(otherLog.detail().contains("another-log"), otherLog.detail());
        assertThrows(MalformedNoteException.class, () -> TlogProof.parse(Files.readString(fixture("proof-701.tlog-proof"))
                .replace("index 700", "index \u0667\u0660\u0660")), "an index in other digits than ASCII");
    }

    @Test
    void malformedProofsAreRefusedSayingWhere() {
        assertThrows(MalformedNoteException.class, () -> TlogProof.parse("c2sp.org/tlog-proof@v2\nindex 1\n\nx\n"));
        assertThrows(MalformedNoteException.class, () -> TlogProof.parse("c2sp.org/tlog-proof@v1\nindex 01\n\nx\n"));
        assertThrows(MalformedNoteException.class, () -> TlogProof.parse("c2sp.org/tlog-proof@v1\nindex 1\nnot base64\n\nx\n"));
        assertThrows(MalformedNoteException.class, () -> TlogProof.parse("c2sp.org/tlog-proof@v1\nindex 1\n"));
        assertThrows(MalformedNoteException.class, () -> TlogProof.parse("c2sp.org/tlog-proof@v1\nextra AA\nindex 1\n\nx"));
    }

    @Test
    void goConsistencyProofsVerify() throws Exception {
        List<String> lines = Files.readAllLines(fixture("consistency.txt"));
        assertEquals(7, lines.size());
        Base64.Decoder b64 = Base64.getDecoder();
        for (String line : lines) {
            String[] f = line.split(" ");
            long old = Long.parseLong(f[0]);
            long size = Long.parseLong(f[1]);
            List<byte[]> proof = Arrays.stream(f).skip(4).map(b64::decode).toList();
            assertTrue(Proofs.verifyConsistency(old, size, b64.decode(f[2]), b64.decode(f[3]), proof), line);
            byte[] wrong = b64.decode(f[2]);
            wrong[0] ^= 1;
            assertFalse(Proofs.verifyConsistency(old, size, wrong, b64.decode(f[3]), proof), "a wrong old root: " + line);
        }
    }
}
