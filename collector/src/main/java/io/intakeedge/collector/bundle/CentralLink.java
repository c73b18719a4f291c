package io.intakeedge.collector.bundle;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;

import java.util.concurrent.Executor;

/**
 * What the collector's bundle-side MQTT clients (block server, rollout controller) share: a clean-start session
 * with automatic reconnect, and subscribing again after a reconnect (the broker forgot the old session's
 * subscriptions).
 */
final class CentralLink {
    /** Subscribes (waiting for the broker's answer). */
    interface Subscribe {
        void run() throws MqttException;
    }

    private CentralLink() {
    }

    static MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setKeepAliveInterval(30);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setConnectionTimeout(10);
        return options;
    }

    /** On Paho's {@code connectComplete}: after a reconnect, subscribes again on {@code executor}. */
    static void resubscribe(boolean reconnect, Executor executor, Subscribe subscribe, Logger log, String who) {
        if (!reconnect) {
            return;
        }
        executor.execute(() -> {
            try {
                subscribe.run();
            } catch (MqttException e) {
                log.warn("{} could not subscribe again after reconnecting: {}", who, e.getMessage());
            }
        });
    }
}
