package dev.chainlog.cli;

import dev.chainlog.api.AppendAbortedException;
import dev.chainlog.api.AppendPipeline;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.ChainlogException;
import dev.chainlog.api.Durability;
import dev.chainlog.api.DuplicateUuidException;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.api.StorageException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * Appends one event from flags, or JSON Lines from stdin.
 *
 * <p>From stdin, lines go through one {@link AppendPipeline}: many appends in flight (they share group commits),
 * acknowledged in input order, and the first line that is refused — malformed, breaking a rule, a duplicate uuid,
 * a request id reused with another body, a failed write — ends the input: nothing after it is stored, the error
 * names exactly that line, and every line before it that was stored was acknowledged with its line number. A
 * caller can resume from the named line without duplicating anything.
 */
@Command(name = "append", description = {"Append one event from flags, or JSON Lines from stdin.",
        "Each stdin line: {\"kind\":..,\"payload\":{..},\"source\":..,\"reqId\":..,\"uuid\":..,\"meta\":{..}}.",
        "Prints {\"seq\":N,\"hash\":\"..\"} (from stdin {\"line\":L,\"seq\":N,\"hash\":\"..\"}) per entry once it is",
        "written: durable under sync and wal; under none held in memory until the command ends, which a normal",
        "end, Ctrl-C or SIGTERM flush to disk (SIGKILL or a crash loses the newest).",
        "The first refused stdin line stops the input: nothing after it is stored, and the error names it."})
final class AppendCommand extends LogCommand {
    /** Appends in flight from stdin: enough to fill a group commit, bounded so memory stays small. */
    private static final int WINDOW = 4096;

    @Option(names = "--kind", description = "the event kind (append one event from flags)")
    String kind;

    @Option(names = "--source")
    String source;

    @Option(names = "--request-id", description = "idempotency key: a retry returns the first entry")
    String requestId;

