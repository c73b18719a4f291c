package io.intakeedge.sync.collector;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.EncodedPayload;
import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.protocol.Topic;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The central side: subscribes to every agent's topics with an MQTT 5 shared subscription and stores what arrives
 * in a {@link CollectorStore}.
 *
 * <p>Delivery guarantee: QoS 1 with manual acknowledgements. A message is acknowledged (PUBACK) only after its
 * database transaction committed, and the session is persistent (clean start off, session expiry), so a message
 * the collector did not commit is delivered again: after a crash, after a lost connection, or after a database
 * error (the collector then drops the connection on purpose). Redeliveries collapse on {@code (device, seq)}.
 *
 * <p>End-to-end receipts: after the commit, and before the PUBACK, the collector publishes a {@link Receipt} (QoS 1)
 * on the device's {@code receipts} topic naming every seq of the batch. Agents delete outbox rows only on a receipt,
 * so a broker that acknowledged a message and then lost it (mosquitto after {@code kill -9}) loses nothing: the agent
 * sends the rows again. A receipt that cannot be published is skipped; the agent re-sends after its receipt timeout
 * and the redelivery, recognised as duplicates, is receipted again.
 */
public final class Collector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);
    private static final int QOS = 1;
    private static final long CONNECT_TIMEOUT_MS = 30_000;
    private static final long MAX_DB_BACKOFF_MS = 5_000;
    /** How long a receipt may wait for room in Paho's in-flight window before it is skipped. */
    private static final long RECEIPT_WAIT_MS = 2_000;
    private static final int PAHO_MAX_INFLIGHT = 32202;

    private final CollectorConfig config;
    private final AtomicLong messagesHandled = new AtomicLong();
    private final AtomicLong receiptsSkipped = new AtomicLong();
    private final BatchCodec codec = new BatchCodec();
    private CollectorStore store;
    private ExecutorService receiptSender;
    private MqttAsyncClient client;
    private volatile boolean closing;

    public Collector(CollectorConfig config) {
        this.config = config;
    }

    /**
     * Opens (and migrates) the database, connects and subscribes. Returns once subscribed.
     *
     * @throws MqttException when the broker cannot be reached or refuses the subscription
     * @throws SQLException  when the database cannot be opened
     */
    public synchronized void start() throws MqttException, SQLException {
        if (client != null) {
            throw new IllegalStateException("collector " + config.clientId() + " already started");
        }
        closing = false;
        try {
            store = CollectorStore.open(config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(),
                    config.maxPayloadBytes());
            // receipts leave from their own thread: publishing from Paho's callback thread can deadlock with its
            // automatic reconnect (seen as a collector that never resumed after a broker restart)
            receiptSender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "collector-receipts-" + config.clientId());
                t.setDaemon(true);
                return t;
            });
            client = new MqttAsyncClient(config.brokerUrl(), config.clientId(), new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(new Callback());
            client.connect(connectionOptions()).waitForCompletion(CONNECT_TIMEOUT_MS);
            subscribe().waitForCompletion(CONNECT_TIMEOUT_MS);
        } catch (MqttException | SQLException | RuntimeException e) {
            close(); // leave nothing half-open; start() may be called again
            throw e;
        }
        log.info("collector {} subscribed to {} on {}", config.clientId(), config.subscription(), config.brokerUrl());
    }

    /** The store, for queries (stats, gaps, dead letters). Valid after {@link #start()}. */
    public CollectorStore store() {
        if (store == null) {
            throw new IllegalStateException("collector " + config.clientId() + " not started");
        }
        return store;
    }

    /** Whether the MQTT connection is up right now. */
    public boolean isConnected() {
        MqttAsyncClient current = client;
        return current != null && current.isConnected();
    }

    /** Messages handled (stored or dead-lettered, acknowledged) by this instance since it started. */
    public long messagesHandled() {
        return messagesHandled.get();
    }

    /** Receipts this instance could not publish (broker unreachable or window full); agents re-send those batches. */
    public long receiptsSkipped() {
        return receiptsSkipped.get();
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        options.setConnectionTimeout(10);
        return options;
    }

    private IMqttToken subscribe() throws MqttException {
        return client.subscribe(new MqttSubscription(config.subscription(), QOS));
    }

    /** Disconnects (the broker keeps the session for {@link CollectorConfig#sessionExpiry()}) and closes the store. */
    @Override
    public synchronized void close() throws MqttException, SQLException {
        closing = true;
        if (receiptSender != null) {
            receiptSender.shutdown();
            try {
                receiptSender.awaitTermination(RECEIPT_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            receiptSender = null;
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
            } catch (MqttException e) {
                log.warn("disconnect of {} failed: {}", config.clientId(), e.getMessage());
            } finally {
                client.close(true);
                client = null;
            }
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    private final class Callback implements MqttCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            MqttProperties properties = message.getProperties();
            String contentType = properties == null ? null : properties.getContentType();
            IngestResult result = storeUntilCommitted(topic, message.getPayload(), contentType);
            result.receiptToSend().ifPresent(this::sendReceipt);
            client.messageArrivedComplete(message.getId(), message.getQos());
            messagesHandled.incrementAndGet();
        }

        /**
         * While the database is down the message stays unacknowledged and this thread retries with backoff; the
         * broker holds back further messages (flow control) and keeps them queued in the session. Closing the
         * collector ends the retries without an ack, so the broker redelivers after the next start.
         */
        private IngestResult storeUntilCommitted(String topic, byte[] payload, String contentType) throws Exception {
            long backoffMs = 100;
            while (true) {
                try {
                    return store.ingest(topic, payload, contentType);
                } catch (SQLException e) {
                    if (closing) {
                        throw e;
                    }
                    log.error("database failed storing a message from {}; retrying in {} ms: {}", topic, backoffMs,
                            e.getMessage());
                    Thread.sleep(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, MAX_DB_BACKOFF_MS);
                }
            }
        }

        private void sendReceipt(Receipt receipt) {
            try {
                receiptSender.execute(() -> publishReceipt(receipt));
            } catch (RejectedExecutionException e) {
                receiptsSkipped.incrementAndGet(); // closing: the agent sends the batch again later
            }
        }

        /**
         * Publishes asynchronously; when Paho's in-flight window is full (error 32202) it retries for a while, and
         * gives up without blocking the stream for good: the agent's receipt timeout covers a skipped receipt.
         */
        private void publishReceipt(Receipt receipt) {
            EncodedPayload payload = codec.encode(receipt);
            MqttMessage message = new MqttMessage(payload.bytes(), QOS, false, null);
            MqttProperties properties = new MqttProperties();
            properties.setContentType(payload.contentType());
            properties.setPayloadFormat(true);
            message.setProperties(properties);
            String topic = new Topic(receipt.site(), receipt.device(), Channel.RECEIPTS).name();
            MqttAsyncClient client = Collector.this.client;
            if (client == null) {
                return;
            }
            long deadline = System.nanoTime() + RECEIPT_WAIT_MS * 1_000_000;
            while (true) {
                try {
                    client.publish(topic, message);
                    return;
                } catch (MqttException e) {
                    if (e.getReasonCode() != PAHO_MAX_INFLIGHT || System.nanoTime() > deadline || closing) {
                        receiptsSkipped.incrementAndGet();
                        log.warn("receipt for {} seq {}..{} not published ({}); the agent will send it again",
                                receipt.device(), receipt.firstSeq(), receipt.lastSeq(), e.getMessage());
                        return;
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException stop) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            // a broker that lost its state (restart without persistence) also lost our subscription: renew it
            try {
                subscribe();
                log.info("collector {} reconnected to {}", config.clientId(), serverUri);
            } catch (MqttException e) {
                log.error("resubscribing {} failed: {}", config.subscription(), e.getMessage());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.warn("collector {} disconnected: {}", config.clientId(), response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.error("MQTT error in collector {}: {}", config.clientId(), exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // receipts are fire-and-forget: a lost one makes the agent send the batch again
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
