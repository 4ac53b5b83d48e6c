package dev.chainlog.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NoteKeysTest {
    @TempDir
    Path dir;

    @Test
    void theWrittenPrivateKeyIsOwnerOnlyAndReadsBack() throws Exception {
        assumeTrue(posix());
        KeyPair pair = NoteKeys.generate();
        NoteKeys.write(pair, dir.resolve("k.key"), dir.resolve("k.pub"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("k.key"))));
        assertArrayEquals(pair.getPrivate().getEncoded(), NoteKeys.readPrivate(dir.resolve("k.key")).getEncoded());
        Files.setPosixFilePermissions(dir.resolve("k.key"), PosixFilePermissions.fromString("r--------"));
        assertArrayEquals(pair.getPrivate().getEncoded(), NoteKeys.readPrivate(dir.resolve("k.key")).getEncoded());
    }

    @Test
    void aPrivateKeyOthersMayReadIsRefusedWithTheFixAndNoKeyMaterial() throws Exception {
        assumeTrue(posix());
        KeyPair pair = NoteKeys.generate();
        Path key = dir.resolve("k.key");
        NoteKeys.write(pair, key, dir.resolve("k.pub"));
        String body = Files.readString(key);
        for (String mode : List.of("rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-")) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString(mode));
            UnprotectedKeyException e = assertThrows(UnprotectedKeyException.class, () -> NoteKeys.readPrivate(key), mode);
            assertTrue(e.getMessage().contains(mode) && e.getMessage().contains("chmod 600 " + key), e.getMessage());
            String material = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
            assertFalse(e.getMessage().contains(material.substring(0, 16)) || e.getMessage().contains(body.substring(28, 60)),
                    "the message holds key material: " + e.getMessage());
            assertThrows(UnprotectedKeyException.class, () -> NoteSigner.load("log", key, dir.resolve("k.pub")));
        }
        // The public half is for everyone: no check.
        Files.setPosixFilePermissions(dir.resolve("k.pub"), PosixFilePermissions.fromString("rw-r--r--"));
        assertArrayEquals(pair.getPublic().getEncoded(), NoteKeys.readPublic(dir.resolve("k.pub")).getEncoded());
    }

    @Test
    void aBrokenKeyFileIsNamedButNotEchoed() throws Exception {
        Path key = dir.resolve("bad.key");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nTOPSECRETBYTES!!\n-----END PRIVATE KEY-----\n");
        if (posix()) {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> NoteKeys.readPrivate(key));
        assertTrue(e.getMessage().contains(key.toString()) && !e.getMessage().contains("TOPSECRET"), e.getMessage());
    }

    private boolean posix() {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
