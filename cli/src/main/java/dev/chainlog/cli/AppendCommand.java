package dev.chainlog.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chainlog.api.AppendRequest;
import dev.chainlog.api.Durability;
import dev.chainlog.api.Entry;
import dev.chainlog.api.Event;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.EventLogConfig;
import dev.chainlog.api.InvalidEventException;
import dev.chainlog.chain.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Appends one event from flags, or JSON Lines from stdin. Prints {@code {"seq":N,"hash":"..."}} per entry once it
 * is durable under the chosen mode, in seq order, so a caller can count exactly what was acknowledged.
 */
@Command(name = "append", description = {"Append one event from flags, or JSON Lines from stdin.",
        "Each stdin line: {\"kind\":..,\"payload\":{..},\"source\":..,\"reqId\":..,\"uuid\":..,\"meta\":{..}}.",
        "Prints {\"seq\":N,\"hash\":\"..\"} per entry once it is durable."})
final class AppendCommand extends LogCommand {
    private static final Set<String> LINE_FIELDS = Set.of("kind", "payload", "source", "reqId", "uuid", "meta");
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

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "repeatable")
    Map<String, String> meta = Map.of();

    @Option(names = "--payload", paramLabel = "JSON", description = "a JSON object (default {})")
    String payload;

    @Option(names = "--batch", paramLabel = "N", description = "stdin: group N lines into one atomic batch")
    int batch;

    @Option(names = "--durability", paramLabel = "MODE", defaultValue = "wal",
            description = "sync | wal | none (default: ${DEFAULT-VALUE})")
    String durability;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (batch < 0) {
            throw new ChainlogCli.UsageException("--batch must be >= 1");
        }
        boolean fromFlags = kind != null;
        if (!fromFlags && (source != null || requestId != null || uuid != null || !meta.isEmpty() || payload != null)) {
            throw new ChainlogCli.UsageException("--source, --request-id, --uuid, --meta and --payload need --kind");
        }
        if (fromFlags && batch > 0) {
            throw new ChainlogCli.UsageException("--batch groups stdin lines; it does not go with --kind");
        }
        Durability mode = Durability.parse(durability);
        try (EventLog log = openForWriting(EventLogConfig.builder().durability(mode))) {
            if (fromFlags) {
                Event.Builder b = Event.builder(kind).source(source).uuid(uuid).meta(meta);
                if (payload != null) {
                    b.payloadJson(payload);
                }
                print(log.append(b.build(), requestId));
                return ChainlogCli.OK;
            }
            return fromStdin(log);
        }
    }

    private int fromStdin(EventLog log) throws IOException, InterruptedException {
        // Lines are split as bytes and each decoded strictly: a line with invalid UTF-8 is refused with its number
        // (never stored with U+FFFD in place of the bad bytes), after the lines before it were appended.
        java.io.InputStream in = new java.io.BufferedInputStream(System.in, 1 << 16);
        Acknowledger acks = new Acknowledger();
        acks.start();
        List<Event> group = new ArrayList<>();
        String groupRequestId = null;
        long groupFirstLine = 0;
        long lineNumber = 0;
        String line;
        try {
            while ((line = readLine(in, lineNumber + 1)) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                ParsedLine parsed;
                try {
                    parsed = parse(line);
                } catch (InvalidEventException e) {
                    throw new ChainlogCli.UsageException("line " + lineNumber + ": " + e.getMessage()
                            + (batch > 0 ? " (its batch was not stored)" : ""));
                }
                if (parsed.event.encoded().payloadSize() > EventLogConfig.DEFAULT_MAX_PAYLOAD_BYTES) {
                    throw new ChainlogCli.UsageException("line " + lineNumber + ": payload is "
                            + parsed.event.encoded().payloadSize() + " bytes encoded, over the limit of "
                            + EventLogConfig.DEFAULT_MAX_PAYLOAD_BYTES + (batch > 0 ? " (its batch was not stored)" : ""));
                }
                if (batch > 0) {
                    if (group.isEmpty()) {
                        groupFirstLine = lineNumber;
                        groupRequestId = parsed.requestId;
                    } else if (!java.util.Objects.equals(groupRequestId, parsed.requestId)) {
                        throw new ChainlogCli.UsageException("line " + lineNumber + ": every line of a batch must carry "
                                + "the same reqId (a batch is one request); its batch was not stored");
                    }
                    group.add(parsed.event);
                    if (group.size() == batch) {
                        submit(log, acks, new AppendRequest(group, groupRequestId, null), groupFirstLine);
                        group = new ArrayList<>();
                    }
                } else {
                    submit(log, acks, new AppendRequest(List.of(parsed.event), parsed.requestId, null), lineNumber);
                }
            }
            if (!group.isEmpty()) {
                submit(log, acks, new AppendRequest(group, groupRequestId, null), groupFirstLine);
            }
        } finally {
            acks.finish();
        }
        acks.rethrow();
        return ChainlogCli.OK;
    }

    private String readLine(java.io.InputStream in, long number) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            line.write(b);
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ChainlogCli.UsageException("line " + number + " is not valid UTF-8"
                    + (batch > 0 ? " (its batch was not stored)" : ""));
        }
    }

    private void submit(EventLog log, Acknowledger acks, AppendRequest request, long firstLine) throws InterruptedException {
        acks.rethrow(); // stop reading input after an append was rejected
        CompletableFuture<List<Entry>> future;
        try {
            future = log.appendAsync(request);
        } catch (InvalidEventException e) {
            throw new ChainlogCli.UsageException("line " + firstLine + ": " + e.getMessage()
                    + (batch > 0 ? " (its batch was not stored)" : ""));
        }
        acks.inFlight.put(new Pending(firstLine, future));
    }

    /**
     * Prints acknowledgements in submission order as soon as each append is durable, on its own thread, so a
     * caller streaming lines sees each ack without waiting for more input. The bounded queue keeps at most
     * {@link #WINDOW} appends in flight: enough for group commit, little memory. Appends submitted before a
     * rejection are still acknowledged (they were written), then the rejection is reported.
     */
    private final class Acknowledger extends Thread {
        private final Pending end = new Pending(-1, null);
        final java.util.concurrent.BlockingQueue<Pending> inFlight = new java.util.concurrent.ArrayBlockingQueue<>(WINDOW);
        private volatile RuntimeException failure;

        Acknowledger() {
            super("chainlog-acks");
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (Pending p = inFlight.take(); p != end; p = inFlight.take()) {
                    try {
                        print(p.future.join());
                    } catch (CompletionException e) {
                        if (failure == null) {
                            Throwable cause = e.getCause();
                            failure = cause instanceof RuntimeException re ? new LineFailure(p.firstLine, re).unwrap() : e;
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until every submitted append is acknowledged or failed. */
        void finish() throws InterruptedException {
            inFlight.put(end);
            join();
            out().flush();
        }

        void rethrow() {
            if (failure != null) {
                throw failure;
            }
        }
    }

    private void print(List<Entry> entries) {
        for (Entry e : entries) {
            print(e);
        }
        out().flush();
    }

    private void print(Entry e) {
        out().println("{\"seq\":" + e.seq() + ",\"hash\":\"" + e.hash() + "\"}");
    }

    private record ParsedLine(Event event, String requestId) {
    }

    private record Pending(long firstLine, CompletableFuture<List<Entry>> future) {
    }

    /** Puts the input line number in front of a writer-side rejection (duplicate uuid, request id conflict). */
    private static final class LineFailure extends RuntimeException {
        private final RuntimeException cause;

        LineFailure(long line, RuntimeException cause) {
            super("line " + line + ": " + cause.getMessage(), cause);
            this.cause = cause;
        }

        RuntimeException unwrap() {
            if (cause instanceof InvalidEventException) {
                return new InvalidEventException(getMessage(), cause);
            }
            if (cause instanceof dev.chainlog.api.RequestIdConflictException) {
                return new ChainlogCli.UsageException(getMessage());
            }
            return cause;
        }
    }

    static ParsedLine parse(String line) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new InvalidEventException("not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new InvalidEventException("each line must be a JSON object");
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!LINE_FIELDS.contains(f)) {
                throw new InvalidEventException("unknown field '" + f + "'; fields are " + new java.util.TreeSet<>(LINE_FIELDS));
            }
        }
        Event.Builder b = Event.builder(text(obj, "kind")).source(text(obj, "source")).uuid(text(obj, "uuid"));
        JsonNode metaNode = obj.get("meta");
        if (metaNode != null && !metaNode.isNull()) {
            if (!metaNode.isObject()) {
                throw new InvalidEventException("meta must be an object of strings");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = metaNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual()) {
                    throw new InvalidEventException("meta." + e.getKey() + " must be a string");
                }
                b.meta(e.getKey(), e.getValue().textValue());
            }
        }
        JsonNode p = obj.get("payload");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw new InvalidEventException("payload must be a JSON object");
            }
            b.payload(p);
        }
        Event event = b.build();
        String requestId = text(obj, "reqId");
        new AppendRequest(List.of(event), requestId, null); // the request id's rules, checked with this line's number
        return new ParsedLine(event, requestId);
    }

    private static String text(ObjectNode obj, String field) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidEventException(field + " must be a string");
        }
        return n.textValue();
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
