package io.intakeedge.sync.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.protocol.StatusMessage;
import io.intakeedge.sync.protocol.Topic;
import io.intakeedge.sync.testing.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/** One agent connection against the local mosquitto (127.0.0.1:1883), watched by a raw Paho subscriber. */
class MqttSyncClientTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final StatusInfo INFO = new StatusInfo("0.1.0-test", "jetson-orin-nano", "bundle-7");

    private final BatchCodec codec = new BatchCodec();
    private final String device = "c1-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void birthPublishAndPubackThenOfflineOnClose() throws Exception {
        SyncConfig config = SyncConfig.builder(BROKER, "test-site", device).inflightWindow(500).receipts(false).build();
        try (RawSubscriber sub = new RawSubscriber(BROKER, "test-site", device)) {
            MqttSyncClient client = MqttSyncClient.connect(config, INFO, codec, e -> { });
            try {
                assertThat(client.isConnected()).isTrue();
                assertThat(client.window()).as("clamped to mosquitto's receive maximum (20 by default)")
                        .isBetween(1, 499);
                BatchEnvelope envelope = BatchEnvelope.of("test-site", device, Instant.now(),
                        List.of(new BatchItem(1, "trace", Instant.now(), "{\"route\":\"normal_review\"}")));
                CompletableFuture<Integer> puback = new CompletableFuture<>();
                client.publish(new Topic("test-site", device, Channel.TRACES), codec.encode(envelope, false),
                        listener(puback));
                assertThat(puback.get(10, TimeUnit.SECONDS)).as("PUBACK reason code: success").isZero();
                assertThat(Eventually.await(Duration.ofSeconds(60), () -> sub.seqs.contains(1L))).isTrue();
                assertThat(sub.statuses).anySatisfy(s -> {
                    assertThat(s.state()).isEqualTo(StatusMessage.ONLINE);
                    assertThat(s.deviceProfile()).isEqualTo("jetson-orin-nano");
                });
            } finally {
                client.close();
            }
            assertThat(client.isConnected()).isFalse();
            assertThat(Eventually.await(Duration.ofSeconds(60), () -> lastState(sub).equals(StatusMessage.OFFLINE)))
                    .isTrue();
            assertThat(sub.errors).isEmpty();
        }
    }

    @Test
    void aForcibleDropLeavesTheWillAndReportsNothingAsLost() throws Exception {
        SyncConfig config = SyncConfig.builder(BROKER, "test-site", device).receipts(false).build();
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        try (RawSubscriber sub = new RawSubscriber(BROKER, "test-site", device)) {
            MqttSyncClient client = MqttSyncClient.connect(config, INFO, codec, lost::add);
            assertThat(Eventually.await(Duration.ofSeconds(60), () -> lastState(sub).equals(StatusMessage.ONLINE)))
                    .isTrue();
            client.closeForcibly();
            assertThat(Eventually.await(Duration.ofSeconds(60), () -> lastState(sub).equals(StatusMessage.OFFLINE)))
                    .as("the broker published the Last Will").isTrue();
            assertThat(lost).as("our own drop is not a lost connection").isEmpty();
        }
    }

    @Test
    void receiptsForThisDeviceArriveOthersAndGarbageAreDropped() throws Exception {
        SyncConfig config = SyncConfig.builder(BROKER, "test-site", device).receipts(true).build();
        List<Receipt> receipts = new CopyOnWriteArrayList<>();
        MqttSyncClient client = MqttSyncClient.connect(config, INFO, codec, e -> { }, receipts::add);
        try {
            String topic = new Topic("test-site", device, Channel.RECEIPTS).name();
            Receipt other = Receipt.of("test-site", "someone-else", new long[] {1, 2}, Instant.now());
            Receipt mine = Receipt.of("test-site", device, new long[] {5, 6, 7, 9}, Instant.now());
            publishRaw(topic, "not json".getBytes(), BatchCodec.JSON);
            publishRaw(topic, codec.encode(other).bytes(), BatchCodec.JSON);
            publishRaw(topic, codec.encode(mine).bytes(), BatchCodec.JSON);
            assertThat(Eventually.await(Duration.ofSeconds(60), () -> !receipts.isEmpty())).isTrue();
            Thread.sleep(200); // anything else would have arrived by now: the broker keeps per-topic order
            assertThat(receipts).hasSize(1);
            assertThat(receipts.get(0).stored()).isDeepEqualTo(new long[][] {{5, 7}, {9, 9}});
        } finally {
            client.close();
        }
    }

    @Test
    void noBrokerFailsTheConnectWithTheReason() {
        SyncConfig config = SyncConfig.builder("tcp://127.0.0.1:1", "test-site", device)
                .connectTimeout(Duration.ofSeconds(2)).receipts(false).build();
        assertThatThrownBy(() -> MqttSyncClient.connect(config, INFO, codec, e -> { }))
                .isInstanceOf(MqttException.class);
    }

    private static String lastState(RawSubscriber sub) {
        return sub.statuses.isEmpty() ? "" : sub.statuses.get(sub.statuses.size() - 1).state();
    }

    private static MqttActionListener listener(CompletableFuture<Integer> puback) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                puback.complete(codes == null || codes.length == 0 ? 0 : codes[0]);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                puback.completeExceptionally(exception);
            }
        };
    }

    private static void publishRaw(String topic, byte[] payload, String contentType) throws Exception {
        MqttClient raw = new MqttClient(BROKER, "raw-pub-" + UUID.randomUUID(), new MemoryPersistence());
        raw.connect(new MqttConnectionOptions());
        try {
            MqttMessage message = new MqttMessage(payload, 1, false, null);
            MqttProperties properties = new MqttProperties();
            properties.setContentType(contentType);
            message.setProperties(properties);
            raw.publish(topic, message);
        } finally {
            raw.disconnect();
            raw.close();
        }
    }
}
