package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.ItemJson;
import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxDrain;
import io.intakeedge.sync.outbox.OutboxStats;
import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.EncodedPayload;
import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.protocol.Topic;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains an {@link OutboxDrain} to the broker on its own thread; appenders never wait for the network.
 *
 * <p>Loop: connect (exponential backoff with jitter between attempts), claim and encode the next batch in priority
 * order (ahead of a free window slot), wait for the token bucket, publish it as one {@link BatchEnvelope} with QoS 1,
 * keep up to the in-flight window of messages awaiting PUBACK. With nothing to send it sleeps until an append wakes
 * it, waits for that append's commit ({@link OutboxDrain#awaitOpenAppends}) and claims again; a poll every
 * {@value #IDLE_FALLBACK_MILLIS} ms is only a safety net (an appender whose transaction outlived the lock timeout).
 * A lost connection, a failed publish or a PUBACK with an error reason code drops the connection; the next
 * connection rewinds the outbox so every row not yet deleted is sent again (the collector collapses duplicates).
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
 * Deletes run on the {@link ReleaseLoop} thread.
 */
public final class OutboxPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    /** How long the drain waits for a PUBACK to free the window before it checks the link. */
    private static final long WINDOW_WAIT_MILLIS = 50;
    private static final long IDLE_FALLBACK_MILLIS = 1000;
    /**
     * Receipt timeouts in a row double the next one, up to 2^this: while the collector is away every resend lands in
     * its broker queue again, and a storm of them slowed a restarted, persisting broker past the collector's
     * connect timeout (SyncFaultTest, broker kill -9, under load).
     */
    private static final int MAX_RECEIPT_BACKOFF = 3;

    private final OutboxDrain outbox;
    private final SyncConfig config;
    private final StatusInfo statusInfo;
    private final BatchCodec codec = new BatchCodec();
    private final TokenBucket bucket;
    private final ReceiptLedger ledger = new ReceiptLedger();
    private final ReleaseLoop release;
    private final Semaphore wakeUp = new Semaphore(0);
    private final AtomicBoolean appended = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread drainThread;
    private final Thread ackThread;
    private volatile boolean running;
    private volatile Link link;
    private Prepared ahead; // drain thread only
    private volatile int receiptMisses;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String fault; // SyncFault name of the last failed connect; null while connected
    private volatile Instant downSince = Instant.now(); // null while connected

    /** A claimed batch, encoded, waiting for a window slot. */
    private record Prepared(OutboxBatch batch, EncodedPayload payload, Topic topic) {
    }

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

    public OutboxPublisher(OutboxDrain outbox, SyncConfig config, StatusInfo statusInfo) {
        if (!outbox.device().equals(config.device())) {
            throw new IllegalArgumentException("outbox belongs to device " + outbox.device()
                    + " but the sync config names device " + config.device());
        }
        this.outbox = outbox;
        this.config = config;
        this.statusInfo = statusInfo;
        this.bucket = new TokenBucket(config.rateLimitPerSecond(), config.rateBurst());
        this.release = new ReleaseLoop(outbox, ledger, config.receipts(), this::error);
        this.drainThread = new Thread(this::drainLoop, "intake-sync-drain");
        this.ackThread = new Thread(() -> release.run(() -> running || inFlight.get() > 0), "intake-sync-ack");
        drainThread.setDaemon(true);
        ackThread.setDaemon(true);
        outbox.onAppend(() -> {
            appended.set(true);
            wakeUp.release();
        });
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
                stats.compactedTotal(), sent.get(), release.released(), inFlight.get(),
                current == null ? 0 : current.client.window(), reconnects.get(), lastError, lastErrorAt,
                release.lastReleaseAt(), connected ? null : fault, connected ? null : downSince);
    }

    /** Waits until the outbox is empty (everything acknowledged); false on timeout. */
    public boolean awaitDrained(Duration timeout) throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outbox.stats().pending() > 0 || inFlight.get() > 0 || release.busy()) {
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
                    ahead = null; // the reconnect rewinds the outbox: it is claimed again
                    reconnect(current, backoff);
                } else if (ahead == null && (ahead = prepareNext()) == null) {
                    idle();
                } else if (current.window.tryAcquire(WINDOW_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    publish(current, ahead);
                    ahead = null;
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

    /** Sleeps until something happens; after an append, until it has committed, so the next claim sees it. */
    private void idle() throws InterruptedException {
        wakeUp.tryAcquire(IDLE_FALLBACK_MILLIS, TimeUnit.MILLISECONDS);
        wakeUp.drainPermits();
        if (appended.getAndSet(false)) {
            outbox.awaitOpenAppends();
        }
    }

    private void reconnect(Link old, Backoff backoff) throws InterruptedException {
        if (old != null) {
            downSince = downSince == null ? Instant.now() : downSince;
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
            fault = null;
            downSince = null;
        } catch (MqttException | RuntimeException e) {
            fault = SyncFault.of(e);
            long delay = backoff.nextMillis();
            error("cannot connect to " + config.brokerUri() + ": " + describe(e) + "; retrying in " + delay + " ms", null);
            reconnects.incrementAndGet();
            pause(delay);
        }
    }

    /**
     * Claims and encodes the next batch, or null when nothing is pending. Done before a window slot is free, so a
     * PUBACK is answered by a publish at once, as in a plain publishing loop.
     */
    private Prepared prepareNext() throws SQLException, InterruptedException {
        Optional<OutboxBatch> claimed = outbox.claim(config.batchMaxItems(), config.batchMaxBytes());
        if (claimed.isEmpty()) {
            return null;
        }
        OutboxBatch batch = claimed.get();
        bucket.acquire(batch.itemCount());
        EncodedPayload payload = codec.encodeJson(
                ItemJson.envelope(config.site(), config.device(), Instant.now(), batch), config.gzip());
        return new Prepared(batch, payload, new Topic(config.site(), config.device(), batch.channel()));
    }

    /** Publishes a prepared batch; the caller holds a window permit. */
    private void publish(Link current, Prepared next) {
        OutboxBatch batch = next.batch();
        inFlight.incrementAndGet();
        try {
            current.client.publish(next.topic(), next.payload(), new PubackListener(current, batch));
            sent.addAndGet(batch.itemCount());
        } catch (MqttException e) {
            inFlight.decrementAndGet();
            current.window.release();
            current.broken = true;
            error("publish of seq " + batch.firstSeq() + ".." + batch.lastSeq() + " failed: " + describe(e), null);
        }
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
        Duration timeout = config.receiptTimeout().multipliedBy(1L << Math.min(receiptMisses, MAX_RECEIPT_BACKOFF));
        Optional<OutboxBatch> overdue = ledger.oldestOverdue(timeout);
        if (overdue.isEmpty()) {
            return;
        }
        OutboxBatch batch = overdue.get();
        if (!outbox.holdsAny(batch)) {
            ledger.forget(batch); // its receipt came before its PUBACK was recorded
            return;
        }
        current.broken = true;
        receiptMisses++;
        error("no receipt for seq " + batch.firstSeq() + ".." + batch.lastSeq() + " within "
                + timeout.toSeconds() + " s of its PUBACK; reconnecting to send "
                + ledger.size() + " unreceipted messages again", null);
    }

    private void receiptArrived(Receipt receipt) {
        receiptMisses = 0;
        release.receipted(receipt);
    }

    private void connectionLost(Throwable cause) {
        Link current = link;
        if (current != null) {
            current.broken = true;
        }
        downSince = downSince == null ? Instant.now() : downSince;
        error("connection to " + config.brokerUri() + " lost: " + describe(cause), null);
        wakeUp.release();
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
        return SyncFault.describe(e);
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
                release.acknowledged(batch);
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
