package io.intakeedge.collector.bundle;

import io.intakeedge.sync.mqtt.MqttListener;
import io.intakeedge.sync.protocol.BlockRequest;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The block server on the machine's mosquitto (127.0.0.1:1883): answers a request with exactly the blocks asked for,
 * byte-exact, with the correlation data echoed; refuses (and counts) a foreign response topic without answering,
 * an unknown archive, blocks past the end and an invalid request with an error answer. The server's own counters
 * are asserted exactly; what arrives is filtered, since other servers on the shared broker may answer too.
 */
class BlockServerTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final int BLOCK = 4096;
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final String site = "bs" + HexFormat.of().formatHex(random(4));
    private final List<MqttMessage> received = new CopyOnWriteArrayList<>();
    private final List<String> receivedTopics = new CopyOnWriteArrayList<>();
    private BlockServer server;
    private MqttAsyncClient station;
    private byte[] archive;
    private String sha;

    @BeforeEach
    void start() throws Exception {
        ArchiveStore store = new ArchiveStore(dir.resolve("store"));
        archive = random(10 * BLOCK + 123);
        Path file = dir.resolve("a.bin");
        Files.write(file, archive);
        sha = store.put(file);
        server = BlockServer.start(BROKER, "blocks-" + site, store, new BlockServer.Settings("", 64, 8));
        station = new MqttAsyncClient(BROKER, "station-" + site, new MemoryPersistence());
        station.setCallback(new Recorder());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        station.connect(o).waitForCompletion(10_000);
        station.subscribe(new MqttSubscription("intake/v1/" + site + "/+/bundle/blocks", 1)).waitForCompletion(10_000);
    }

    @AfterEach
    void stop() throws MqttException {
        server.close();
        station.disconnect().waitForCompletion(5_000);
        station.close(true);
    }

    @Test
    void answersExactlyTheRequestedBlocksWithTheCorrelationEchoed() throws Exception {
        byte[] correlation = random(16);
        request("s1", BundleTopics.blocks(site, "s1"), correlation,
                BlockRequest.of(sha, BLOCK, List.of(0, 1, 2, 7, 10)).toBytes());
        assertThat(Eventually.await(LONG, () -> blocks().size() >= 5)).as("%s", server.stats()).isTrue();
        for (MqttMessage m : blocks()) {
            int index = Integer.parseInt(property(m, BlockRequest.PROP_BLOCK));
            int from = index * BLOCK;
            assertThat(m.getPayload()).isEqualTo(Arrays.copyOfRange(archive, from, Math.min(archive.length,
                    from + BLOCK)));
            assertThat(m.getProperties().getCorrelationData()).isEqualTo(correlation);
            assertThat(property(m, BlockRequest.PROP_SHA256)).isEqualTo(sha);
            assertThat(m.getProperties().getContentType()).isEqualTo(BlockRequest.BLOCK_CONTENT_TYPE);
        }
        assertThat(blocks()).extracting(m -> property(m, BlockRequest.PROP_BLOCK))
                .containsExactlyInAnyOrder("0", "1", "2", "7", "10");
        assertThat(blocks().stream().filter(m -> property(m, BlockRequest.PROP_BLOCK).equals("10")).findFirst()
                .orElseThrow().getPayload()).hasSize(123);
        assertThat(receivedTopics).containsOnly(BundleTopics.blocks(site, "s1"));
        assertThat(server.stats().blocksSent()).isEqualTo(5);
        assertThat(server.stats().refused()).isEmpty();
    }

    @Test
    void refusesWhatItMustNotAnswerAndCountsIt() throws Exception {
        // answering s2's topic for s1 would make the server a reflector that floods another station
        request("s1", BundleTopics.blocks(site, "s2"), random(8), BlockRequest.of(sha, BLOCK, List.of(0)).toBytes());
        request("s1", BundleTopics.blocks(site, "s1"), random(8),
                BlockRequest.of("0".repeat(64), BLOCK, List.of(0)).toBytes());
        request("s1", BundleTopics.blocks(site, "s1"), random(8), BlockRequest.of(sha, BLOCK, List.of(11)).toBytes());
        request("s1", BundleTopics.blocks(site, "s1"), random(8), "{\"schema\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        request("s1", BundleTopics.blocks(site, "s1"), null, BlockRequest.of(sha, BLOCK, List.of(0)).toBytes());
        assertThat(Eventually.await(LONG, () -> server.stats().refused().values().stream()
                .mapToLong(Long::longValue).sum() == 5)).as("%s", server.stats()).isTrue();
        assertThat(server.stats().refused()).containsEntry("bad_response_topic", 1L)
                .containsEntry("unknown_archive", 1L).containsEntry("block_out_of_range", 1L)
                .containsEntry("invalid_request", 1L).containsEntry("bad_correlation", 1L);
        List<String> answered = List.of("unknown_archive", "block_out_of_range", "invalid_request");
        assertThat(Eventually.await(LONG, () -> errors().containsAll(answered))).as("%s", errors()).isTrue();
        assertThat(blocks()).isEmpty();
        assertThat(receivedTopics).containsOnly(BundleTopics.blocks(site, "s1"));
        assertThat(server.stats().blocksSent()).isZero();
    }

    @Test
    void refusesMoreQueuedBlocksThanItsPerStationLimit() throws Exception {
        server.close(); // a server that takes at most 8 queued blocks per station: a 10-block request is over it
        server = BlockServer.start(BROKER, "blocks-small-" + site, new ArchiveStore(dir.resolve("store")),
                new BlockServer.Settings("", 8, 8));
        request("s1", BundleTopics.blocks(site, "s1"), random(8),
                BlockRequest.of(sha, BLOCK, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)).toBytes());
        request("s1", BundleTopics.blocks(site, "s1"), random(8), BlockRequest.of(sha, BLOCK, List.of(0, 1)).toBytes());
        assertThat(Eventually.await(LONG, () -> blocks().size() == 2 && errors().contains("busy")))
                .as("%s", server.stats()).isTrue();
        assertThat(server.stats().refused("busy")).isEqualTo(1);
        assertThat(server.stats().blocksSent()).isEqualTo(2);
    }

    @Test
    void aFloodOfRequestsIsServedOrRefusedBusyWithNothingLost() throws Exception {
        // how many are refused depends on how fast the server drains (none on a fast machine): each request is
        // either served whole or refused whole
        for (int i = 0; i < 40; i++) {
            request("s1", BundleTopics.blocks(site, "s1"), random(8),
                    BlockRequest.of(sha, BLOCK, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)).toBytes());
        }
        assertThat(Eventually.await(LONG, () -> server.stats().requests() == 40
                && server.stats().blocksSent() + 10 * server.stats().refused("busy") == 400))
                .as("%s", server.stats()).isTrue();
    }

    /**
     * Block messages received. Another test's block server on the shared broker (every server hears every site's
     * requests) may answer this test's requests with errors, never with this test's random archive's blocks.
     */
    private List<MqttMessage> blocks() {
        return received.stream().filter(m -> property(m, BlockRequest.PROP_ERROR) == null).toList();
    }

    /** Error answers received (see {@link #blocks()} for why they are not counted exactly). */
    private List<String> errors() {
        return received.stream().map(m -> property(m, BlockRequest.PROP_ERROR)).filter(e -> e != null).toList();
    }

    private void request(String device, String responseTopic, byte[] correlation, byte[] payload)
            throws MqttException {
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        if (correlation != null) {
            p.setCorrelationData(correlation);
        }
        station.publish(BundleTopics.blockRequest(site, device), new MqttMessage(payload, 1, false, p))
                .waitForCompletion(10_000);
    }

    private static String property(MqttMessage m, String name) {
        return m.getProperties().getUserProperties().stream().filter(u -> u.getKey().equals(name))
                .map(UserProperty::getValue).findFirst().orElse(null);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private final class Recorder implements MqttListener {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            receivedTopics.add(topic);
            received.add(message);
        }
    }
}
