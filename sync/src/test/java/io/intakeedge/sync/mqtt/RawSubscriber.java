package io.intakeedge.sync.mqtt;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.StatusMessage;
import io.intakeedge.sync.protocol.Topic;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** A plain Paho v5 subscriber that decodes what the agent sends, as a consumer who never saw our code would. */
final class RawSubscriber implements AutoCloseable {
    final Set<Long> seqs = new ConcurrentSkipListSet<>();
    final List<Channel> channels = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    final List<StatusMessage> statuses = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final MqttClient client;
    private final BatchCodec codec = new BatchCodec();

    RawSubscriber(String broker, String site, String device) throws Exception {
        this(broker, site, device, "raw-sub-" + UUID.randomUUID(), false);
    }

    /**
     * A subscriber whose session, subscription included, the broker keeps for five minutes after it disconnects (and
     * across an orderly restart of a persisting broker): what is published meanwhile is queued for it and delivered
     * when a subscriber with the same {@code clientId} connects again.
     */
    static RawSubscriber persistent(String broker, String site, String device, String clientId) throws Exception {
        return new RawSubscriber(broker, site, device, clientId, true);
    }

    private RawSubscriber(String broker, String site, String device, String clientId, boolean persistent)
            throws Exception {
        client = new MqttClient(broker, clientId, new MemoryPersistence());
        // a client callback, not a per-subscription listener: a kept session delivers its queue right after CONNACK,
        // before any subscribe call could register a listener
        client.setCallback(new MqttListener() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                accept(topic, message);
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(!persistent);
        if (persistent) {
            options.setSessionExpiryInterval(300L);
        }
        client.connect(options);
        String filter = Topic.ROOT + "/" + site + "/" + device + "/#";
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)});
    }

    private void accept(String topic, MqttMessage message) {
        try {
            String contentType = message.getProperties() == null ? null : message.getProperties().getContentType();
            Topic parsed = Topic.parse(topic);
            if (parsed.channel() == Channel.STATUS) {
                statuses.add(codec.decodeStatus(message.getPayload(), contentType));
                return;
            }
            BatchEnvelope batch = codec.decodeBatch(message.getPayload(), contentType);
            channels.add(parsed.channel());
            contentTypes.add(contentType);
            batch.items().stream().map(BatchItem::seq).forEach(seqs::add);
        } catch (RuntimeException e) {
            errors.add(topic + ": " + e.getMessage());
        }
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
