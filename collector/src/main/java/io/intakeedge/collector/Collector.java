package io.intakeedge.collector;

import io.intakeedge.sync.mqtt.MqttListener;
import io.intakeedge.sync.protocol.Channel;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.intakeedge.sync.mqtt.Backoff;
import java.time.Duration;

/**
 * The central side: subscribes to every agent's topics with an MQTT 5 shared subscription and stores what arrives
 * in a {@link CollectorStore}.
 *
 * <p>Delivery guarantee: QoS 1 with manual acknowledgements. The MQTT callback only hands each message to the
 * {@link IngestWorker}, which stores everything queued in one database transaction; a message is acknowledged
 * (PUBACK) only after that transaction committed. A message the collector did not commit is delivered again: by the
 * broker from a persistent session (a lone collector: clean start off, session expiry), or by the station after its
 * receipt timeout (share group members use clean start and no session, so a stopped member takes no share; see
 * {@link CollectorConfig#defaultSessionExpiry(String)}). While the database is down the messages stay
 * unacknowledged and the worker retries. Redeliveries collapse on {@code (device, seq)}.
 *
 * <p>End-to-end receipts: after the commit, and before the PUBACKs, the collector queues one
 * {@link io.intakeedge.sync.protocol.Receipt} per device naming every seq the transaction stored for it, for the
 * device's {@code receipts} topic ({@link ReceiptPublisher}, its own connection). Agents delete outbox rows only on
 * a receipt, so a broker that acknowledged a message and then lost it (mosquitto under {@code kill -9}) loses
 * nothing: the agent sends it again.
 */