    @Option(names = "--uuid")
    String uuid;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "repeatable, one value per key")
    List<String> meta = List.of();

    @Option(names = "--payload", paramLabel = "JSON", description = "a JSON object (default {})")
    String payload;

    @Option(names = "--batch", paramLabel = "N", description = "stdin: group N lines into one atomic batch (N >= 1)")
    Integer batch;

    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "wal",
            description = "sync | wal | none (default: ${DEFAULT-VALUE})")
    String durability;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (batch != null && batch < 1) {
            throw new ChainlogCli.UsageException("--batch must be 1 or more, got " + batch);
        }
        boolean fromFlags = kind != null;
        if (!fromFlags && (source != null || requestId != null || uuid != null || !meta.isEmpty() || payload != null)) {
            throw new ChainlogCli.UsageException("--source, --request-id, --uuid, --meta and --payload need --kind");
        }
        if (fromFlags && batch != null) {
            throw new ChainlogCli.UsageException("--batch groups stdin lines; it does not go with --kind");
        }
        Durability mode = Durability.parse(durability);
        Event flagEvent = fromFlags ? flagEvent() : null;
        EventLogConfig config = configFor(EventLogConfig.builder().durability(mode));
        try (EventLog log = openForWriting(config)) {
            if (fromFlags) {
                Entry e = log.append(flagEvent, requestId);
                emit("{\"seq\":" + e.seq() + ",\"hash\":\"" + e.hash() + "\"}");
                return ChainlogCli.OK;
            }
            new StdinAppend(log.pipeline(), config).run();
            return ChainlogCli.OK;
        }
    }

    private Event flagEvent() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : meta) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new ChainlogCli.UsageException("--meta takes KEY=VALUE, got '" + pair + "'");
            }
            if (pairs.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                throw new ChainlogCli.UsageException("--meta " + pair.substring(0, eq) + " is given twice; a key has one value");
            }
        }
        Event.Builder b = Event.builder(kind).source(source).uuid(uuid).meta(pairs);
        if (payload != null) {
            b.payloadJson(payload);
        }
        Event event = b.build();
        new AppendRequest(List.of(event), requestId, null); // the request id's rules, before the log is opened
        return event;
    }

    /**
     * One run of stdin through the pipeline. The reading thread parses and submits; the {@link Acknowledger} prints
     * acknowledgements in submission order as soon as each append is written, so a caller streaming lines sees each
     * ack without waiting for more input. At most {@link #WINDOW} appends are in flight: enough for group commit,
     * little memory.
     */
    private final class StdinAppend {
        private final AppendPipeline pipeline;
        private final EventLogConfig config;
        private final long maxLineBytes;
        private final InputStream in = new BufferedInputStream(System.in, 1 << 16);
        private final Acknowledger acks = new Acknowledger();
        private long lineNumber;

        StdinAppend(AppendPipeline pipeline, EventLogConfig config) {
            this.pipeline = pipeline;
            this.config = config;
            this.maxLineBytes = config.maxExportLineBytes();
        }

        void run() throws IOException, InterruptedException {
            acks.start();
            Runnable drainOnShutdown = acks::finishOnShutdown;
            OpenLogs.afterClose(drainOnShutdown);
            List<Event> group = new ArrayList<>();
            List<Long> groupLines = new ArrayList<>();
            String groupRequestId = null;
            int groupSize = batch == null ? 1 : batch;
            RuntimeException refusedLine = null;
            try {
                String line;
                while (!stopped() && (line = readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    ParsedLine parsed = parse(line);
                    if (!group.isEmpty() && !Objects.equals(groupRequestId, parsed.requestId)) {
                        throw lineError(lineNumber, "every line of a batch must carry the same reqId (a batch is one "
                                + "request)");
                    }
                    groupRequestId = parsed.requestId;
                    group.add(parsed.event);
                    groupLines.add(lineNumber);
                    if (group.size() == groupSize) {
                        submit(new Pending(groupLines, group, groupRequestId));
                        group = new ArrayList<>();
                        groupLines = new ArrayList<>();
                    }
                }
                if (!group.isEmpty() && !stopped()) {
                    submit(new Pending(groupLines, group, groupRequestId));
                }
            } catch (ChainlogCli.UsageException e) {
                refusedLine = e; // reported below, unless an append submitted before it failed first
            } finally {
                acks.finish();
                OpenLogs.removeAfterClose(drainOnShutdown);
            }
            // The earliest failure is the one to report: an append still in flight when a later line was refused
            // concerns an earlier line, and nothing after it was stored either.
            acks.rethrow();
            if (refusedLine != null) {
                throw refusedLine;
            }
        }

        /** True once an append failed (the pipeline aborts the rest) or the output is gone: read no more input. */
        private boolean stopped() {
            return acks.failure != null || pipeline.failure().isPresent();
        }

        private void submit(Pending p) throws InterruptedException {
            try {
                p.future = pipeline.submit(new AppendRequest(p.events, p.requestId, null));
            } catch (InvalidEventException e) {
                throw p.error(e);
            }
            acks.inFlight.put(p);
        }

        /** The next line as a strict UTF-8 string (never with U+FFFD for bad bytes), or null at the end of input. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long length = 0;
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                if (++length <= maxLineBytes) {
                    line.write(b); // a longer line is read to its end but never held whole
                }
            }
            if (b == -1 && length == 0) {
                return null;
            }
            lineNumber++;
            if (length > maxLineBytes) {
                throw lineError(lineNumber, "the line is longer than " + maxLineBytes + " bytes (the payload limit is "
                        + config.maxPayloadBytes() + " bytes encoded)");
            }
            byte[] bytes = line.toByteArray();
            int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, end)).toString();
            } catch (CharacterCodingException e) {
                throw lineError(lineNumber, "the line is not valid UTF-8");
            }
        }

        /**
         * Parses a line and checks it against every rule that needs no log, the payload limit included: the log would
         * refuse an oversized event too, but only when its whole batch is submitted, and the first refused line must
         * be named even when a later line of the same batch does not parse.
         */
        private ParsedLine parse(String line) {
            try {
                ParsedLine parsed = AppendCommand.parse(line);
                config.checkPayload(parsed.event);
                return parsed;
            } catch (InvalidEventException e) {
                throw lineError(lineNumber, e.getMessage());
            }
        }

        /** A line refused before it was submitted: it, and with --batch the lines of its batch before it, are not stored. */
        private ChainlogCli.UsageException lineError(long line, String reason) {
            return new ChainlogCli.UsageException("line " + line + ": " + reason + (batch != null && batch > 1
                    ? "; its batch was not stored, nor anything after it" : "; nothing from this line on was stored"));
        }

        /** Prints acknowledgements in submission order; keeps the first failure, which is what the command reports. */
        private final class Acknowledger extends Thread {
            private final Pending end = new Pending(List.of(), List.of(), null);
            final BlockingQueue<Pending> inFlight = new ArrayBlockingQueue<>(WINDOW);
            volatile RuntimeException failure;

            Acknowledger() {
                super("chainlog-acks");
                setDaemon(true);
            }

            @Override
            public void run() {
                try {
                    for (Pending p = inFlight.take(); p != end; p = inFlight.take()) {
                        try {
                            acknowledge(p);
                        } catch (RuntimeException | Error e) { // keep draining, or the reading thread blocks on put
                            if (failure == null) {
                                failure = new IllegalStateException("printing acknowledgements failed: " + e, e);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            private void acknowledge(Pending p) {
                List<Entry> entries;
                try {
                    entries = p.future.join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause();
                    if (failure == null && !(cause instanceof AppendAbortedException)) { // aborts follow the failure
                        failure = cause instanceof ChainlogException c ? p.error(c)
                                : new StorageException("line " + p.lines.get(0) + ": append failed: " + cause, cause);
                    }
                    return;
                }
                if (failure instanceof ChainlogCli.OutputClosedException) {
                    return; // stored, but nobody reads the acks any more
                }
                try {
                    for (int i = 0; i < entries.size(); i++) {
                        Entry e = entries.get(i);
                        out().println("{\"line\":" + p.lines.get(i) + ",\"seq\":" + e.seq() + ",\"hash\":\"" + e.hash() + "\"}");
                    }
                    Stdout.check(out());
                } catch (RuntimeException outputFailed) {
                    failure = outputFailed;
                }
            }

            /** Waits until every submitted append is acknowledged or failed. */
            void finish() throws InterruptedException {
                inFlight.put(end);
                join();
                out().flush();
            }

            /** In the shutdown hook, after the log was closed: print what the close wrote, for at most ten seconds. */
            void finishOnShutdown() {
                try {
                    if (inFlight.offer(end, 5, TimeUnit.SECONDS)) {
                        join(5_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out().flush();
            }

            void rethrow() {
                if (failure != null) {
                    throw failure;
                }
            }
        }
    }

    /** A submitted request: its input lines, its events, and its outcome. */
    private static final class Pending {
        final List<Long> lines;
        final List<Event> events;
        final String requestId;
        CompletableFuture<List<Entry>> future;

        Pending(List<Long> lines, List<Event> events, String requestId) {
            this.lines = lines;
            this.events = events;
            this.requestId = requestId;
        }

        /**
         * The command's error for a refusal of this request, naming the exact line: the line whose uuid is taken, or
         * the batch's lines for what concerns the whole request (its request id, a failed write).
         */
        RuntimeException error(ChainlogException e) {
            String where = lines.size() == 1 ? "line " + lines.get(0)
                    : "lines " + lines.get(0) + ".." + lines.get(lines.size() - 1) + " (one batch)";
            if (e instanceof DuplicateUuidException dup) {
                // the line that made it a duplicate: its second use within the batch, or its only one
                int seen = 0;
                for (int i = 0; i < events.size() && seen < 2; i++) {
                    if (dup.uuid().equals(events.get(i).uuid())) {
                        where = "line " + lines.get(i);
                        seen++;
                    }
                }
            }
            String message = where + ": " + e.getMessage() + (lines.size() > 1
                    ? "; the batch from line " + lines.get(0) + " was not stored, nor anything after it"
                    : "; nothing from this line on was stored");
            return e instanceof StorageException ? new StorageException(message, e) : new ChainlogCli.UsageException(message);
        }
    }

    private record ParsedLine(Event event, String requestId) {
    }

    /** One stdin line: an append request of one event ({@link AppendRequest#fromJson}). */
    static ParsedLine parse(String line) {
        AppendRequest request = AppendRequest.fromJson(line);
        return new ParsedLine(request.events().get(0), request.requestId());
    }
}
