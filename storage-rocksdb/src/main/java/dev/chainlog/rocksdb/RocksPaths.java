package dev.chainlog.rocksdb;

import dev.chainlog.api.ConfigException;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Invariant: every path chainlog hands to RocksDB is a string from {@link #of}, so RocksDB and Java's file APIs
 * mean the same folder by it. A path they would read differently is refused with a {@link ConfigException} naming
 * the character and the reason, before anything is created on disk.
 *
 * <p>Why they can differ: RocksJava hands a path to RocksDB through JNI {@code GetStringUTFChars}, that is in
 * <em>modified</em> UTF-8, while Java's file APIs encode it in {@code sun.jnu.encoding}, which the JVM takes from
 * the locale. The bytes agree for ASCII, and under a UTF-8 locale for every character of Unicode's Basic
 * Multilingual Plane. A character above it (U+10000 and up, e.g. an emoji) is one 4-byte sequence in UTF-8 but
 * two 3-byte surrogate encodings in modified UTF-8; under a non-UTF-8 locale ({@code LANG=C}: ASCII) Java cannot
 * name non-ASCII files at all. Where the bytes differ, RocksDB creates and writes a sibling folder with a mangled
 * name while chainlog created and checked the named one, and a later open finds no log. RocksJava takes no path as
 * bytes, and modified UTF-8 cannot spell a 4-byte sequence, so no string makes RocksDB reach such a folder. (An
 * ASCII symlink to it in a temporary folder would, but it outlives a killed process, and RocksDB's messages and
 * file paths would name the symlink: not done.)
 *
 * <p>A path read from disk whose name is not valid in the file name encoding is refused too: its string (with
 * U+FFFD in place of the bad bytes) names another file than the path's own bytes.
 */
final class RocksPaths {
    /** What a path is, in a refusal. */
    static final String LOG_FOLDER = "the log folder";
    static final String SECONDARY_FOLDER = "the temporary folder (java.io.tmpdir) of a read-only open";
    static final String BACKUP_FOLDER = "the backup folder";
    static final String TABLE_FILE = "the table file";
    /** The charset Java's file APIs encode file names in, and the property it comes from. */
    private static final String JNU_ENCODING = System.getProperty("sun.jnu.encoding", "UTF-8");
    private static final Charset FILE_NAMES = fileNameCharset();

    private RocksPaths() {
    }

    /** {@code path} as RocksDB is to be given it; {@code what} names it in a refusal, e.g. {@link #LOG_FOLDER}. */
    static String of(Path path, String what) {
        String s = path.toString();
        CharsetEncoder encoder = FILE_NAMES.newEncoder();
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (!Arrays.equals(encode(encoder, c), modifiedUtf8(c))) {
                throw refusal(path, what, c);
            }
            i += Character.charCount(c);
        }
        if (!sameBytes(path, s)) {
            throw new ConfigException("cannot use " + what + " " + path + ": its name holds bytes that are not valid "
                    + "in this JVM's file name encoding, sun.jnu.encoding=" + JNU_ENCODING + " (Java shows them as "
                    + "U+FFFD), and RocksDB would be given U+FFFD's bytes instead, naming another file; rename it");
        }
        return s;
    }

    /** Refuses {@code path} as {@link #of} does. */
    static void check(Path path, String what) {
        of(path, what);
    }

    private static ConfigException refusal(Path path, String what, int c) {
        String character = "'" + new String(Character.toChars(c)) + "' (" + String.format("U+%04X", c) + ")";
        if (c > 0xFFFF) {
            return new ConfigException("cannot use " + what + " " + path + ": it contains " + character + ", a "
                    + "character outside Unicode's Basic Multilingual Plane, which RocksDB's Java binding hands to "
                    + "RocksDB in modified UTF-8 (as two surrogates) where the file system names it in UTF-8, so RocksDB "
                    + "would use a different folder; choose a path without such characters");
        }
        return new ConfigException("cannot use " + what + " " + path + ": it contains " + character + ", which this "
                + "JVM's file name encoding (sun.jnu.encoding=" + JNU_ENCODING + ", from the locale) does not encode as "
                + "RocksDB's Java binding does (modified UTF-8), so RocksDB would use a different folder; run Java with "
                + "a UTF-8 locale (e.g. LANG=C.UTF-8) or choose an ASCII path");
    }

    /** How Java's file APIs encode {@code c}; null if they cannot. */
    private static byte[] encode(CharsetEncoder encoder, int c) {
        try {
            var bytes = encoder.reset().encode(CharBuffer.wrap(Character.toChars(c)));
            return Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** How JNI's {@code GetStringUTFChars} encodes {@code c}: {@link DataOutputStream#writeUTF}'s encoding. */
    private static byte[] modifiedUtf8(int c) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(new String(Character.toChars(c)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = bytes.toByteArray();
        return Arrays.copyOfRange(all, 2, all.length); // after writeUTF's 2-byte length
    }

    /** True when the string {@code s} of {@code path} names the same file, i.e. encodes back to its bytes. */
    private static boolean sameBytes(Path path, String s) {
        try {
            return path.getFileSystem().getPath(s).equals(path);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    private static Charset fileNameCharset() {
        try {
            return Charset.forName(JNU_ENCODING);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset(); // what Java's file APIs fall back to as well
        }
    }
}
