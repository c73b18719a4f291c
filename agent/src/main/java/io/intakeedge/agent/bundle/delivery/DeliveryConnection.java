package io.intakeedge.agent.bundle.delivery;

import io.intakeedge.sync.mqtt.ConnectionOptions;
import io.intakeedge.sync.mqtt.MqttListener;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.protocol.BlockRequest;
import io.intakeedge.sync.protocol.BundleTopics;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The station's delivery connection: a second MQTT 5 client ({@code {client id}-bundles}, clean start) beside the
 * outbox publisher, so block traffic never waits behind trace batches and vice versa. On every connect it subscribes
 * to its job topics (device, each group, site: retained, so jobs published while it was away arrive now) and its
 * {@code blocks} topic. Arriving blocks whose correlation nobody expects are counted and dropped right here on Paho's
 * thread, so a flood never reaches the queue.
 */
final class DeliveryConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConnection.class);
    private static final int QOS = 1;

    /** What the connection hands to the delivery thread. */
    sealed interface Incoming permits Job, Block, ServerError {
    }

    record Job(String topic, byte[] payload, MqttProperties properties) implements Incoming {
    }

    record Block(String correlation, int index, byte[] bytes) implements Incoming {
    }

    record ServerError(String correlation, String reason) implements Incoming {
    }

    private final SyncConfig link;
    private final BundleDelivery.Station station;
    private final MqttAsyncClient client;

    private DeliveryConnection(SyncConfig link, BundleDelivery.Station station, MqttAsyncClient client) {
        this.link = link;
        this.station = station;
        this.client = client;
    }

    /**
     * Connects and subscribes.
     *
     * @param expected   whether a correlation id belongs to a request in flight (called on Paho's thread)
     * @param sink       receives jobs, blocks and error answers; returns false when its queue is full
     * @param rejected   counts a block dropped here, by reason
     */
    static DeliveryConnection open(SyncConfig link, BundleDelivery.Station station, Predicate<String> expected,
                                   Predicate<Incoming> sink, Consumer<String> rejected) throws MqttException {
        MqttAsyncClient client = new MqttAsyncClient(link.brokerUri(), link.clientId() + "-bundles",
                new MemoryPersistence());
        DeliveryConnection c = new DeliveryConnection(link, station, client);
        client.setCallback(c.callback(expected, sink, rejected));
        MqttConnectionOptions options = ConnectionOptions.of(link);
        options.setCleanStart(true);
        try {
            client.connect(options).waitForCompletion(link.connectTimeout().toMillis());
            List<MqttSubscription> subs = new ArrayList<>();
            subs.add(new MqttSubscription(BundleTopics.blocks(station.site(), station.device()), QOS));
            for (String topic : station.jobTopics()) {
                subs.add(new MqttSubscription(topic, QOS));
            }
            client.subscribe(subs.toArray(MqttSubscription[]::new)).waitForCompletion(link.connectTimeout()
                    .toMillis());
        } catch (MqttException e) {
            c.close();
            throw e;
        }
        LOG.info("bundle delivery connected to {} as {}-bundles, jobs from {}", link.brokerUri(), link.clientId(),
                station.jobTopics());
        return c;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    void request(byte[] correlation, BlockRequest request) throws MqttException {
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(BundleTopics.blocks(station.site(), station.device()));
        p.setCorrelationData(correlation);
        p.setContentType("application/json");
        client.publish(BundleTopics.blockRequest(station.site(), station.device()),
                new MqttMessage(request.toBytes(), QOS, false, p));
    }

    IMqttToken publishState(DownloadState state) throws MqttException {
        MqttProperties p = new MqttProperties();
        p.setContentType("application/json");
        p.setPayloadFormat(true);
        return client.publish(BundleTopics.download(station.site(), station.device()),
                new MqttMessage(state.toBytes(), QOS, true, p));
    }

    private MqttCallback callback(Predicate<String> expected, Predicate<Incoming> sink, Consumer<String> rejected) {
        String blocksTopic = BundleTopics.blocks(station.site(), station.device());
        Set<String> jobTopics = Set.copyOf(station.jobTopics());
        return new MqttListener() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                if (jobTopics.contains(topic)) {
                    sink.test(new Job(topic, message.getPayload(), message.getProperties()));
                } else if (blocksTopic.equals(topic)) {
                    onBlock(message, expected, sink, rejected);
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                LOG.info("bundle delivery disconnected: {}", response);
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                LOG.warn("bundle delivery MQTT error: {}", exception.getMessage());
            }
        };
    }

    private static void onBlock(MqttMessage message, Predicate<String> expected, Predicate<Incoming> sink,
                                Consumer<String> rejected) {
        MqttProperties p = message.getProperties();
        byte[] correlation = p == null ? null : p.getCorrelationData();
        String key = correlation == null ? "" : Download.key(correlation);
        if (!expected.test(key)) {
            rejected.accept(Download.Verdict.UNREQUESTED.code);
            return;
        }
        var error = JobSignature.property(p, BlockRequest.PROP_ERROR);
        if (error.isPresent()) {
            sink.test(new ServerError(key, error.get()));
            return;
        }
        int index;
        try {
            index = Integer.parseInt(JobSignature.property(p, BlockRequest.PROP_BLOCK).orElse("-1"));
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0) {
            rejected.accept("bad_block");
        } else if (!sink.test(new Block(key, index, message.getPayload()))) {
            rejected.accept("overflow");
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            LOG.debug("bundle delivery disconnect: {}", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("bundle delivery close: {}", e.getMessage());
        }
    }
}
