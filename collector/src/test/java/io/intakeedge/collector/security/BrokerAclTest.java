package io.intakeedge.collector.security;

import io.intakeedge.collector.BrokerLogin;
import io.intakeedge.collector.Collector;
import io.intakeedge.collector.CollectorConfig;
import io.intakeedge.sync.mqtt.SyncConfig;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.intakeedge.sync.testing.BatchJson.traces;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped broker ACL ({@code deploy/mosquitto/acl}, read from the repository) on a real mosquitto with a
 * password file: station A's credentials can neither publish as station B nor read B's receipts, while the real
 * sync of both stations (outbox, publisher, collector, receipts) works through the same broker.
 */
class BrokerAclTest {
    private static final String SITE = "dock-acl";
    private static final String A = "cam-a";
    private static final String B = "cam-b";
    private static final String PW_A = "a-" + UUID.randomUUID();
    private static final String PW_B = "b-" + UUID.randomUUID();
    private static final String PW_COLLECTOR = "c-" + UUID.randomUUID();
    private static final String PW_FLEET = "f-" + UUID.randomUUID();
    private static final int NOT_AUTHORIZED = 0x87;

    @TempDir
    static Path dir;
    static MosquittoProcess broker;

    @BeforeAll
    static void start() throws Exception {
        broker = LockedBroker.start(dir, Map.of(SITE + "/" + A, PW_A, SITE + "/" + B, PW_B, "collector", PW_COLLECTOR,
                        "fleet", PW_FLEET),
                List.of("acl_file " + LockedBroker.deployed("acl")));
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void stationACannotPublishAsStationBNorReadItsReceiptsWhileTheRealSyncWorks() throws Exception {
        TestDatabase db = TestDatabase.h2(dir.resolve("collector"));
        CollectorConfig central = CollectorConfig.of(broker.url(), "collector-acl", db.url(), db.user(), "")
                .withShareGroup("").withLogin(new BrokerLogin("collector", PW_COLLECTOR, null));
        List<String> seenByA = new CopyOnWriteArrayList<>();
        try (Collector collector = new Collector(central);
             Raw stationA = new Raw(SITE + "/" + A, PW_A)) {
            collector.start();

            // A's credentials subscribe to B's subtree and publish B's seqs 1..3 before the real B does
            int[] granted = stationA.subscribe(seenByA, "intake/v1/" + SITE + "/" + B + "/receipts",
                    "intake/v1/" + SITE + "/" + B + "/#", "intake/v1/#");
            // mosquitto 2.0.11 grants these subscriptions (SUBACK 1) and checks read access per message instead
            System.out.printf("SUBACK reason codes for A on B's receipts, B's subtree, everything: %s%n",
                    java.util.Arrays.toString(granted));
            int forged = stationA.publish("intake/v1/" + SITE + "/" + B + "/traces", traces(SITE, B, 1, 3));
            assertThat(forged).as("PUBACK for a publish as B").isEqualTo(NOT_AUTHORIZED);

            try (Station realA = new Station(dir.resolve("a"), station(A, PW_A));
                 Station realB = new Station(dir.resolve("b"), station(B, PW_B))) {
                List<Long> aSeqs = realA.append(10, "real-a");
                List<Long> bSeqs = realB.append(3, "real-b");
                assertThat(Eventually.await(Duration.ofSeconds(30), () -> realA.publisher().status().acked() == 10
                        && realB.publisher().status().acked() == 3))
                        .as("both stations' rows receipted: A %s, B %s", realA.publisher().status(),
                                realB.publisher().status()).isTrue();
                assertThat(collector.store().sequences(A)).containsExactlyInAnyOrderElementsOf(aSeqs);
                assertThat(collector.store().sequences(B)).containsExactlyInAnyOrderElementsOf(bSeqs);
            }
            assertThat(collector.store().stats().conflicts()).as("the forgery never reached the collector").isZero();
            assertThat(collector.store().stats().deadLetters()).isZero();
            assertThat(collector.store().conflicts(B)).isEmpty();

            // A's own receipts and status are readable with A's credentials: the ACL is not simply closed
            int own = stationA.publish("intake/v1/" + SITE + "/" + A + "/traces", traces(SITE, A, 11, 1));
            assertThat(own).as("PUBACK for A's own topic").isLessThan(0x80);
            assertThat(Eventually.await(Duration.ofSeconds(60), () -> collector.store().sequences(A).contains(11L)))
                    .isTrue();
        }
        assertThat(seenByA).as("A's subscriptions deliver (its own topics)").anyMatch(t -> t.contains("/" + A + "/"));
        assertThat(seenByA).as("A received nothing of B (receipts, traces, status)")
                .noneMatch(topic -> topic.contains("/" + B + "/"));
    }

    @Test
    void aStationCannotPublishUnderAnotherSiteNorWriteReceiptsStatusOrFleetJobsForOthers() throws Exception {
        try (Raw stationA = new Raw(SITE + "/" + A, PW_A)) {
            assertThat(stationA.publish("intake/v1/other-site/" + A + "/traces", traces("other-site", A, 1, 1)))
                    .as("same device id under another site").isEqualTo(NOT_AUTHORIZED);
            assertThat(stationA.publish("intake/v1/" + SITE + "/" + B + "/receipts", "{}"))
                    .as("a receipt for B").isEqualTo(NOT_AUTHORIZED);
            assertThat(stationA.publish("intake/v1/" + SITE + "/" + B + "/status", "{}"))
                    .as("B's retained status").isEqualTo(NOT_AUTHORIZED);
            assertThat(stationA.publish("intake/v1/" + SITE + "/fleet/site/job", "{}"))
                    .as("a site-wide bundle job").isEqualTo(NOT_AUTHORIZED);
            assertThat(stationA.publish("intake/v1/" + SITE + "/" + B + "/bundle/job", "{}"))
                    .as("a bundle job for B").isEqualTo(NOT_AUTHORIZED);
        }
    }

    @Test
    void aStationReadsItsOwnBundleTopicsAndSiteJobsButNotAnotherStations() throws Exception {
        List<String> seenByA = new CopyOnWriteArrayList<>();
        try (Raw stationA = new Raw(SITE + "/" + A, PW_A); Raw fleet = new Raw("fleet", PW_FLEET)) {
            stationA.subscribe(seenByA, "intake/v1/#");
            for (String topic : List.of("intake/v1/" + SITE + "/" + B + "/bundle/job",
                    "intake/v1/" + SITE + "/" + A + "/bundle/job", "intake/v1/" + SITE + "/fleet/site/job")) {
                assertThat(fleet.publish(topic, "{}")).as("fleet publishes %s", topic).isLessThan(0x80);
            }
            assertThat(Eventually.await(Duration.ofSeconds(60), () -> jobs(seenByA).size() >= 2)).as("%s", seenByA)
                    .isTrue();
            Thread.sleep(300); // B's job, had it been delivered, was published first
            assertThat(jobs(seenByA)).containsExactlyInAnyOrder("intake/v1/" + SITE + "/" + A + "/bundle/job",
                    "intake/v1/" + SITE + "/fleet/site/job");
        }
    }

    /** Job topics only: retained status messages of earlier tests arrive on intake/v1/# too. */
    private static List<String> jobs(List<String> topics) {
        return topics.stream().filter(t -> t.endsWith("/job")).toList();
    }

    private static SyncConfig.Builder station(String device, String password) {
        return SyncConfig.builder(broker.url(), SITE, device).credentials(SITE + "/" + device, password);
    }

    /** A bare Paho v5 client with a station's credentials, reporting the broker's reason codes. */
    private static final class Raw implements AutoCloseable {
        private final String user;
        private final String password;
        private final MqttAsyncClient client;

        Raw(String user, String password) throws Exception {
            this.user = user;
            this.password = password;
            client = connected(user, password);
        }

        private static MqttAsyncClient connected(String user, String password) throws MqttException {
            MqttAsyncClient c = new MqttAsyncClient(broker.url(), "raw-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setUserName(user);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            c.connect(options).waitForCompletion(5_000);
            return c;
        }

        int[] subscribe(List<String> seen, String... filters) throws Exception {
            MqttSubscription[] subscriptions = new MqttSubscription[filters.length];
            for (int i = 0; i < filters.length; i++) {
                subscriptions[i] = new MqttSubscription(filters[i], 1);
            }
            client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) { }
                @Override public void mqttErrorOccurred(MqttException e) { }
                @Override public void messageArrived(String topic, MqttMessage message) { seen.add(topic); }
                @Override public void deliveryComplete(IMqttToken token) { }
                @Override public void connectComplete(boolean reconnect, String serverUri) { }
                @Override public void authPacketArrived(int reasonCode, MqttProperties properties) { }
            });
            IMqttToken token = client.subscribe(subscriptions);
            token.waitForCompletion(5_000);
            return token.getReasonCodes();
        }

        /**
         * The PUBACK's reason code. Paho 1.2.5 fails the token of a PUBACK with an error code and then drops the
         * connection, so each publish here uses a connection of its own.
         */
        int publish(String topic, String payload) throws Exception {
            MqttAsyncClient once = connected(user, password);
            try {
                MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false,
                        new MqttProperties());
                IMqttToken token = once.publish(topic, message);
                token.waitForCompletion(5_000);
                return token.getReasonCodes() == null ? 0 : token.getReasonCodes()[0];
            } catch (MqttException e) {
                return e.getReasonCode();
            } finally {
                try {
                    once.disconnectForcibly(0, 1_000, false);
                } catch (MqttException alreadyGoing) {
                    // Paho is already dropping the connection after the failed PUBACK
                }
                once.close(true);
            }
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        }
    }
}
