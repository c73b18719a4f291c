package io.intakeedge.sync.mqtt;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import java.nio.charset.StandardCharsets;

/**
 * Connection options for a station's MQTT connections (the outbox publisher's {@link MqttSyncClient} and bundle
 * delivery) from one {@link SyncConfig}: the same broker, credentials, TLS and keep-alive, so a station has one place
 * to configure its link.
 */
public final class ConnectionOptions {
    private ConnectionOptions() {
    }

    /** Credentials, TLS, keep-alive and connect timeout from {@code config}; session and will are the caller's. */
    public static MqttConnectionOptions of(SyncConfig config) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        options.setConnectionTimeout((int) Math.max(1, config.connectTimeout().toSeconds()));
        options.setAutomaticReconnect(false);
        if (config.username() != null) {
            options.setUserName(config.username());
        }
        if (config.password() != null) {
            options.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        }
        if (config.tls() != null) {
            options.setSocketFactory(TlsSockets.factory(config.tls()));
            options.setHttpsHostnameVerificationEnabled(config.tls().verifyHostname());
        }
        return options;
    }
}
