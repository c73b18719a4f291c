package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.sync.mqtt.MqttListener;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.mqtt.TlsSockets;
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

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The station's bundle channel on MQTT 5, a connection of its own next to the outbox publisher's (so a backlog of
 * traces never delays a rollback): publishes each {@link StateReport} retained with QoS 1 on
 * {@code intake/v1/{site}/{device}/bundle/state}, and hands every message on
 * {@code intake/v1/{site}/{device}/bundle/command} to the {@link CommandVerifier} and then the lifecycle. Clean start
 * off with a session expiry, so a command sent while the station is offline waits at the broker (QoS 1). The latest
 * state is published again after every reconnect. Same broker, credentials and TLS as sync.
 */
public final class BundleMqttLink implements StatePublisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BundleMqttLink.class);

    private final SyncConfig config;
    private final CommandVerifier verifier;
    private final Clock clock;
    private final AtomicReference<StateReport> latest = new AtomicReference<>();
    private final MqttAsyncClient client;
    private volatile BundleLifecycle lifecycle;

    public BundleMqttLink(SyncConfig config, CommandVerifier verifier, Clock clock) throws MqttException {
        this.config = config;
        this.verifier = verifier;
        this.clock = clock;
        this.client = new MqttAsyncClient(config.brokerUri(), config.clientId() + "-bundle", new MemoryPersistence());
    }

    /** State topic of a device. */
    public static String stateTopic(String site, String device) {
        return "intake/v1/" + site + "/" + device + "/bundle/state";
    }

    /** Command topic of a device. */
    public static String commandTopic(String site, String device) {
        return "intake/v1/" + site + "/" + device + "/bundle/command";
    }

    /** Connects (retrying in the background until it succeeds) and routes commands to {@code target}. */
    public void start(BundleLifecycle target) throws MqttException {
        this.lifecycle = target;
        client.setCallback(new Callback());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        o.setAutomaticReconnect(true); // nothing here needs the outbox's own redelivery: the state is re-published
        o.setAutomaticReconnectDelay(1, (int) Math.max(1, config.reconnectMax().toSeconds()));
        if (config.username() != null) {
            o.setUserName(config.username());
        }
        if (config.password() != null) {
            o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        }
        if (config.tls() != null) {
            o.setSocketFactory(TlsSockets.factory(config.tls()));
            o.setHttpsHostnameVerificationEnabled(config.tls().verifyHostname());
        }
        client.connect(o);
    }

    @Override
    public void publish(StateReport report) {
        latest.set(report);
        send(report);
    }

    private void send(StateReport report) {
        if (!client.isConnected()) {
            return; // re-published on connect
        }
        try {
            MqttMessage m = new MqttMessage(LifecycleJson.MAPPER.writeValueAsBytes(report), 1, true, null);
            MqttProperties p = new MqttProperties();
            p.setContentType("application/json");
            p.setPayloadFormat(true);
            m.setProperties(p);
            client.publish(stateTopic(config.site(), config.device()), m);
        } catch (Exception e) {
            LOG.warn("bundle state {} not published now (again after reconnect): {}", report.state().code(),
                    e.toString());
        }
    }

    void onCommand(byte[] payload) {
        BundleLifecycle target = lifecycle;
        if (target == null) {
            return;
        }
        try {
            target.command(verifier.verify(payload, clock.instant()));
        } catch (CommandRefused refused) {
            LOG.warn("bundle command refused: {}", refused.getMessage());
            target.refused(refused);
        } catch (RuntimeException e) {
            LOG.error("bundle command could not be checked", e);
            target.refused(new CommandRefused("unchecked", null, e.toString()));
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(config.connectTimeout().toMillis()).waitForCompletion();
            }
        } catch (MqttException e) {
            LOG.debug("bundle link disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("bundle link close: {}", e.toString());
        }
    }

    private final class Callback implements MqttListener {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            try {
                // the session may keep it, but a broker that lost its state did not: subscribe every time
                client.subscribe(new MqttSubscription(commandTopic(config.site(), config.device()), 1));
            } catch (MqttException e) {
                LOG.warn("subscribing to bundle commands failed: {}", e.toString());
            }
            StateReport last = latest.get();
            if (last != null) {
                send(last);
            }
            LOG.info("bundle link connected to {} (reconnect {})", serverUri, reconnect);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (message.isRetained()) {
                // a retained command would be re-applied at every connect: commands are never retained
                lifecycle.refused(new CommandRefused("retained", null, "a command arrived retained on " + topic
                        + "; send commands without the retain flag"));
                return;
            }
            onCommand(message.getPayload());
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("bundle link lost: {}", response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("bundle link MQTT error: {}", exception.toString());
        }
    }
}
