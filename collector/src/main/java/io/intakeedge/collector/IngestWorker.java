package io.intakeedge.collector;

import io.intakeedge.sync.mqtt.Backoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's ingest thread: takes the messages the MQTT callback hands over (a bounded queue; a full queue
 * blocks the callback, and with it the broker's flow to this client) and stores everything queued in one
 * transaction ({@link CollectorStore#ingestAll}). Only after that commit does it queue the receipts, one per device
 * for the whole transaction, and then acknowledge (PUBACK) each message on the client that delivered it. A message
 * still queued or in an uncommitted transaction when the collector dies is unacknowledged, so the broker delivers
 * it again (QoS 1, persistent session); the redelivery collapses on {@code (device, seq)}.
 */
final class IngestWorker {
    /** One message waiting to be stored and acknowledged; {@code message} null: acknowledge only (not data). */
    record Delivery(MqttAsyncClient owner, int messageId, int qos, CollectorStore.Incoming message) {
        int bytes() {
            return message == null ? 0 : message.payload().length;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(IngestWorker.class);
    /** Far above a broker's usual in-flight limit toward one client (mosquitto: 20), so the queue rarely blocks. */
    private static final int QUEUE_CAPACITY = 256;
    /** Messages per transaction at most; with 200-item batches, about 13k items. */
    private static final int MAX_MESSAGES = 64;
    /** Payload bytes per transaction at most (a few large messages go alone). */
    private static final long MAX_BYTES = 16L << 20;
    private static final long POLL_MILLIS = 100;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final CollectorStore store;
    private final ReceiptPublisher receipts;
    private final BlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong transactions = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    IngestWorker(CollectorStore store, ReceiptPublisher receipts, String name) {
        this.store = store;
        this.receipts = receipts;
        this.thread = new Thread(this::run, "collector-ingest-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Hands a message over; blocks while the queue is full. Returns false when the worker is closing: the message
     * stays unacknowledged and the broker delivers it again after the next start.
     */
    boolean accept(Delivery delivery) throws InterruptedException {
        while (!closing) {
            if (queue.offer(delivery, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** Messages stored (or dead-lettered) and acknowledged. */
    long handled() {
        return handled.get();
    }

    /** Transactions committed by this worker. */
    long transactions() {
        return transactions.get();
    }

    /**
     * Stops taking messages and waits up to {@code timeout} for the transaction in progress. No interrupt: a thread
     * interrupted inside H2 file I/O closes the database for every user. What is still queued is not acknowledged.
     */
    void close(Duration timeout) throws InterruptedException {
        closing = true;
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            log.warn("{} still busy after {} ms; its messages stay unacknowledged", thread.getName(),
                    timeout.toMillis());
        }
    }

    private void run() {
        List<Delivery> group = new ArrayList<>();
        while (!closing) {
            try {
                Delivery first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                fill(group);
                List<IngestResult> results = storeUntilCommitted(group);
                if (results == null) {
                    return; // closing during a database outage: nothing acknowledged
                }
                receipts.sendAll(results.stream().flatMap(r -> r.receiptToSend().stream()).toList());
                acknowledge(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // never reached by bad input (the store dead-letters it); a bug must not end the collector's intake
                log.error("ingest of {} messages failed; they stay unacknowledged until the next connection",
                        group.size(), e);
            } finally {
                group.clear();
            }
        }
    }

    /** Adds what is already queued, up to {@link #MAX_MESSAGES} and {@link #MAX_BYTES}. */
    private void fill(List<Delivery> group) {
        long bytes = group.get(0).bytes();
        Delivery next;
        while (group.size() < MAX_MESSAGES && (next = queue.peek()) != null && bytes + next.bytes() <= MAX_BYTES) {
            group.add(queue.remove());
            bytes += next.bytes();
        }
    }

    /**
     * While the database is down the messages stay unacknowledged and this thread retries with backoff; the broker
     * stops sending once its in-flight limit is reached. Returns null when the collector closes meanwhile.
     */
    private List<IngestResult> storeUntilCommitted(List<Delivery> group) throws InterruptedException {
        List<CollectorStore.Incoming> messages = group.stream().map(Delivery::message).filter(Objects::nonNull)
                .toList();
        if (messages.isEmpty()) {
            return List.of();
        }
        Backoff backoff = new Backoff(Duration.ofMillis(100), MAX_BACKOFF);
        while (true) {
            try {
                List<IngestResult> results = store.ingestAll(messages);
                transactions.incrementAndGet();
                return results;
            } catch (SQLException | RuntimeException e) {
                // the store dead-letters every bad message itself; what reaches here is the database (or the
                // dead-letter write) failing: keep the messages unacknowledged and try again, never exit
                if (closing) {
                    log.warn("collector closing while the database fails: {} messages stay unacknowledged: {}",
                            group.size(), e.toString());
                    return null;
                }
                long delayMs = backoff.nextMillis();
                log.error("storing {} messages failed; retrying in {} ms: {}", group.size(), delayMs, e.toString());
                Thread.sleep(delayMs);
            }
        }
    }

    private void acknowledge(List<Delivery> group) {
        for (Delivery d : group) {
            try {
                d.owner().messageArrivedComplete(d.messageId(), d.qos());
                if (d.message() != null) {
                    handled.incrementAndGet();
                }
            } catch (MqttException | RuntimeException e) {
                // the connection that delivered it is gone: the broker delivers it again, stored as a duplicate
                log.debug("acknowledging message {} failed: {}", d.messageId(), e.toString());
            }
        }
    }
}
