package io.intakeedge.sync.mqtt;

import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shutdown of a Paho client, shared by the central side's publishing connections. */
public final class PahoClients {
    private static final Logger LOG = LoggerFactory.getLogger(PahoClients.class);

    private PahoClients() {
    }

    /**
     * Orderly DISCONNECT if connected (waiting up to {@code timeout}), then frees the client's threads. Failures are
     * logged at debug level only: the caller is shutting down and has nothing left to send on this client.
     *
     * @param name what the client is, for the log ("receipt client", "block server")
     */
    public static void disconnectAndClose(MqttAsyncClient client, Duration timeout, String name) {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(timeout.toMillis());
            }
        } catch (MqttException e) {
            LOG.debug("{} disconnect: {}", name, e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("{} close: {}", name, e.getMessage());
        }
    }
}
