package io.intakeedge.sync.testing;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A bare Paho v5 client that publishes hand-made payloads with QoS 1, for feeding a collector in tests. */
public final class RawPublisher implements AutoCloseable {

    private final MqttClient client;

    public RawPublisher(String brokerUrl, String clientId) throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
    }

    /** Publishes and waits for the broker's PUBACK; {@code contentType} may be null (property left out). */
    public void publish(String topic, byte[] payload, String contentType) throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, false, new MqttProperties());
        if (contentType != null) {
            message.getProperties().setContentType(contentType);
        }
        client.publish(topic, message);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
