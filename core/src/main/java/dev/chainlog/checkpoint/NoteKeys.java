package dev.chainlog.checkpoint;

import dev.chainlog.chain.Hashes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Ed25519 keys from the JDK (no extra dependency), stored as PEM: the private key as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}), the public key as X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC
 * KEY-----}), the formats {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write.
 */
public final class NoteKeys {
    /** C2SP signed-note signature type of Ed25519. */
    static final byte ED25519 = 0x01;
    /** An Ed25519 SubjectPublicKeyInfo is this 12-byte DER prefix followed by the 32-byte key. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    /** The only permissions a private key file may have: its owner's. */
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    /** What {@link #write} creates a private key with (0600). */
    private static final Set<PosixFilePermission> OWNER_ONLY_READ_WRITE = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private NoteKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /**
     * Writes {@code NAME.key} (private) and {@code NAME.pub}, both new: an existing file is never overwritten
     * ({@link java.nio.file.FileAlreadyExistsException}). On a POSIX file system the private key is created readable
     * by its owner only (0600) from its first byte, never widened afterwards.
     */
    public static void write(KeyPair pair, Path privateFile, Path publicFile) {
        try {
            writeNew(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            try {
                writeNew(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()), false);
            } catch (IOException e) {
                Files.deleteIfExists(privateFile); // never a private key without the public half that names it
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeNew(Path file, String text, boolean ownerOnly) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = file.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = ownerOnly && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_READ_WRITE)}
                : new FileAttribute<?>[0];
        try (SeekableByteChannel ch = Files.newByteChannel(file, options, attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
        }
    }

    /**
     * Reads a private key written by {@link #write} (or {@code openssl genpkey -algorithm ed25519}). On a POSIX file
     * system a key file that grants any permission to its group or to others is refused ({@link
     * UnprotectedKeyException}), as OpenSSH refuses an unprotected private key: whoever can read it can sign
     * checkpoints of a rewritten history (docs/SECURITY.md, "Signing keys"). No message ever holds key material.
     */
    public static PrivateKey readPrivate(Path file) {
        requireOwnerOnly(file);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new MalformedNoteException(file + " is not an Ed25519 private key (PKCS#8 PEM): " + e.getMessage());
        }
    }

    private static void requireOwnerOnly(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system (Windows): its ACLs decide who reads the key
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of key file " + file, e);
        }
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new UnprotectedKeyException(file + ": a signing key must be readable by its owner only, but its "
                    + "permissions are " + PosixFilePermissions.toString(permissions) + "; run chmod 600 " + file);
        }
    }

    public static PublicKey readPublic(Path file) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new MalformedNoteException(file + " is not an Ed25519 public key (X.509 PEM): " + e.getMessage());
        }
    }

    /** The 32 raw key bytes of an Ed25519 public key (RFC 8032 encoding). */
    static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki.length != SPKI_PREFIX.length + 32 || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new MalformedNoteException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    /** key ID = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[:4], big-endian (C2SP signed-note). */
    static int keyId(String name, PublicKey key) {
        MessageDigest d = Hashes.newDigest();
        d.update(name.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0x0A);
        d.update(ED25519);
        d.update(raw(key));
        byte[] h = d.digest();
        return (h[0] & 0xFF) << 24 | (h[1] & 0xFF) << 16 | (h[2] & 0xFF) << 8 | (h[3] & 0xFF);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(Path file, String type) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + file, e);
        }
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new MalformedNoteException(file + " holds no '" + begin + "' block");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new MalformedNoteException(file + " holds broken base64");
        }
    }
}