public final class Collector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Collector.class);
    private static final int QOS = 1;
    private static final long CONNECT_TIMEOUT_MS = 30_000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * Paho 1.2.5's automatic reconnect can hang for good (seen after a broker kill -9 under a full inbound queue: the
     * new connection's "MQTT Con" thread waits in CommsSender.start for a sender that never starts). Past this long
     * without a connection the collector replaces its client; the broker keeps the session, so nothing is lost.
     */
    private static final long STUCK_RECONNECT_NANOS = Duration.ofSeconds(10).toNanos();

    private final CollectorConfig config;
    private CollectorStore store;
    private ReceiptPublisher receipts;
    private volatile IngestWorker worker;
    private volatile MqttAsyncClient client;
    private volatile boolean closing;
    private volatile long disconnectedSince; // System.nanoTime() of the connection loss; 0 while connected
    private final AtomicLong clientsReplaced = new AtomicLong();
    private ScheduledExecutorService watchdog;

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
            receipts = ReceiptPublisher.connect(config.brokerUrl(), config.clientId(), config.login(),
                    config.keepAlive(), CONNECT_TIMEOUT_MS);
            worker = new IngestWorker(store, receipts, config.clientId());
            worker.start();
            client = connectedClient();
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "collector-watchdog-" + config.clientId());
                t.setDaemon(true);
                return t;
            });
            watchdog.scheduleWithFixedDelay(this::replaceStuckClient, 1, 1, TimeUnit.SECONDS);
        } catch (MqttException | SQLException | RuntimeException e) {
            close(); // leave nothing half-open; start() may be called again
            throw e;
        }
        log.info("collector {} subscribed to {} on {}", config.clientId(), config.subscription(), config.brokerUrl());
    }

    private MqttAsyncClient connectedClient() throws MqttException {
        MqttAsyncClient fresh = new MqttAsyncClient(config.brokerUrl(), config.clientId(), new MemoryPersistence());
        try {
            fresh.setManualAcks(true);
            fresh.setCallback(new Callback(fresh));
            fresh.connect(connectionOptions()).waitForCompletion(CONNECT_TIMEOUT_MS);
            fresh.subscribe(new MqttSubscription(config.subscription(), QOS)).waitForCompletion(CONNECT_TIMEOUT_MS);
            disconnectedSince = 0;
            return fresh;
        } catch (MqttException | RuntimeException e) {
            discard(fresh);
            throw e;
        }
    }

    /** Drops a client whatever state it is in: a connected one must be disconnected before Paho closes it. */
    private static void discard(MqttAsyncClient c) {
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 0, false);
            }
        } catch (MqttException | RuntimeException e) {
            log.debug("forcible disconnect: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("close: {}", e.toString());
        }
    }

    /** Replaces a client whose reconnect has not come back within {@link #STUCK_RECONNECT_NANOS}. */
    private void replaceStuckClient() {
        long since = disconnectedSince;
        MqttAsyncClient stuck = client;
        if (closing || since == 0 || stuck == null || stuck.isConnected()
                || System.nanoTime() - since < STUCK_RECONNECT_NANOS) {
            return;
        }
        log.warn("collector {} has not reconnected for {} s: replacing its MQTT client", config.clientId(),
                Duration.ofNanos(System.nanoTime() - since).toSeconds());
        try {
            stuck.disconnectForcibly(0, 0, false); // also ends a connect attempt in progress
        } catch (MqttException | RuntimeException e) {
            log.debug("forcible disconnect of the stuck client: {}", e.toString());
        }
        discard(stuck);
        try {
            MqttAsyncClient fresh = connectedClient();
            synchronized (this) {
                if (closing) {
                    discard(fresh);
                    return;
                }
                client = fresh;
            }
            clientsReplaced.incrementAndGet();
            log.info("collector {} reconnected with a new client to {}", config.clientId(), config.brokerUrl());
        } catch (MqttException | RuntimeException e) {
            disconnectedSince = System.nanoTime() - STUCK_RECONNECT_NANOS / 2; // try again in a few seconds
            log.warn("collector {}: a new client could not connect yet: {}", config.clientId(), e.getMessage());
        }
    }

    /** How often a hung reconnect was given up and the MQTT client replaced. */
    public long clientsReplaced() {
        return clientsReplaced.get();
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
        IngestWorker current = worker;
        return current == null ? 0 : current.handled();
    }

    /** Database transactions that stored messages, since this instance started (at most one per message). */
    public long ingestTransactions() {
        IngestWorker current = worker;
        return current == null ? 0 : current.transactions();
    }

    /** Receipts this instance could not publish (the agents re-send those batches after their receipt timeout). */
    public long receiptsSkipped() {
        ReceiptPublisher current = receipts;
        return current == null ? 0 : current.skipped();
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        // clean start with expiry 0 in a share group: a stopped member must not keep a share (CollectorConfig)
        options.setCleanStart(config.cleanStart());
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        config.login().applyTo(options);
        options.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        options.setConnectionTimeout(10);
        return options;
    }

    /** Disconnects (the broker keeps the session for {@link CollectorConfig#sessionExpiry()}) and closes the store. */
    @Override
    public synchronized void close() throws MqttException, SQLException {
        closing = true;
        if (watchdog != null) {
            watchdog.shutdownNow();
            watchdog = null;
        }
        if (worker != null) {
            try {
                worker.close(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (receipts != null) {
            receipts.close();
            receipts = null;
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

    private void reconnectLater() {
        Thread retry = new Thread(() -> {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), MAX_BACKOFF);
            while (!closing) {
                try {
                    backoff.pause();
                    MqttAsyncClient current = client;
                    if (current == null || closing || current.isConnected()) {
                        return;
                    }
                    current.reconnect();
                    return;
                } catch (MqttException e) {
                    log.warn("reconnecting collector {} failed: {}", config.clientId(), e.getMessage());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "collector-reconnect-" + config.clientId());
        retry.setDaemon(true);
        retry.start();
    }

    private final class Callback implements MqttListener {
        /** The client this callback serves: a message is acknowledged on the client that delivered it. */
        private final MqttAsyncClient owner;

        Callback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            MqttProperties properties = message.getProperties();
            String contentType = properties == null ? null : properties.getContentType();
            // collectors' own receipts match the filter +/+/+ too: not data; the worker acknowledges them in turn
            // (PUBACKs go out in arrival order) without storing or counting them
            CollectorStore.Incoming data = topic.endsWith("/" + Channel.RECEIPTS.leaf()) ? null
                    : new CollectorStore.Incoming(topic, message.getPayload(), contentType);
            // stored, receipted and acknowledged by the worker after its commit; if the worker is closing the
            // message stays unacknowledged and the broker delivers it again after the next start
            worker.accept(new IngestWorker.Delivery(owner, message.getId(), message.getQos(), data));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            disconnectedSince = 0;
            if (!reconnect) {
                return;
            }
            // a broker that lost its state (restart without persistence) also lost our subscription: renew it
            try {
                owner.subscribe(new MqttSubscription(config.subscription(), QOS));
                log.info("collector {} reconnected to {}", config.clientId(), serverUri);
            } catch (MqttException e) {
                log.error("resubscribing {} failed: {}", config.subscription(), e.getMessage());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            log.warn("collector {} disconnected: {}", config.clientId(), response);
            if (disconnectedSince == 0) {
                disconnectedSince = System.nanoTime();
            }
            if (response.getException() == null && !closing) {
                reconnectLater(); // Paho's automatic reconnect does not follow a DISCONNECT sent by the broker
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.error("MQTT error in collector {}: {}", config.clientId(), exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // receipts are published by ReceiptPublisher on its own connection
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
