package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxStats;
import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.EncodedPayload;
import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.protocol.Topic;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the {@link H2Outbox} to the broker on its own thread; appenders never wait for the network.
 *
 * <p>Loop: connect (exponential backoff with jitter between attempts), claim the next batch in priority order,
 * wait for the token bucket, publish it as one {@link BatchEnvelope} with QoS 1, keep up to the in-flight window of
 * messages awaiting PUBACK. A lost connection, a failed publish or a PUBACK with an error reason code drops the
 * connection; the next connection rewinds the outbox so every row not yet deleted is sent again (the collector
 * collapses duplicates).
 *
 * <p>When rows leave the outbox ({@link SyncConfig#receipts()}):
 * <ul>
 *   <li>receipts on (default): a PUBACK only marks the batch sent (in memory, see {@link ReceiptLedger}); the rows
 *       are deleted when the collector's {@link Receipt} names them, i.e. after they are in the central database. A
 *       sent batch without a receipt after {@link SyncConfig#receiptTimeout()} (and still in the outbox) drops the
 *       connection, so it and every other unreceipted row is sent again. This survives a broker that acknowledges
 *       and then loses messages (mosquitto under {@code kill -9}).</li>
 *   <li>receipts off: the PUBACK deletes the rows (at-least-once up to the broker, for consumers other than our
 *       collector).</li>
 * </ul>
 * Deletes run on a release thread that gathers PUBACKs or receipts for up to {@value #RELEASE_GATHER_MILLIS} ms per
 * transaction: with {@code WRITE_DELAY=0} each commit is a file write, and one per message capped the drain. A crash
 * loses at most that window's deletes, i.e. re-sends a few batches, which the collector collapses.
 */
public final class OutboxPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final long IDLE_POLL_MILLIS = 50;
    /** How long the release thread gathers PUBACKs/receipts into one delete transaction. */
    static final long RELEASE_GATHER_MILLIS = 50;
    /** Upper bound of messages per delete transaction: one huge H2 transaction would stall the drain. */
    private static final int RELEASE_MAX_MESSAGES = 64;

    private final H2Outbox outbox;
    private final SyncConfig config;
    private final StatusInfo statusInfo;
    private final BatchCodec codec = new BatchCodec();
    private final TokenBucket bucket;
    private final LinkedBlockingQueue<OutboxBatch> acks = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Receipt> receipts = new LinkedBlockingQueue<>();
    private final ReceiptLedger ledger = new ReceiptLedger();
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger acking = new AtomicInteger();
    private final Thread drainThread;
    private final Thread ackThread;
    private volatile boolean running;
    private volatile Link link;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastAckAt;

    /** One connection and its in-flight window; a broken link is replaced, never repaired. */
    private static final class Link {
        final MqttSyncClient client;
        final Semaphore window;
        volatile boolean broken;
        volatile long lastPubackNanos = System.nanoTime();

        Link(MqttSyncClient client) {
            this.client = client;
            this.window = new Semaphore(client.window());
        }
    }

    public OutboxPublisher(H2Outbox outbox, SyncConfig config, StatusInfo statusInfo) {
        if (!outbox.settings().device().equals(config.device())) {
            throw new IllegalArgumentException("outbox belongs to device " + outbox.settings().device()
                    + " but the sync config names device " + config.device());
        }
        this.outbox = outbox;
        this.config = config;
        this.statusInfo = statusInfo;
        this.bucket = new TokenBucket(config.rateLimitPerSecond(), config.rateBurst());
        this.drainThread = new Thread(this::drainLoop, "intake-sync-drain");
        this.ackThread = new Thread(this::ackLoop, "intake-sync-ack");
        drainThread.setDaemon(true);
        ackThread.setDaemon(true);
        outbox.onAppend(wakeUp::release);
    }

    /** Starts the drain and ack threads. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        drainThread.start();
        ackThread.start();
    }

    /** Current figures; {@code pending} and {@code compacted} are read from the database. */
    public SyncStatus status() {
        OutboxStats stats;
        try {
            stats = outbox.stats();
        } catch (SQLException e) {
            stats = new OutboxStats(-1, -1, -1, -1);
        }
        Link current = link;
        boolean connected = current != null && !current.broken && current.client.isConnected();
        return new SyncStatus(config.brokerUri(), connected, stats.pending(), stats.pendingBytes(),
                stats.compactedTotal(), sent.get(), acked.get(), inFlight.get(),
                current == null ? 0 : current.client.window(), reconnects.get(), lastError, lastErrorAt, lastAckAt);
    }

    /** Waits until the outbox is empty (everything acknowledged); false on timeout. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outbox.pending() > 0 || inFlight.get() > 0 || !acks.isEmpty() || !receipts.isEmpty()
                || acking.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Stops draining, waits up to the connect timeout for outstanding PUBACKs, publishes the retained
     * {@code offline} status and disconnects. Unacknowledged rows stay in the outbox for the next start.
     */
    @Override
    public void close() throws InterruptedException {
        running = false;
        // no interrupt: a thread interrupted inside H2 file I/O closes the database file for every user
        wakeUp.release();
        drainThread.join(config.connectTimeout().toMillis() + 1000);
        long deadline = System.nanoTime() + config.connectTimeout().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        ackThread.join(config.connectTimeout().toMillis());
        Link current = link;
        if (current != null) {
            current.client.close();
        }
    }

    private void drainLoop() {
        Backoff backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
        while (running) {
            try {
                Link current = link;
                if (current == null || current.broken) {
                    reconnect(current, backoff);
                } else if (current.window.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (!publishNext(current)) {
                        current.window.release();
                        wakeUp.tryAcquire(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                        wakeUp.drainPermits();
                    }
                } else {
                    checkPubackProgress(current);
                }
                if (config.receipts() && link == current && current != null) {
                    checkReceiptProgress(current);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                error("drain failed: " + e, e);
                try {
                    pause(backoff.nextMillis());
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void reconnect(Link old, Backoff backoff) throws InterruptedException {
        if (old != null) {
            old.client.closeForcibly();
            link = null;
            reconnects.incrementAndGet();
        }
        try {
            MqttSyncClient client = MqttSyncClient.connect(config, statusInfo, codec, this::connectionLost,
                    this::receiptArrived);
            inFlight.set(0);
            // nothing of the old connection will be acknowledged any more, and a broker that restarted may have lost
            // what it acknowledged: send every row not yet deleted again
            ledger.clear();
            outbox.releaseAll();
            link = new Link(client);
            backoff.reset();
        } catch (MqttException | RuntimeException e) {
            long delay = backoff.nextMillis();
            error("cannot connect to " + config.brokerUri() + ": " + describe(e) + "; retrying in " + delay + " ms", null);
            reconnects.incrementAndGet();
            pause(delay);
        }
    }

    /** Claims and publishes one batch; false when nothing is pending. The caller holds a window permit. */
    private boolean publishNext(Link current) throws SQLException, InterruptedException {
        Optional<OutboxBatch> claimed = outbox.claim(config.batchMaxItems(), config.batchMaxBytes());
        if (claimed.isEmpty()) {
            return false;
        }
        OutboxBatch batch = claimed.get();
        bucket.acquire(batch.items().size());
        EncodedPayload payload = codec.encode(
                BatchEnvelope.of(config.site(), config.device(), Instant.now(), batch.items()), config.gzip());
        Topic topic = new Topic(config.site(), config.device(), batch.channel());
        inFlight.incrementAndGet();
        try {
            current.client.publish(topic, payload, new PubackListener(current, batch));
            sent.addAndGet(batch.items().size());
        } catch (MqttException e) {
            inFlight.decrementAndGet();
            current.window.release();
            current.broken = true;
            error("publish of seq " + batch.firstSeq() + ".." + batch.lastSeq() + " failed: " + describe(e), null);
        }
        return true;
    }

    /**
     * Watchdog for a full window: a link that is up but returns no PUBACK for a keep-alive period is replaced, so a
     * broker (or client) that stops acknowledging cannot stall the outbox for good.
     */
    private void checkPubackProgress(Link current) {
        long silentNanos = System.nanoTime() - current.lastPubackNanos;
        if (inFlight.get() > 0 && silentNanos > config.keepAlive().toNanos()) {
            current.broken = true;
            error("no PUBACK for " + silentNanos / 1_000_000_000 + " s with " + inFlight.get()
                    + " messages in flight; reconnecting", null);
        }
    }

    /**
     * Receipt watchdog: a batch PUBACKed more than the receipt timeout ago whose rows are still in the outbox was
     * lost after the broker took it (or its receipt was): drop the link so every unreceipted row is sent again.
     */
    private void checkReceiptProgress(Link current) throws SQLException {
        Optional<OutboxBatch> overdue = ledger.oldestOverdue(config.receiptTimeout());
        if (overdue.isEmpty()) {
            return;
        }
        OutboxBatch batch = overdue.get();
        if (!outbox.holdsAny(batch)) {
            ledger.forget(batch); // its receipt came before its PUBACK was recorded
            return;
        }
        current.broken = true;
        error("no receipt for seq " + batch.firstSeq() + ".." + batch.lastSeq() + " within "
                + config.receiptTimeout().toSeconds() + " s of its PUBACK; reconnecting to send "
                + ledger.size() + " unreceipted messages again", null);
    }

    private void receiptArrived(Receipt receipt) {
        receipts.add(receipt);
    }

    private void connectionLost(Throwable cause) {
        Link current = link;
        if (current != null) {
            current.broken = true;
        }
        error("connection to " + config.brokerUri() + " lost: " + describe(cause), null);
        wakeUp.release();
    }

    private void ackLoop() {
        if (config.receipts()) {
            releaseLoop(receipts, this::deleteReceipted);
        } else {
            releaseLoop(acks, this::deleteAcknowledged);
        }
    }

    /** Deletes rows named by a group of receipts; returns the number deleted. */
    private long deleteReceipted(List<Receipt> group) throws SQLException {
        List<long[]> ranges = new ArrayList<>();
        for (Receipt receipt : group) {
            ranges.addAll(List.of(receipt.stored()));
        }
        long deleted = outbox.deleteReceipted(ranges);
        group.forEach(ledger::receipted);
        return deleted;
    }

    /** Deletes the rows of a group of PUBACKed batches; returns the number of items. */
    private long deleteAcknowledged(List<OutboxBatch> group) throws SQLException {
        outbox.acknowledge(group);
        return group.stream().mapToLong(b -> b.items().size()).sum();
    }

    /** Work that deletes released rows and says how many. */
    private interface Release<T> {
        long delete(List<T> group) throws SQLException;
    }

    private <T> void releaseLoop(LinkedBlockingQueue<T> queue, Release<T> release) {
        List<T> group = new ArrayList<>();
        while (running || !queue.isEmpty() || inFlight.get() > 0) {
            T first;
            try {
                first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            // counted before the rows go, so awaitDrained never sees them gone but not yet counted
            acking.incrementAndGet();
            try {
                group.add(first);
                gather(queue, group);
                acked.addAndGet(release.delete(group));
                lastAckAt = Instant.now();
            } catch (SQLException | RuntimeException e) {
                // the rows stay and are sent again after the next reconnect; duplicates are collapsed centrally
                error("deleting released rows failed: " + e, e);
            } finally {
                group.clear();
                acking.decrementAndGet();
            }
        }
    }

    /** Adds what arrives within the gather window (bounded) to {@code group}: one commit for many messages. */
    private <T> void gather(LinkedBlockingQueue<T> queue, List<T> group) {
        long deadline = System.nanoTime() + RELEASE_GATHER_MILLIS * 1_000_000;
        queue.drainTo(group, RELEASE_MAX_MESSAGES - group.size());
        while (running && group.size() < RELEASE_MAX_MESSAGES) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                T next = queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return;
                }
                group.add(next);
                queue.drainTo(group, RELEASE_MAX_MESSAGES - group.size());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void error(String message, Throwable cause) {
        lastError = message;
        lastErrorAt = Instant.now();
        if (cause != null) {
            LOG.warn(message, cause);
        } else {
            LOG.warn(message);
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof MqttException m) {
            return m.getMessage() + " (code " + m.getReasonCode() + ")"
                    + (m.getCause() != null ? ": " + m.getCause() : "");
        }
        return String.valueOf(e);
    }

    /** Waits {@code millis}, ending early only for close() (wake-ups from appends do not shorten a backoff). */
    private void pause(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (running && System.nanoTime() < deadline) {
            wakeUp.tryAcquire(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
        }
    }

    /** Hands a PUBACK to the ack thread, or breaks the link when the broker refused the message. */
    private final class PubackListener implements MqttActionListener {
        private final Link owner;
        private final OutboxBatch batch;

        PubackListener(Link owner, OutboxBatch batch) {
            this.owner = owner;
            this.batch = batch;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            int code = codes == null || codes.length == 0 ? 0 : codes[0];
            if (code >= 0x80) {
                owner.broken = true;
                error(String.format("broker refused seq %d..%d with reason code 0x%02x", batch.firstSeq(),
                        batch.lastSeq(), code), null);
            } else if (config.receipts()) {
                ledger.pubacked(batch); // the rows stay until the collector's receipt names them
            } else {
                acks.add(batch);
            }
            done();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            owner.broken = true;
            error("no PUBACK for seq " + batch.firstSeq() + ".." + batch.lastSeq() + ": " + describe(exception), null);
            done();
        }

        private void done() {
            owner.lastPubackNanos = System.nanoTime();
            if (owner == link) {
                inFlight.decrementAndGet(); // a replaced link's late callbacks must not skew the new count
            }
            owner.window.release();
            wakeUp.release();
        }
    }
}
