package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxStats;
import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.EncodedPayload;
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
 * messages awaiting PUBACK. PUBACKs are handed to an ack thread that deletes the rows, several batches per
 * transaction. A lost connection, a failed publish or a PUBACK with an error reason code drops the connection; the
 * next connection rewinds the outbox so every unacknowledged row is sent again (the collector collapses duplicates).
 */
public final class OutboxPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
    private static final long IDLE_POLL_MILLIS = 50;

    private final H2Outbox outbox;
    private final SyncConfig config;
    private final StatusInfo statusInfo;
    private final BatchCodec codec = new BatchCodec();
    private final TokenBucket bucket;
    private final LinkedBlockingQueue<OutboxBatch> acks = new LinkedBlockingQueue<>();
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
        while (outbox.pending() > 0 || inFlight.get() > 0 || !acks.isEmpty() || acking.get() > 0) {
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
            MqttSyncClient client = MqttSyncClient.connect(config, statusInfo, codec, this::connectionLost);
            inFlight.set(0);
            // nothing of the old connection will be acknowledged any more: send every unacked row again
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

    private void connectionLost(Throwable cause) {
        Link current = link;
        if (current != null) {
            current.broken = true;
        }
        error("connection to " + config.brokerUri() + " lost: " + describe(cause), null);
        wakeUp.release();
    }

    private void ackLoop() {
        List<OutboxBatch> batch = new ArrayList<>();
        while (running || !acks.isEmpty() || inFlight.get() > 0) {
            OutboxBatch first;
            try {
                first = acks.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
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
                batch.add(first);
                // several PUBACKs per delete transaction, but bounded: one huge H2 transaction stalls the drain
                acks.drainTo(batch, 15);
                outbox.acknowledge(batch);
                acked.addAndGet(batch.stream().mapToLong(b -> b.items().size()).sum());
                lastAckAt = Instant.now();
            } catch (SQLException | RuntimeException e) {
                // the rows stay and are sent again after the next reconnect; duplicates are collapsed centrally
                error("deleting acknowledged rows failed: " + e, e);
            } finally {
                batch.clear();
                acking.decrementAndGet();
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
