package io.intakeedge.workbench.fleet;

import io.intakeedge.sync.mqtt.MqttListener;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's short-lived MQTT 5 connection for {@code fleet} commands: publish retained documents, clear them,
 * and read what is retained under some filters.
 */
public final class FleetClient implements AutoCloseable {
    private static final long TIMEOUT_MS = 10_000;

    /** A retained message as read. */
    public record Retained(byte[] payload, MqttProperties properties) {
    }

    private final MqttAsyncClient client;
    private final Long maxPacketSize;
    private final Map<String, Retained> seen = new ConcurrentHashMap<>();

    private FleetClient(MqttAsyncClient client, Long maxPacketSize) {
        this.client = client;
        this.maxPacketSize = maxPacketSize;
    }

    public static FleetClient connect(String broker, String username, String password) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(broker, "intake-fleet-" + UUID.randomUUID().toString()
                .substring(0, 8), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8));
        }
        FleetClient[] self = new FleetClient[1];
        client.setCallback(new MqttListener() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (self[0] != null) {
                    self[0].seen.put(topic, new Retained(message.getPayload(), message.getProperties()));
                }
            }
        });
        IMqttToken token = client.connect(options);
        try {
            token.waitForCompletion(TIMEOUT_MS);
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
        MqttProperties connack = token.getResponseProperties();
        self[0] = new FleetClient(client, connack == null ? null : connack.getMaximumPacketSize());
        return self[0];
    }

    /** The broker's announced Maximum Packet Size, null when it announced none. */
    public Long maxPacketSize() {
        return maxPacketSize;
    }

    public void publishRetained(String topic, byte[] payload, MqttProperties properties) throws MqttException {
        client.publish(topic, new MqttMessage(payload, 1, true, properties)).waitForCompletion(TIMEOUT_MS);
    }

    /** Removes the retained message on {@code topic} (an empty retained publish). */
    public void clear(String topic) throws MqttException {
        publishRetained(topic, new byte[0], new MqttProperties());
    }

    /** Everything retained under {@code filters}, collected for {@code waitMs} after subscribing. */
    public Map<String, Retained> retained(long waitMs, String... filters) throws MqttException, InterruptedException {
        seen.clear();
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
        }
        client.subscribe(subs).waitForCompletion(TIMEOUT_MS);
        Thread.sleep(waitMs);
        client.unsubscribe(filters).waitForCompletion(TIMEOUT_MS);
        Map<String, Retained> out = new java.util.TreeMap<>();
        seen.forEach((k, v) -> {
            if (v.payload().length > 0) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(TIMEOUT_MS);
            }
            client.close(true);
        } catch (MqttException e) {
            // leaving: nothing to keep
        }
    }
}
