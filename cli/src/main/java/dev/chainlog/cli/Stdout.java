package dev.chainlog.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The process's standard output as bytes, without {@code System.out}'s habit of swallowing errors: stored values
 * go out as the exact UTF-8 bytes they are, whatever the locale, and a failed write is told apart — a closed pipe
 * (the reader went away: the command ends quietly) from a real error (a full disk: exit 3).
 */
final class Stdout extends OutputStream {
    static final Stdout INSTANCE = new Stdout();

    private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
    private volatile IOException failure;

    private Stdout() {
    }

    /** A UTF-8 writer over it that flushes every line; check it with {@link #check(PrintWriter)}. */
    static PrintWriter writer() {
        return new PrintWriter(new OutputStreamWriter(INSTANCE, StandardCharsets.UTF_8), true);
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private IOException failed(IOException e) {
        failure = e;
        return e;
    }

    /**
     * True for the error a write to a pipe whose reader has gone gets (EPIPE). Its message is the C library's, which
     * a non-English locale translates: a failed write while fd 1 reports its reader gone counts as well.
     */
    static boolean isClosedPipe(Throwable e) {
        return e instanceof IOException && ((e.getMessage() != null
                && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("broken pipe")) || readerGone());
    }

    /**
     * True when nobody can read standard output any more although nothing was written to find out: the reading end
     * of the pipe was closed ({@code chainlog tail --follow | head -1} after head exits, while no entry comes). A
     * write would fail with EPIPE, but an idle command writes nothing; {@code poll(2)} on fd 1 reports POLLERR (or
     * POLLHUP for a hung-up terminal) instead. Java has no public API for that, so this calls the JDK's internal
     * {@code sun.nio.ch.Net.poll}, which the runnable jar opens to itself ({@code Add-Opens} in its manifest). Where
     * it is not accessible this answers false, and the command notices at its next write.
     */
    static boolean readerGone() {
        if (POLL == null) {
            return false;
        }
        try {
            int revents = (int) POLL.invoke(null, FileDescriptor.out, 0, 0L);
            return (revents & (POLLERR | POLLHUP)) != 0;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static final int POLLERR = 0x008;
    private static final int POLLHUP = 0x010;
    private static final java.lang.reflect.Method POLL = pollMethod();

    private static java.lang.reflect.Method pollMethod() {
        try {
            java.lang.reflect.Method m = Class.forName("sun.nio.ch.Net")
                    .getDeclaredMethod("poll", FileDescriptor.class, int.class, long.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException notOpened) {
            return null;
        }
    }

    /**
     * Throws when {@code writer} (the command's output) failed: {@link ChainlogCli.OutputClosedException} for a closed
     * pipe, an {@link UncheckedIOException} otherwise. A writer that is not over standard output never fails here.
     */
    static void check(PrintWriter writer) {
        if (!writer.checkError()) {
            return;
        }
        IOException e = INSTANCE.failure;
        if (e == null) { // a writer of the caller's (ChainlogCli.run in a test), not over standard output
            throw new UncheckedIOException(new IOException("writing the command's output failed"));
        }
        if (isClosedPipe(e)) {
            throw new ChainlogCli.OutputClosedException();
        }
        throw new UncheckedIOException("writing to standard output failed: " + e.getMessage(), e);
    }
}
