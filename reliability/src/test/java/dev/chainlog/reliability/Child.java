package dev.chainlog.reliability;

import org.rocksdb.util.Environment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running one of this module's {@code main} classes with the test class path, whose stdout lines are
 * read on a background thread (so the parent can wait for a line with a bound and never hangs on a stuck child).
 *
 * <p>Every child loads RocksDB's native library from one copy extracted under {@code target/reliability/native}
 * ({@code -Djava.library.path}); otherwise each JVM would extract its own 17 MB copy into {@code java.io.tmpdir},
 * and a JVM killed with SIGKILL never deletes it (hundreds of kills would leave gigabytes in /tmp). Each child also
 * gets its own {@code java.io.tmpdir}, deleted with the child's scratch folder.
 */
final class Child implements AutoCloseable {
    /** Marks the end of the stdout stream in {@link #lines}. */
    static final String EOF = "\u0000EOF";
    private static Path nativeDir;

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;
    private final Thread pump;

    private Child(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.pump = new Thread(() -> pump(process.getInputStream()), "child-stdout-" + process.pid());
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /** Starts {@code main} in a new JVM; {@code scratch} receives the child's stderr and temporary files. */
    static Child start(Class<?> main, Path scratch, List<String> jvmArgs, String... args) {
        return start(List.of(), main, scratch, jvmArgs, args);
    }

    /** Like {@link #start(Class, Path, List, String...)}, run through {@code wrapper} (e.g. bash -c 'ulimit ..; exec "$@"'). */
    static Child start(List<String> wrapper, Class<?> main, Path scratch, List<String> jvmArgs, String... args) {
        try {
            Files.createDirectories(scratch);
            Path tmp = Files.createDirectories(scratch.resolve("tmp"));
            List<String> cmd = new ArrayList<>(wrapper);
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-Djava.library.path=" + nativeLibraryDir());
            cmd.add("-Djava.io.tmpdir=" + tmp);
            cmd.add("-XX:+UseSerialGC");
            cmd.add("-XX:-UsePerfData");
            cmd.addAll(jvmArgs);
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(main.getName());
            cmd.addAll(List.of(args));
            Path err = scratch.resolve("stderr-" + System.nanoTime() + ".txt");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            return new Child(p, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one copy of RocksDB's JNI library every child loads (extracted once per test JVM). */
    static synchronized Path nativeLibraryDir() throws IOException {
        if (nativeDir == null) {
            Path dir = Files.createDirectories(Settings.outDir().resolve("native"));
            String name = Environment.getJniLibraryFileName("rocksdb");
            Path lib = dir.resolve(name);
            try (InputStream in = org.rocksdb.RocksDB.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IOException("RocksDB's native library " + name + " is not on the class path");
                }
                Path part = dir.resolve(name + ".part-" + ProcessHandle.current().pid());
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, lib, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            nativeDir = dir;
        }
        return nativeDir;
    }

    private void pump(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // the stream ends when the child dies
        } finally {
            lines.add(EOF);
        }
    }

    /** The next stdout line, {@link #EOF} once the stream ended, or null if none came within {@code millis}. */
    String poll(long millis) throws InterruptedException {
        return lines.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Lines already received, without waiting. */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        return out;
    }

    /**
     * SIGKILL through the process handle ({@code Process.destroyForcibly()} would also close our end of the stdout
     * pipe and lose the acknowledgements still in it), waits for the death, then for the rest of stdout.
     */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        awaitExit(120);
    }

    /** Waits for the child to end (liveness bound, not a timing assertion) and for its stdout to be drained. */
    boolean awaitExit(long seconds) throws InterruptedException {
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (ended) {
            pump.join(TimeUnit.SECONDS.toMillis(seconds));
        }
        return ended;
    }

    boolean alive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** The child's stdin (to tell it to stop). */
    java.io.OutputStream stdin() {
        return process.getOutputStream();
    }

    String stderr() {
        try {
            String s = Files.readString(stderr);
            return s.length() > 6000 ? s.substring(0, 3000) + "\n...\n" + s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
