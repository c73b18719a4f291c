package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.EncodedPayload;
import io.intakeedge.sync.protocol.ProtocolException;
import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.protocol.StatusMessage;
import io.intakeedge.sync.protocol.Topic;
import java.time.Instant;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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

/**
 * One MQTT 5 connection of the agent (Eclipse Paho {@link MqttAsyncClient}): clean start off with a session expiry,
 * Last Will {@code offline} and retained birth {@code online} on the status topic; with receipts on, a QoS 1
 * subscription to the device's own {@code receipts} topic (made before the birth, on every connection).
 *
 * <p>Each connection gets a fresh Paho client with in-memory persistence and automatic reconnect off: the durable
 * copy of every message is the outbox row, so after a loss the {@link OutboxPublisher} opens a new connection and
 * re-sends unacknowledged rows itself. (Paho's own reconnect would re-send its in-memory copies too, doubling the
 * redelivery after every outage and racing the outbox for the broker's receive maximum.)
 */
public final class MqttSyncClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSyncClient.class);

    private final SyncConfig config;
    private final StatusInfo statusInfo;
    private final BatchCodec codec;
    private final MqttAsyncClient client;
    private volatile int window;

    private MqttSyncClient(SyncConfig config, StatusInfo statusInfo, BatchCodec codec) throws MqttException {
        this.config = config;
        this.statusInfo = statusInfo;
        this.codec = codec;
        this.client = new MqttAsyncClient(config.brokerUri(), config.clientId(), new MemoryPersistence());
    }

    /**
     * Connects, publishes the retained {@code online} birth and returns the client. {@code onLost} runs (on a Paho
     * thread) when the connection drops later.
     */
    public static MqttSyncClient connect(SyncConfig config, StatusInfo statusInfo, BatchCodec codec,
            Consumer<Throwable> onLost) throws MqttException {
        return connect(config, statusInfo, codec, onLost, receipt -> { });
    }

    /**
     * As {@link #connect(SyncConfig, StatusInfo, BatchCodec, Consumer)}; when {@link SyncConfig#receipts()} is on,
     * also subscribes to the device's receipts and hands each valid one to {@code onReceipt} (on a Paho thread).
     */
    public static MqttSyncClient connect(SyncConfig config, StatusInfo statusInfo, BatchCodec codec,
            Consumer<Throwable> onLost, Consumer<Receipt> onReceipt) throws MqttException {
        MqttSyncClient connection = new MqttSyncClient(config, statusInfo, codec);
        try {
            connection.open(onLost, onReceipt);
        } catch (MqttException | RuntimeException e) {
            connection.closeForcibly();
            throw e;
        }
        return connection;
    }

    /** QoS 1 messages this connection may have awaiting PUBACK: the configured window, clamped to the broker's. */
    public int window() {
        return window;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes with QoS 1; {@code listener} hears of the PUBACK (or failure) on a Paho thread. */
    public IMqttToken publish(Topic topic, EncodedPayload payload, MqttActionListener listener) throws MqttException {
        return client.publish(topic.name(), message(payload, false), null, listener);
    }

    /** Orderly shutdown: retained {@code offline} status, then DISCONNECT (which suppresses the Will). */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.publish(topic(Channel.STATUS).name(), message(status(StatusMessage.OFFLINE), true))
                        .waitForCompletion(config.connectTimeout().toMillis());
                client.disconnect(config.connectTimeout().toMillis()).waitForCompletion();
            }
        } catch (MqttException e) {
            LOG.debug("clean disconnect failed, closing forcibly: {}", e.toString());
        }
        closeForcibly();
    }

    /** Drops the connection without goodbye (the broker publishes the Will) and frees the client's threads. */
    public void closeForcibly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            LOG.debug("forcible disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.toString());
        }
    }

    private void open(Consumer<Throwable> onLost, Consumer<Receipt> onReceipt) throws MqttException {
        client.setCallback(new Callback(onLost, new ReceiptReader(config, codec, onReceipt)));
        IMqttToken token = client.connect(options());
        token.waitForCompletion(config.connectTimeout().toMillis());
        Integer brokerMax = token.getResponseProperties() == null ? null
                : token.getResponseProperties().getReceiveMaximum();
        window = brokerMax == null ? config.inflightWindow() : Math.min(config.inflightWindow(), brokerMax);
        if (config.receipts()) {
            // the session keeps the subscription, but a broker that lost its state did not: subscribe every time
            client.subscribe(new MqttSubscription(topic(Channel.RECEIPTS).name(), 1))
                    .waitForCompletion(config.connectTimeout().toMillis());
        }
        client.publish(topic(Channel.STATUS).name(), message(status(StatusMessage.ONLINE), true))
                .waitForCompletion(config.connectTimeout().toMillis());
        LOG.info("connected to {} as {} (session present: {}, in-flight window {}, broker receive maximum {})",
                config.brokerUri(), config.clientId(), token.getSessionPresent(), window, brokerMax);
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = ConnectionOptions.of(config); // credentials, TLS, keep-alive, no auto-reconnect
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        MqttMessage will = message(status(StatusMessage.OFFLINE), true);
        options.setWill(topic(Channel.STATUS).name(), will);
        options.setWillMessageProperties(will.getProperties());
        return options;
    }

    private EncodedPayload status(String state) {
        return codec.encode(new StatusMessage(StatusMessage.SCHEMA, state, config.site(), config.device(),
                statusInfo.agentVersion(), statusInfo.deviceProfile(), statusInfo.activeBundle(), Instant.now()));
    }

    private Topic topic(Channel channel) {
        return new Topic(config.site(), config.device(), channel);
    }

    private static MqttMessage message(EncodedPayload payload, boolean retained) {
        MqttMessage message = new MqttMessage(payload.bytes(), 1, retained, null);
        MqttProperties properties = new MqttProperties();
        properties.setContentType(payload.contentType());
        properties.setPayloadFormat(payload.utf8());
        message.setProperties(properties);
        return message;
    }

    /** Decodes receipts for this device; anything else on the topic is logged and dropped. */
    private record ReceiptReader(SyncConfig config, BatchCodec codec, Consumer<Receipt> onReceipt) {
        void accept(String topic, MqttMessage message) {
            String contentType = message.getProperties() == null ? null : message.getProperties().getContentType();
            try {
                Receipt receipt = codec.decodeReceipt(message.getPayload(), contentType);
                if (!receipt.device().equals(config.device())) {
                    LOG.warn("ignoring receipt for device {} on {}", receipt.device(), topic);
                    return;
                }
                onReceipt.accept(receipt);
            } catch (ProtocolException | IllegalArgumentException e) {
                LOG.warn("ignoring invalid receipt on {}: {}", topic, e.getMessage());
            }
        }
    }

    /** Reports a lost connection and passes receipts on; the other callbacks stay empty. */
    private record Callback(Consumer<Throwable> onLost, ReceiptReader receipts) implements MqttListener {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            onLost.accept(response.getException() != null ? response.getException()
                    : new IllegalStateException(String.format("broker sent DISCONNECT, reason code 0x%02x %s",
                            response.getReturnCode(), response.getReasonString())));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT protocol error: {}", exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            receipts.accept(topic, message); // the only subscription
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // per-publish listeners handle PUBACKs
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // connection state is tracked by OutboxPublisher
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
