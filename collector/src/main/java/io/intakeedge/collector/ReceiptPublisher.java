package io.intakeedge.collector;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.EncodedPayload;
import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.protocol.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.intakeedge.sync.mqtt.Backoff;
import io.intakeedge.sync.mqtt.PahoClients;

/**
 * Publishes the collector's end-to-end {@link Receipt}s (QoS 1) on a connection and a thread of its own.
 *
 * <p>Why a second connection: the collector's subscribing session is persistent (clean start off); receipts in
 * flight on it when mosquitto was killed were resent after the restart and mosquitto answered with DISCONNECT 0x82
 * (protocol error), after which Paho did not reconnect and the collector stopped. This connection uses clean start,
 * so nothing of an old connection is ever resent. Receipts are best effort: one that cannot be published within
 * {@value #WAIT_MS} ms is skipped and counted; the agent re-sends the batch after its receipt timeout and gets a
 * receipt for the redelivery.
 */
final class ReceiptPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptPublisher.class);
    private static final long WAIT_MS = 2_000;
    private static final int PAHO_MAX_INFLIGHT = 32202;

    private final MqttAsyncClient client;
    private final BatchCodec codec = new BatchCodec();
    private final AtomicLong skipped = new AtomicLong();
    private final ExecutorService sender;
    private volatile boolean closing;

    private ReceiptPublisher(MqttAsyncClient client, String clientId) {
        this.client = client;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "collector-receipts-" + clientId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects a clean-start client {@code {clientId}-receipts} with automatic reconnect. */
    static ReceiptPublisher connect(String brokerUrl, String clientId, BrokerLogin login, Duration keepAlive,
                                    long timeoutMs) throws MqttException {
        String id = clientId + "-receipts";
        MqttAsyncClient client = new MqttAsyncClient(brokerUrl, id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval((int) keepAlive.toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        options.setConnectionTimeout(10);
        login.applyTo(options);
        try {
            client.connect(options).waitForCompletion(timeoutMs);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        return new ReceiptPublisher(client, id);
    }

    /** Queues a receipt for publishing; never blocks the caller (the MQTT callback thread). */
    void send(Receipt receipt) {
        try {
            sender.execute(() -> publish(receipt));
        } catch (RejectedExecutionException e) {
            skipped.incrementAndGet(); // closing: the agent sends the batch again later
        }
    }

    /**
     * Queues the receipts of one transaction, coalesced to one per device: each covers every seq the transaction
     * stored for that device, so the agents get one receipt (and one outbox delete) per transaction, not per message.
     */
    void sendAll(List<Receipt> committed) {
        coalesce(committed).forEach(this::send);
    }

    /** One receipt per (site, device) naming every seq of the given ones, in first-seen device order. */
    static List<Receipt> coalesce(List<Receipt> receipts) {
        if (receipts.size() < 2) {
            return receipts;
        }
        Map<String, List<Receipt>> byDevice = new LinkedHashMap<>();
        for (Receipt r : receipts) {
            byDevice.computeIfAbsent(r.site() + "/" + r.device(), k -> new ArrayList<>()).add(r);
        }
        List<Receipt> out = new ArrayList<>(byDevice.size());
        for (List<Receipt> same : byDevice.values()) {
            Receipt first = same.get(0);
            if (same.size() == 1) {
                out.add(first);
                continue;
            }
            long[] seqs = same.stream().flatMap(r -> Arrays.stream(r.stored()))
                    .flatMapToLong(range -> LongStream.rangeClosed(range[0], range[1])).sorted().distinct().toArray();
            Instant at = same.stream().map(Receipt::at).max(Comparator.naturalOrder()).orElseThrow();
            out.add(Receipt.of(first.site(), first.device(), seqs, at));
        }
        return out;
    }

    /** Receipts that could not be published. */
    long skipped() {
        return skipped.get();
    }

    private void publish(Receipt receipt) {
        EncodedPayload payload = codec.encode(receipt);
        MqttMessage message = new MqttMessage(payload.bytes(), 1, false, null);
        MqttProperties properties = new MqttProperties();
        properties.setContentType(payload.contentType());
        properties.setPayloadFormat(true);
        message.setProperties(properties);
        String topic = new Topic(receipt.site(), receipt.device(), Channel.RECEIPTS).name();
        long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        // a full in-flight window clears within milliseconds; a lost connection may take the whole wait
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(50));
        while (true) {
            try {
                client.publish(topic, message);
                return;
            } catch (MqttException e) {
                boolean retry = e.getReasonCode() == PAHO_MAX_INFLIGHT || !client.isConnected();
                if (!retry || System.nanoTime() > deadline || closing) {
                    skipped.incrementAndGet();
                    LOG.warn("receipt for {} seq {}..{} not published ({}); the agent will send the batch again",
                            receipt.device(), receipt.firstSeq(), receipt.lastSeq(), e.getMessage());
                    return;
                }
                try {
                    backoff.pause();
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        sender.shutdown();
        try {
            sender.awaitTermination(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PahoClients.disconnectAndClose(client, Duration.ofSeconds(5), "receipt client");
    }
}
