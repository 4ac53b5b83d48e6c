package dev.chainlog.kafka;

import dev.chainlog.api.CursorExpiredException;
import dev.chainlog.api.DurableConsumer;
import dev.chainlog.api.Entry;
import dev.chainlog.api.EventLog;
import dev.chainlog.api.LogClosedException;
import dev.chainlog.api.LogTail;
import dev.chainlog.checkpoint.Checkpoint;
import dev.chainlog.checkpoint.SignedNote;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Ships every committed entry of a log, in seq order, to one partition of a Kafka topic, exactly once, with the
 * checkpoints the log signs (record format: {@link ChainlogRecords}).
 *
 * <p><b>Exactly once, across crashes.</b> One transactional producer per log ({@code chainlog-forwarder/<log id>}):
 * each batch of entries (and any checkpoint that became due) is one Kafka transaction, so readers with
 * {@code isolation.level=read_committed} see a batch whole or not at all. On start — and after any failure it
 * retries — the forwarder runs one procedure: {@code initTransactions()} fences every earlier producer of the id (a
 * zombie can no longer commit) and ends its open transaction; then {@link TopicTail} reads the committed tail of the
 * partition for the last entry of this log; that entry's hash must be the log's at that seq (else the log was
 * rewritten under the forwarder: {@link ForwarderException.LogRewritten}); forwarding resumes at the next seq. The
 * topic is the only record of what was forwarded: an entry is in the topic once, or not yet.
 *
 * <p><b>Retention.</b> The durable consumer {@link ForwarderConfig#consumerName()} of the log is committed after
 * each Kafka transaction, and holds retention ({@link DurableConsumer#holdRetention}) by
 * {@link ForwarderConfig#retentionHold()} entries, so the log keeps what is not forwarded yet while the forwarder
 * is at most that far behind. It is behind the topic at worst, never ahead: when it is ahead the topic lost records,
 * and the forwarder stops rather than forward them twice.
 *
 * <p><b>Stops</b> (with {@link #failure()}) when going on would break exactly-once or the chain: the log rewritten,
 * an entry larger than the producer or topic accepts (never dropped), a second forwarder with the same id, entries
 * pruned before they were forwarded, records of the log in the topic the forwarder did not write, missing rights.
 * Anything else (brokers away, timeouts, leader changes) is retried with backoff, from the procedure above.
 *
 * <p><b>Checkpoints.</b> A log keeps its latest checkpoint (and the one of its last retention cut); the forwarder
 * forwards each one it finds there after the entries it covers — every one the log signs while the forwarder keeps
 * up (it looks after each transaction and every {@link ForwarderConfig#idleWait()}). A forwarder that is behind
 * finds only the newest, which covers every entry the skipped ones did.
 *
 * <p>One thread, {@code chainlog-forwarder-<log id>}, owns the producer; {@link #close()} finishes the transaction
 * in flight and stops it.
 */
public final class KafkaForwarder implements AutoCloseable {
    /** Producer properties exactly-once depends on; {@link ForwarderConfig} refuses overrides of these. */
    static final List<String> FIXED_PRODUCER_PROPERTIES = List.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);

    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    /** What the forwarder is doing. */
    public enum State { STARTING, RUNNING, RETRYING, STOPPED, FAILED }

    /**
     * A moment of the forwarder: {@code forwardedSeq} the last entry committed into the topic, {@code lagEntries}
     * the log's head minus it, {@code lagSeconds} the age of the oldest entry not yet forwarded (0 when caught up).
     */
    public record Status(State state, long forwardedSeq, long headSeq, long lagEntries, double lagSeconds,
                         long transactions, long checkpointsForwarded, String lastError) {
    }

    private final EventLog log;
    private final ForwarderConfig config;
    private final String logId;
    private final Thread thread;
    private final Object progress = new Object();
    private volatile boolean stopping;
    private volatile State state = State.STARTING;
    private volatile long forwardedSeq = -1;
    private volatile long transactions;
    private volatile long checkpointsForwarded;
    private volatile String lastError;
    private volatile ForwarderException failure;

    private KafkaForwarder(EventLog log, ForwarderConfig config) {
        this.log = log;
        this.config = config;
        this.logId = log.logId();
        this.thread = new Thread(this::run, "chainlog-forwarder-" + logId);
        this.thread.setDaemon(true);
    }

    /** Starts forwarding {@code log} (which stays the caller's: close the forwarder before the log). */
    public static KafkaForwarder start(EventLog log, ForwarderConfig config) {
        KafkaForwarder forwarder = new KafkaForwarder(log, config);
        forwarder.thread.start();
        return forwarder;
    }

    public String logId() {
        return logId;
    }

    public ForwarderConfig config() {
        return config;
    }

    /** The last seq known committed into the topic (-1 before the resume point is known). */
    public long forwardedSeq() {
        return forwardedSeq;
    }

    /** Why the forwarder stopped by itself, if it did. */
    public Optional<ForwarderException> failure() {
        return Optional.ofNullable(failure);
    }

    public Status status() {
        long forwarded = forwardedSeq;
        long head = forwarded;
        double lagSeconds = 0;
        try {
            head = log.head().seq();
            // Before the resume point is known, the durable consumer (never ahead of the topic) stands for it.
            long known = forwarded >= 0 ? forwarded : log.consumer(config.consumerName()).committed().seq();
            forwarded = known;
            if (head > known) {
                Optional<Entry> next = log.get(Math.max(known + 1, log.logStartSeq()));
                if (next.isPresent()) {
                    lagSeconds = Math.max(0, System.currentTimeMillis() * 1000.0 - next.get().ts()) / 1e6;
                }
            }
        } catch (LogClosedException e) {
            // the log is closed: report what the forwarder knows
        }
        long lag = Math.max(0, head - forwarded);
        return new Status(state, forwarded, head, lag, lagSeconds, transactions, checkpointsForwarded, lastError);
    }

    /**
     * Waits until the entry {@code seq} is committed into the topic; false on timeout.
     *
     * @throws ForwarderException the forwarder stopped by itself before that
     */
    public boolean awaitForwarded(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (forwardedSeq < seq) {
                if (failure != null) {
                    throw failure;
                }
                if (state == State.STOPPED) {
                    return false;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /**
     * Waits for the forwarder's thread to end (after {@link #close()} or a failure); false on timeout.
     */
    public boolean await(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /**
     * Stops and releases the producer: a transaction in flight gets up to 10 s to commit; a forwarder still fencing,
     * finding its resume point or retrying (brokers away) is interrupted at once. An interrupted transaction is
     * ended by the next forwarder's fencing, so exactly-once holds either way.
     */
    @Override
    public void close() {
        stopping = true;
        try {
            if (state == State.RUNNING) {
                thread.join(10_000);
            }
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(30_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the forwarder's thread

    private void run() {
        long backoff = 100;
        while (!stopping) {
            try {
                session();
            } catch (ForwarderException e) {
                fail(e);
                return;
            } catch (LogClosedException | org.apache.kafka.common.errors.InterruptException e) {
                break;
            } catch (RuntimeException e) {
                if (stopping) {
                    break;
                }
                ForwarderException fatal = fatal(e);
                if (fatal != null) {
                    fail(fatal);
                    return;
                }
                lastError = e.toString();
                state = State.RETRYING;
                LOG.warn("chainlog forwarder of log {}: {}; retrying in {} ms", logId, e.toString(), backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                continue;
            }
            backoff = 100;
        }
        state = State.STOPPED;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** One producer's life: fence, find the resume point, forward until stopped or until something fails. */
    private void session() {
        KafkaProducer<byte[], byte[]> producer = newProducer();
        try {
            producer.initTransactions();
            int partitions = partitions(producer);
            TopicPartition tp = new TopicPartition(config.topic(), ChainlogRecords.partitionOf(logId, partitions));
            TopicTail.Position tail = TopicTail.find(config.bootstrapServers(), config.clientOverrides(), tp, logId,
                    config.resumeTimeout());
            DurableConsumer position = log.consumer(config.consumerName());
            long resumeAfter = resumePoint(tail, position, tp);
            position.holdRetention(config.retentionHold()); // 0 releases a hold an earlier configuration set
            long checkpointTime = tail.checkpointTime();
            advance(resumeAfter);
            state = State.RUNNING;
            LOG.info("chainlog forwarder of log {} resumes after seq {} in {}", logId, resumeAfter, tp);
            try (LogTail entries = log.subscribe(resumeAfter)) {
                while (!stopping) {
                    List<Entry> batch = collect(entries);
                    long upTo = batch.isEmpty() ? forwardedSeq : batch.get(batch.size() - 1).seq();
                    List<SignedNote> due = dueCheckpoints(checkpointTime, upTo);
                    if (batch.isEmpty() && due.isEmpty()) {
                        continue;
                    }
                    checkpointTime = forward(producer, tp, batch, due, upTo, checkpointTime);
                    if (!batch.isEmpty()) {
                        position.commit(batch.get(batch.size() - 1));
                    }
                    advance(upTo);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        } catch (CursorExpiredException e) {
            throw new ForwarderException("entries of log " + logId + " after seq " + forwardedSeq + " were pruned by "
                    + "retention before they were forwarded: the topic has a gap it can no longer fill (give the "
                    + "forwarder a retention hold larger than its longest outage: ForwarderConfig.retentionHold)", e);
        } finally {
            closeQuietly(producer);
        }
    }

    /** Closes the producer even when {@link #close()} interrupted this thread (the flag is kept). */
    private static void closeQuietly(KafkaProducer<byte[], byte[]> producer) {
        boolean interrupted = Thread.interrupted();
        try {
            producer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            // nothing more to release
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private int partitions(KafkaProducer<byte[], byte[]> producer) {
        try {
            return producer.partitionsFor(config.topic()).size();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaException("topic " + config.topic() + " not found at " + config.bootstrapServers()
                    + " (the forwarder never creates one: README, When one machine is not enough)", e);
        }
    }

    /** Checks the topic's tail against the log and the durable consumer; returns the seq forwarded last. */
    private long resumePoint(TopicTail.Position tail, DurableConsumer position, TopicPartition tp) {
        long local = position.committed().seq();
        if (tail.seq() == 0) {
            if (local > 0) {
                throw new ForwarderException("the topic holds no entry of log " + logId + " in " + tp + ", but the "
                        + "log's consumer '" + config.consumerName() + "' says seq " + local + " was forwarded: this is "
                        + "another topic, or the topic lost its records (retention, deletion). Forwarding again from "
                        + "the start would duplicate entries; to forward to a new topic on purpose, delete the consumer "
                        + "first (chainlog consumers --log DIR --delete " + config.consumerName() + ")");
            }
            long start = log.logStartSeq();
            if (start > 1) {
                LOG.warn("chainlog forwarder of log {}: seqs 1..{} were pruned before forwarding began; the topic "
                        + "starts at seq {} (a restore from it is refused: docs/FORMAT.md §10)", logId, start - 1, start);
            }
            return start - 1;
        }
        String logHash = hashAt(tail.seq());
        if (logHash == null) {
            throw new ForwarderException.LogRewritten("the topic says seq " + tail.seq() + " of log " + logId
                    + " was forwarded (offset " + tail.offset() + " of " + tp + "), but the log "
                    + (tail.seq() > log.head().seq() ? "ends at seq " + log.head().seq() + ": it was truncated or replaced"
                    : "no longer holds it nor the entry after it (pruned past the forwarder)") + "; stopping");
        }
        if (!logHash.equals(tail.hash())) {
            throw new ForwarderException.LogRewritten("log " + logId + " holds another entry at seq " + tail.seq()
                    + " than the one forwarded (log " + logHash + ", topic " + tail.hash() + " at offset "
                    + tail.offset() + " of " + tp + "): the log was rewritten or replaced under the forwarder; stopping."
                    + " Check both: chainlog verify --log DIR, chainlog verify-kafka");
        }
        if (local > tail.seq()) {
            throw new ForwarderException("the log's consumer '" + config.consumerName() + "' says seq " + local
                    + " was forwarded, but the last entry of log " + logId + " committed in " + tp + " is seq "
                    + tail.seq() + ": the topic lost committed records (an unclean leader election? "
                    + "min.insync.replicas below 2?); stopping rather than forwarding them twice");
        }
        if (local < tail.seq()) {
            position.commit(tail.seq(), tail.hash());
        }
        return tail.seq();
    }

    /** The log's hash of entry {@code seq}, from it or from the prev of the next one; null when neither is held. */
    private String hashAt(long seq) {
        Optional<Entry> e = log.get(seq);
        if (e.isPresent()) {
            return e.get().hash();
        }
        return log.get(seq + 1).map(Entry::prev).orElse(null);
    }

    /** Up to maxBatch entries: waits idleWait for the first, then takes what is already committed. */
    private List<Entry> collect(LogTail entries) throws InterruptedException {
        List<Entry> batch = new ArrayList<>();
        Entry first = entries.poll(config.idleWait());
        if (first == null) {
            return batch;
        }
        batch.add(first);
        while (batch.size() < config.maxBatch()) {
            Entry next = entries.poll(Duration.ZERO);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return batch;
    }

    /** Stored checkpoints signed after the last one forwarded that cover only entries forwarded by {@code upTo}. */
    private List<SignedNote> dueCheckpoints(long lastForwardedTime, long upTo) {
        List<SignedNote> due = new ArrayList<>();
        for (SignedNote note : log.storedCheckpoints()) {
            Checkpoint cp = Checkpoint.parse(note.text());
            if (cp.timeMicros() > lastForwardedTime && cp.treeSize() <= upTo && cp.treeSize() >= 1) {
                due.add(note);
            }
        }
        due.sort(Comparator.comparingLong(n -> Checkpoint.parse(n.text()).timeMicros()));
        return due;
    }

    /** One Kafka transaction: the batch, then the due checkpoints; returns the newest checkpoint time forwarded. */
    private long forward(KafkaProducer<byte[], byte[]> producer, TopicPartition tp, List<Entry> batch,
                         List<SignedNote> due, long upTo, long checkpointTime) {
        List<ProducerRecord<byte[], byte[]>> checkpointRecords = new ArrayList<>();
        long newestCheckpointTime = checkpointTime;
        for (SignedNote note : due) { // proofs read before the transaction opens
            Checkpoint cp = Checkpoint.parse(note.text());
            newestCheckpointTime = cp.timeMicros();
            List<byte[]> proof;
            try {
                proof = cp.treeSize() == upTo || cp.legacy() ? List.of() : log.consistencyProof(cp.treeSize(), upTo).hashes();
            } catch (CursorExpiredException | IllegalArgumentException e) {
                LOG.warn("chainlog forwarder of log {}: the checkpoint of size {} is not forwarded: the log cannot prove "
                        + "it consistent with size {} ({})", logId, cp.treeSize(), upTo, e.getMessage());
                continue;
            }
            checkpointRecords.add(ChainlogRecords.checkpoint(tp.topic(), tp.partition(), logId, note, upTo,
                    newestCheckpointTime, proof));
        }
        producer.beginTransaction();
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            sent.add(producer.send(ChainlogRecords.entry(tp.topic(), tp.partition(), logId, e, checkpointTime)));
        }
        checkpointRecords.forEach(producer::send);
        int checkpoints = checkpointRecords.size();
        checkpointTime = newestCheckpointTime;
        try {
            producer.commitTransaction();
        } catch (KafkaException e) {
            ForwarderException tooLarge = tooLarge(batch, sent);
            abortQuietly(producer);
            if (tooLarge != null) {
                throw tooLarge;
            }
            throw e;
        }
        transactions++;
        checkpointsForwarded += checkpoints;
        return checkpointTime;
    }

    /** The first entry of the batch the producer or broker refused as too large, if that is why it failed. */
    private ForwarderException tooLarge(List<Entry> batch, List<Future<RecordMetadata>> sent) {
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(0, TimeUnit.MILLISECONDS);
            } catch (ExecutionException ee) {
                if (ee.getCause() instanceof RecordTooLargeException tooLarge) {
                    Entry e = batch.get(i);
                    return new ForwarderException.EntryTooLarge(e.seq(), "entry " + e.seq() + " of log " + logId
                            + " (" + e.storedValue().length + " bytes stored, plus headers) is larger than the producer's "
                            + "max.request.size or the topic's max.message.bytes accept: " + tooLarge.getMessage()
                            + ". Raise the topic's max.message.bytes (and the producer's max.request.size) above "
                            + "chainlog's maxPayloadBytes (README: When one machine is not enough); the forwarder "
                            + "stopped before it, nothing was skipped", tooLarge);
                }
            } catch (Exception other) {
                // not completed or failed otherwise: not the reason we look for
            }
        }
        return null;
    }

    private void advance(long seq) {
        synchronized (progress) {
            forwardedSeq = seq;
            progress.notifyAll();
        }
    }

    private void fail(ForwarderException e) {
        LOG.error("chainlog forwarder of log {} stopped: {}", logId, e.getMessage());
        failure = e;
        lastError = e.getMessage();
        state = State.FAILED;
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** The failures no retry can cure. */
    private ForwarderException fatal(RuntimeException e) {
        Throwable t = e;
        while (t != null) {
            // A newer producer of the same transactional id bumped the epoch: with transaction.version 2 the broker
            // says so as InvalidProducerEpochException, before it as ProducerFencedException.
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return new ForwarderException.Fenced("another forwarder with transactional id "
                        + config.transactionalIdFor(logId) + " took over log " + logId + "; this one stops", e);
            }
            if (t instanceof AuthenticationException || t instanceof AuthorizationException
                    || t instanceof TransactionalIdAuthorizationException || t instanceof UnsupportedVersionException
                    || t instanceof InvalidTopicException) {
                return new ForwarderException("the forwarder of log " + logId + " cannot write to topic "
                        + config.topic() + ": " + t, e);
            }
            t = t.getCause();
        }
        return null;
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Room for the largest entry of any payload limit up to 2 MiB: the topic's max.message.bytes decides.
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024 + 128 * 1024);
        props.putAll(config.producerOverrides());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalIdFor(logId));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "chainlog-forwarder-" + logId);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void abortQuietly(KafkaProducer<byte[], byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // the session ends here anyway; the next one's initTransactions() ends the transaction
        }
    }

    private void sleep(long ms) {
        long until = System.currentTimeMillis() + ms;
        while (!stopping && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(Math.min(100, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }
}
