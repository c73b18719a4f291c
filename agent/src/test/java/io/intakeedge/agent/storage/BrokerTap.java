package io.intakeedge.agent.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.Json;
import io.intakeedge.sync.protocol.Topic;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** Subscribes to one device's topics on a real broker and keeps the seqs and trace ids that arrived. */
final class BrokerTap implements AutoCloseable {
    private final NavigableSet<Long> seqs = new ConcurrentSkipListSet<>();
    private final Set<String> traceIds = new ConcurrentSkipListSet<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final MqttClient client;
    private final BatchCodec codec = new BatchCodec();

    BrokerTap(String broker, String site, String device) throws Exception {
        client = new MqttClient(broker, "tap-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        IMqttMessageListener listener = (topic, message) -> {
            try {
                if (Topic.parse(topic).channel() == Channel.STATUS) {
                    return;
                }
                String contentType = message.getProperties() == null ? null
                        : message.getProperties().getContentType();
                BatchEnvelope batch = codec.decodeBatch(message.getPayload(), contentType);
                for (BatchItem item : batch.items()) {
                    seqs.add(item.seq());
                    if (item.kind().equals("trace")) {
                        JsonNode payload = Json.mapper().readTree(item.payloadJson());
                        traceIds.add(payload.path("trace_id").asText());
                    }
                }
            } catch (Exception e) {
                errors.add(topic + ": " + e);
            }
        };
        client.subscribe(new MqttSubscription[] {new MqttSubscription(Topic.ROOT + "/" + site + "/" + device + "/#",
                1)}, new IMqttMessageListener[] {listener});
    }

    NavigableSet<Long> seqs() {
        return new TreeSet<>(seqs);
    }

    Set<String> traceIds() {
        return new TreeSet<>(traceIds);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
