package dev.chainlog.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file the user named on the command line ({@code export --out}, {@code checkpoint --out}, the notes of
 * {@code export --with-checkpoints}), meaning exactly what they named:
 *
 * <ul>
 *   <li>a symbolic link is written through: its target gets the content, the link stays;</li>
 *   <li>a regular file (or a new one) is replaced atomically: the content goes to a temporary file beside it, is
 *       fsynced, and is renamed over it, so a reader never sees half an export and a failed export leaves the old
 *       file as it was. The replacement keeps the old file's permissions (and owner and group, where this process
 *       may set them); a new file gets the usual permissions (0666 less the umask), not a temporary file's 0600;</li>
 *   <li>anything else — a device such as {@code /dev/null} or {@code /dev/stdout}, a named pipe, a socket — is
 *       opened and written as it is, never replaced; so is a regular file with other hard links, whose other
 *       names must see the new content;</li>
 *   <li>a folder, or a path whose folder does not exist, is a usage error, before anything is written.</li>
 * </ul>
 */
final class OutputFile {
    /** Writes the content to the open stream; the stream is closed by {@link OutputFile}. */
    @FunctionalInterface
    interface Body<T> {
        T writeTo(OutputStream out) throws IOException;
    }

    private OutputFile() {
    }

    /** Checks that {@code named} can be written, before the command does any work: the usage errors above. */
    static Path target(Path named, String flag) {
        Path target = resolveLinks(named);
        if (Files.isDirectory(target)) {
            throw new ChainlogCli.UsageException(flag + " " + named + " is a folder; name a file");
        }
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ChainlogCli.UsageException(flag + " " + named + ": the folder " + dir + " does not exist");
        }
        if (Files.exists(target) && !Files.isWritable(target)) {
            // replacing it would get round the protection a shell's > respects
            throw new ChainlogCli.UsageException(flag + " " + named + ": the file is not writable");
        }
        return target;
    }

    static <T> T write(Path named, String flag, Body<T> body) throws IOException {
        Path target = target(named, flag);
        if (Files.exists(target) && (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || hardLinks(target) > 1)) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
                return body.writeTo(out);
            }
        }
        return replaceAtomically(target, body);
    }

    static void writeString(Path named, String flag, String text) throws IOException {
        write(named, flag, out -> {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return null;
        });
    }

    private static <T> T replaceAtomically(Path target, Body<T> body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = newTemporary(dir, target.getFileName().toString());
        Runnable cleanup = OpenLogs.deleteOnShutdown(tmp);
        try {
            T result;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
                result = body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (Files.exists(target)) {
                copyOwnershipAndMode(target, tmp);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself survives a crash
            } catch (IOException ignored) {
                // some file systems cannot fsync a folder; the file's content is synced already
            }
            return result;
        } finally {
            Files.deleteIfExists(tmp);
            OpenLogs.removeAfterClose(cleanup);
        }
    }

    /** A new empty file beside the target, created with the default permissions (0666 less the umask). */
    private static Path newTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + ".chainlog-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    private static void copyOwnershipAndMode(Path from, Path to) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system
        }
        PosixFileAttributes old = Files.readAttributes(from, PosixFileAttributes.class);
        try {
            view.setGroup(old.group());
            view.setOwner(old.owner());
        } catch (IOException notPermitted) {
            // only root may give a file away; the mode is what matters to readers
        }
        view.setPermissions(old.permissions());
    }

    /** Follows symbolic links (also dangling ones) to the path that will actually be written. */
    static Path resolveLinks(Path named) {
        Path p = named;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) {
                throw new ChainlogCli.UsageException(named + ": too many levels of symbolic links");
            }
            try {
                Path link = Files.readSymbolicLink(p);
                Path parent = p.toAbsolutePath().getParent();
                p = parent == null ? link : parent.resolve(link);
            } catch (IOException e) {
                throw new ChainlogCli.UsageException("cannot read the symbolic link " + p + ": " + e.getMessage());
            }
        }
        return p;
    }

    private static int hardLinks(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:nlink");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }
}
