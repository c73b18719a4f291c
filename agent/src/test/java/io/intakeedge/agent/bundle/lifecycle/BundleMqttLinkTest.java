package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.ArchiveFixtures;
import io.intakeedge.agent.bundle.archive.TrustedKeys;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.sync.mqtt.SyncConfig;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands and states over the machine's real mosquitto (127.0.0.1:1883): an unsigned command is refused with its
 * reason on the retained state topic and changes nothing; a signed promote from an operator key goes through.
 */
class BundleMqttLinkTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final Duration RELAXED_WINDOW = Duration.ofMinutes(5);

    @TempDir
    Path tmp;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    @Test
    void unsignedCommandIsRefusedAndASignedPromoteIsCarriedOut() throws Exception {
        String site = "lt-" + UUID.randomUUID().toString().substring(0, 8);
        KeyPair bundleKey = ArchiveFixtures.keyPair();
        KeyPair operator = ArchiveFixtures.keyPair();
        TrustedKeys operators = TrustedKeys.of(List.of(ArchiveFixtures.writePublic(tmp.resolve("op.pub"), operator)));
        SyncConfig sync = SyncConfig.builder(BROKER, site, "station-07").build();
        try (AgentDatabase db = AgentDatabase.open(tmp.resolve("data"))) {
            new TraceStore(db);
            CommandVerifier verifier = new CommandVerifier(operators, site, "station-07", new H2NonceLedger(db));
            // the rig's station is dock-a/station-07; this link speaks for site/station-07 on the broker
            BundleMqttLink link = new BundleMqttLink(sync, verifier, Clock.systemUTC());
            HealthPolicy relaxed = new HealthPolicy(30, RELAXED_WINDOW, 10, 0.05, 0.6, 60_000, 0.1, 1.0);
            try (LifecycleRig rig = new LifecycleRig(tmp.resolve("rig"), bundleKey, relaxed, link);
                 Observer observer = new Observer(BundleMqttLink.stateTopic(site, "station-07"))) {
                link.start(rig.lifecycle);
                assertThat(rig.lifecycle.offer(Candidates.archive(tmp, bundleKey, "1.1.0", 2, "0.70", false),
                        new BundleLifecycle.Job("job-mqtt", 0)).get(2, TimeUnit.MINUTES).state())
                        .isEqualTo(LifecycleState.SHADOW);
                assertThat(observer.await(s -> s.contains("\"state\":\"shadow\""))).isTrue();
                rig.frames(3);

                Instant now = Instant.now();
                BundleCommand promote = new BundleCommand(BundleCommand.SCHEMA, "promote", "cmd-mqtt-1", site,
                        "station-07", null, null, now, now.plusSeconds(120), UUID.randomUUID().toString());
                observer.send(BundleMqttLink.commandTopic(site, "station-07"),
                        SignedCommand.of(promote.toBytes(), null, null).toBytes());
                String refused = observer.awaitText(s -> s.contains("\"reason\":\"unsigned\""));
                assertThat(refused).contains("\"state\":\"shadow\"").contains("\"stage\":\"command\"")
                        .contains("\"rollout_id\":\"cmd-mqtt-1\"");
                assertThat(rig.store.active().orElseThrow().name()).isEqualTo("parcel-damage-demo@1.0.0");

                observer.send(BundleMqttLink.commandTopic(site, "station-07"),
                        CommandVerifierTest.signed(promote, operator));
                assertThat(observer.await(s -> s.contains("\"state\":\"watching\""))).isTrue();
                assertThat(rig.store.active().orElseThrow().name()).isEqualTo("parcel-damage-demo@1.1.0");
            } finally {
                link.close();
            }
        }
    }

    /** A plain MQTT client: sends commands, collects the state topic (retained included). */
    private static final class Observer implements AutoCloseable {
        private final MqttClient client;
        private final BlockingQueue<String> states = new LinkedBlockingQueue<>();
        private final String topic;

        Observer(String topic) throws Exception {
            this.topic = topic;
            client = new MqttClient(BROKER, "observer-" + UUID.randomUUID(), null);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            client.connect(o);
            // Paho 1.2.5's subscribe(topic, qos, listener) recurses forever: subscribe with listener arrays
            client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)},
                    new IMqttMessageListener[] {(t, m) -> states.add(new String(m.getPayload(),
                            StandardCharsets.UTF_8))});
        }

        void send(String commandTopic, byte[] payload) throws Exception {
            client.publish(commandTopic, new MqttMessage(payload, 1, false, null));
        }

        boolean await(java.util.function.Predicate<String> match) throws InterruptedException {
            return awaitText(match) != null;
        }

        String awaitText(java.util.function.Predicate<String> match) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                String s = states.poll(200, TimeUnit.MILLISECONDS);
                if (s != null && match.test(s)) {
                    return s;
                }
            }
            return null;
        }

        @Override
        public void close() throws Exception {
            client.publish(topic, new MqttMessage(new byte[0], 1, true, null)); // clear the retained state
            client.disconnect();
            client.close();
        }
    }
}
