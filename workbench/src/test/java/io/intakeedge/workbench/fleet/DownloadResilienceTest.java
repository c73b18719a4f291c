package io.intakeedge.workbench.fleet;

import io.intakeedge.agent.bundle.delivery.BundleDelivery;
import io.intakeedge.agent.bundle.delivery.DownloadStore;
import io.intakeedge.agent.bundle.delivery.JobDocument;
import io.intakeedge.agent.bundle.delivery.JobTarget;
import io.intakeedge.collector.bundle.BlockServer;
import io.intakeedge.sync.mqtt.MqttListener;
import io.intakeedge.sync.protocol.BlockRequest;
import io.intakeedge.sync.protocol.BundleTopics;
import io.intakeedge.sync.testing.Eventually;
import org.eclipse.paho.mqttv5.client.IMqttToken;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The downloader under trouble, on the machine's mosquitto: stopped halfway and started again (only the missing
 * blocks are fetched), blocks with wrong bytes (refused, counted, fetched again), and a flood of blocks nobody asked
 * for (counted, dropped, the download unharmed).
 */
class DownloadResilienceTest {
    private static final int SIZE = 1_500_000;
    private static final int BLOCK = 8 * 1024;

    @TempDir
    Path dir;
    DeliveryRig rig;

    @BeforeEach
    void rig() throws Exception {
        rig = new DeliveryRig(dir);
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void aDownloadStoppedHalfwayResumesWithOnlyTheMissingBlocks() throws Exception {
        JobDocument job = rig.randomArchive("r-resume", JobTarget.device(rig.site, "a"), SIZE, BLOCK, 1);
        int blocks = job.job().blockCount();
        BlockServer first = rig.startServer();
        rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), job, Optional.empty());
        DeliveryRig.Station a = rig.station("a").start();
        assertThat(Eventually.await(Duration.ofSeconds(120), () -> first.stats().blocksSent() >= blocks / 3)).isTrue();
        rig.stopServer();
        a.close(); // the station stops mid-download; its H2 row and partial file stay

        DeliveryRig.Station again = rig.station("a");
        again.db = io.intakeedge.agent.trace.AgentDatabase.open(again.data);
        new io.intakeedge.agent.trace.TraceStore(again.db);
        DownloadStore.Row row = new DownloadStore(again.db).find(job.sha256()).orElseThrow();
        again.db.close();
        again.db = null;
        int missing = row.blocksMissing();
        assertThat(row.state()).isEqualTo("downloading");
        assertThat(missing).as("stopped halfway").isBetween(1, blocks - blocks / 4);

