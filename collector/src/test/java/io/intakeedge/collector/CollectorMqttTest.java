package io.intakeedge.collector;

import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.RawPublisher;
import io.intakeedge.sync.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static io.intakeedge.sync.testing.BatchJson.gzip;
import static io.intakeedge.sync.testing.BatchJson.topic;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static io.intakeedge.sync.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The collector against a real mosquitto: bad input over the wire, and shared subscriptions splitting the load. */
class CollectorMqttTest {

    private static final String SITE = "dock-b";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static MosquittoProcess broker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = MosquittoProcess.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void badMessagesOverMqttAreDeadLetteredAndTheCollectorKeepsGoing() throws Exception {
        String device = "cam-bad";
        String traces = topic(SITE, device, "traces");
        TestDatabase db = TestDatabase.h2(dir);
        CollectorConfig config = CollectorConfig.of(broker.url(), "collector-bad", db.url(), db.user(), "")
                .withMaxPayloadBytes(2048).withShareGroup("bad-input");
        try (Collector collector = new Collector(config); RawPublisher agent = new RawPublisher(broker.url(), "raw-1")) {
            collector.start();
            agent.publish(traces, utf8("{not json"), "application/json");
            agent.publish(traces, utf8(traces(SITE, device, 1, 40)), "application/json");           // oversized
            agent.publish(traces, utf8(traces(SITE, device, 1, 3).replace("batch/1", "batch/9")), null);
            agent.publish(traces, Arrays.copyOf(gzip(traces(SITE, device, 1, 3)), 15), "application/json+gzip");
            agent.publish(traces, gzip(traces(SITE, device, 1, 3)), "application/json+gzip");       // valid

            assertThat(await(WAIT, () -> collector.messagesHandled() == 5)).as("5 messages handled").isTrue();
            CollectorStats stats = collector.store().stats();
            assertThat(stats.deadLetters()).isEqualTo(4);
            assertThat(collector.store().deadLetters(10)).extracting(DeadLetter::reason)
                    .containsExactly("undecodable", "wrong_schema", "oversized", "malformed");
            assertThat(collector.store().sequences(device)).containsExactly(1L, 2L, 3L);
            assertThat(collector.isConnected()).isTrue();
        }
    }

    @Test
    void twoCollectorsInOneShareGroupSplitTheMessagesAndTogetherStoreAll() throws Exception {
        String device = "cam-shared";
        int batches = 40;
        try (TestDatabase db = TestDatabase.postgres();
             Collector first = new Collector(shared("collector-a", db));
             Collector second = new Collector(shared("collector-b", db));
             RawPublisher agent = new RawPublisher(broker.url(), "raw-2")) {
            first.start();
            second.start();
            for (int b = 0; b < batches; b++) {
                agent.publish(topic(SITE, device, "traces"), utf8(traces(SITE, device, b * 5L + 1, 5)), null);
            }

            assertThat(await(WAIT, () -> first.messagesHandled() + second.messagesHandled() == batches)).isTrue();
            System.out.printf("shared subscription: collector-a %d, collector-b %d messages%n",
                    first.messagesHandled(), second.messagesHandled());
            assertThat(first.messagesHandled()).isPositive();
            assertThat(second.messagesHandled()).isPositive();
            Set<Long> stored = new HashSet<>(first.store().sequences(device));
            assertThat(stored).isEqualTo(Set.copyOf(LongStream.rangeClosed(1, batches * 5L).boxed().toList()));
            assertThat(first.store().stats().duplicates()).isZero();
            assertThat(first.store().gaps(device)).isEqualTo(List.of());
        }
    }

    @Test
    void startWithoutBrokerFailsAndLeavesNothingOpen() throws Exception {
        TestDatabase db = TestDatabase.h2(dir);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Collector collector = new Collector(CollectorConfig.of("tcp://127.0.0.1:" + closedPort, "collector-nobroker",
                db.url(), db.user(), ""));
        assertThatThrownBy(collector::start).isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
        assertThat(collector.isConnected()).isFalse();
        assertThatThrownBy(collector::store).isInstanceOf(IllegalStateException.class);
        collector.close();
    }

    private static CollectorConfig shared(String clientId, TestDatabase db) {
        return CollectorConfig.of(broker.url(), clientId, db.url(), db.user(), "").withShareGroup("split");
    }
}
