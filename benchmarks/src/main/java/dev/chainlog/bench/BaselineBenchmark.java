package dev.chainlog.bench;

import dev.chainlog.api.Event;
import dev.chainlog.chain.Hashes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * The limits under chainlog, per payload size (100 B / 1 KiB):
 * <ul>
 *   <li>{@code fileAppendForce}: append the stored value to a file with a {@link FileChannel} and
 *       {@code force(false)} (fdatasync) after each one: the disk's limit for one durable write at a time.</li>
 *   <li>{@code sha256}: SHA-256 of the stored value alone (chainlog hashes every value it writes or reads).</li>
 *   <li>{@code buildEvent}: what the caller's thread does before an append: build the {@link Event} (Jackson
 *       conversion of the payload map, validation, encoding of the state-independent fields).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx4g"})
@Threads(1)
public class BaselineBenchmark {
    @Param({"100", "1024"})
    public int payload;

    private byte[] value;
    private MessageDigest digest;
    private Path dir;
    private FileChannel file;
    private ByteBuffer buffer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        value = Support.storedValue(payload);
        digest = Hashes.newDigest();
        dir = Support.freshDir("file");
        file = FileChannel.open(dir.resolve("append.log"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        buffer = ByteBuffer.wrap(value);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        file.close();
        Support.deleteTree(dir);
    }

    @Benchmark
    public void fileAppendForce() {
        try {
            buffer.clear();
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            file.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public byte[] sha256() {
        return digest.digest(value);
    }

    @Benchmark
    public Event buildEvent() {
        return Support.event(payload);
    }
}