        BlockServer second = rig.startServer();
        again.start();
        assertThat(Eventually.await(Duration.ofSeconds(120), () -> again.offered.size() == 1))
                .as("%s", again.delivery.status()).isTrue();
        assertThat(Files.readAllBytes(again.offered.get(0))).hasSize(SIZE);
        assertThat(rig.store.find(job.sha256()).orElseThrow().file()).hasSameBinaryContentAs(again.offered.get(0));
        // the station wrote exactly the missing blocks; the server may have sent some twice (a request that timed
        // out on a loaded machine is asked again, and the late answer is counted as a duplicate, not written)
        assertThat(again.delivery.status().blocksAccepted()).as("only the %d missing of %d blocks fetched", missing,
                blocks).isEqualTo(missing);
        assertThat(second.stats().blocksSent()).isGreaterThanOrEqualTo(missing);
        assertThat(again.events).anyMatch(e -> e.contains("resuming with " + (blocks - missing)));
    }

    @Test
    void blocksWithWrongBytesAreRefusedCountedAndFetchedAgain() throws Exception {
        JobDocument job = rig.randomArchive("r-bad", JobTarget.device(rig.site, "a"), 200_000, BLOCK, 1);
        AtomicInteger forged = new AtomicInteger();
        try (Rogue rogue = Rogue.connect(rig.site + "-rogue")) {
            // a rogue answers every request of station a with garbage under the right correlation data
            rogue.onRequests(BundleTopics.blockRequest(rig.site, "a"), (request, props) -> {
                for (int index : BlockRequest.parse(request).indexes()) {
                    rogue.sendAsync(props.getResponseTopic(), props.getCorrelationData(), index,
                            DeliveryRig.randomBytes(index == 0 ? BLOCK : 100));
                    forged.incrementAndGet();
                }
            });
            rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), job, Optional.empty());
            DeliveryRig.Station a = rig.station("a").start(Set.of(), Optional.empty(),
                    new BundleDelivery.Settings(64, 16, Duration.ofMillis(500), Optional.empty()));
            assertThat(Eventually.await(Duration.ofSeconds(120), () -> forged.get() >= 25)).isTrue();
            rogue.stopAnswering();
            // the forged blocks are sent without waiting: the station judges them a moment later
            assertThat(Eventually.await(Duration.ofSeconds(120),
                    () -> a.delivery.status().blocksRejected().getOrDefault("bad_hash", 0L) >= 20))
                    .as("%s", a.delivery.status()).isTrue();
            assertThat(a.delivery.status().blocksAccepted()).isZero();
            assertThat(a.state()).isEqualTo("downloading");

            rig.startServer(); // the real server answers the requests asked again after the timeout
            assertThat(Eventually.await(Duration.ofSeconds(120), () -> a.offered.size() == 1))
                    .as("%s", a.delivery.status()).isTrue();
            assertThat(rig.store.find(job.sha256()).orElseThrow().file()).hasSameBinaryContentAs(a.offered.get(0));
        }
    }

    @Test
    void aFloodOfUnrequestedBlocksIsCountedAndDoesNotDisturbTheDownload() throws Exception {
        JobDocument job = rig.randomArchive("r-flood", JobTarget.device(rig.site, "a"), 400_000, BLOCK, 1);
        DeliveryRig.Station a = rig.station("a").start();
        try (Rogue rogue = Rogue.connect(rig.site + "-flood")) {
            for (int i = 0; i < 120; i++) {
                rogue.send(BundleTopics.blocks(rig.site, "a"), DeliveryRig.randomBytes(16), i % 40,
                        DeliveryRig.randomBytes(BLOCK));
            }
            assertThat(Eventually.await(Duration.ofSeconds(120),
                    () -> a.delivery.status().blocksRejected().getOrDefault("unrequested", 0L) == 120))
                    .as("%s", a.delivery.status()).isTrue();
            rig.startServer();
            rig.publishJob(BundleTopics.deviceJob(rig.site, "a"), job, Optional.empty());
            for (int i = 0; i < 80; i++) {
                rogue.send(BundleTopics.blocks(rig.site, "a"), DeliveryRig.randomBytes(16), i % 40,
                        DeliveryRig.randomBytes(BLOCK));
            }
            assertThat(Eventually.await(Duration.ofSeconds(120), () -> a.offered.size() == 1))
                    .as("%s", a.delivery.status()).isTrue();
        }
        assertThat(rig.store.find(job.sha256()).orElseThrow().file()).hasSameBinaryContentAs(a.offered.get(0));
        // at least the rogue's 200: on a loaded machine the station may ask for a slow block twice, and the server's
        // second answer, arriving after the download finished, is unrequested too
        assertThat(Eventually.await(Duration.ofSeconds(120),
                () -> a.delivery.status().blocksRejected().getOrDefault("unrequested", 0L) >= 200))
                .as("%s", a.delivery.status()).isTrue();
        assertThat(a.delivery.status().blocksAccepted()).isEqualTo(job.job().blockCount());
    }

    /** A raw MQTT 5 client playing a hostile block server. */
    static final class Rogue implements AutoCloseable {
        interface Answer {
            void answer(byte[] request, MqttProperties properties) throws Exception;
        }

        private final MqttAsyncClient client;
        private volatile Answer answer;

        private Rogue(MqttAsyncClient client) {
            this.client = client;
        }

        static Rogue connect(String id) throws MqttException {
            MqttAsyncClient c = new MqttAsyncClient(DeliveryRig.BROKER, id, new MemoryPersistence());
            Rogue r = new Rogue(c);
            c.setCallback(new MqttListener() {
                @Override
                public void messageArrived(String topic, MqttMessage message) throws Exception {
                    Answer a = r.answer;
                    if (a != null) {
                        a.answer(message.getPayload(), message.getProperties());
                    }
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setReceiveMaximum(1000);
            c.connect(o).waitForCompletion(10_000);
            return r;
        }

        void onRequests(String topic, Answer a) throws MqttException {
            answer = a;
            client.subscribe(new MqttSubscription(topic, 1)).waitForCompletion(10_000);
        }

        void stopAnswering() {
            answer = null;
        }

        void send(String topic, byte[] correlation, int index, byte[] bytes) throws MqttException {
            publish(topic, correlation, index, bytes, 1).waitForCompletion(10_000);
        }

        /** Without waiting for the PUBACK: what Paho's callback thread may call. */
        IMqttToken sendAsync(String topic, byte[] correlation, int index, byte[] bytes) throws MqttException {
            return publish(topic, correlation, index, bytes, 0);
        }

        private IMqttToken publish(String topic, byte[] correlation, int index, byte[] bytes, int qos)
                throws MqttException {
            MqttProperties p = new MqttProperties();
            if (correlation != null) {
                p.setCorrelationData(correlation);
            }
            p.setUserProperties(List.of(new UserProperty(BlockRequest.PROP_BLOCK, Integer.toString(index))));
            return client.publish(topic, new MqttMessage(bytes, qos, false, p));
        }

        @Override
        public void close() throws MqttException {
            answer = null;
            client.disconnect().waitForCompletion(5_000);
            client.close(true);
        }
    }
}
