package io.intakeedge.collector;

import io.intakeedge.collector.HostileCorpus.Hostile;
import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.RawPublisher;
import io.intakeedge.sync.testing.TestDatabase;
import java.net.InetSocketAddress;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.intakeedge.sync.testing.BatchJson.gzip;
import static io.intakeedge.sync.testing.BatchJson.topic;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static io.intakeedge.sync.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated corpus of hostile messages ({@link HostileCorpus}) replayed over the real mosquitto into a real
 * collector, with valid batches and a forgery interleaved: the collector survives all of it, every bad message is a
 * dead letter with the expected reason, every valid item is stored, the forgery is a counted conflict.
 */
class HostileCorpusTest {
    private static final int MAX_WIRE_BYTES = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void everyHostileMessageIsDeadLetteredWithItsReasonAndEveryValidOneStored(TestDatabase.Kind kind) throws Exception {
        String site = "hx" + UUID.randomUUID().toString().substring(0, 8);
        List<Hostile> corpus = HostileCorpus.generate(site, MAX_WIRE_BYTES);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        MosquittoProcess own = brokerOn1883() ? null : MosquittoProcess.start();
        String url = own == null ? "tcp://127.0.0.1:1883" : own.url();
        try (TestDatabase db = TestDatabase.create(kind, dir);
             Collector collector = new Collector(config(url, site, db));
             RawPublisher publisher = new RawPublisher(url, site + "-pub")) {
            collector.start();
            long valid = 0;
            int published = 0;
            for (int i = 0; i < corpus.size(); i++) {
                Hostile h = corpus.get(i);
                publish(publisher, h.topic(), h.payload(), h.contentType());
                published++;
                if (i % 3 == 0) { // interleave the station's real traffic, plain and compressed
                    valid++;
                    String batch = traces(site, "good", valid, 1);
                    boolean zip = valid % 2 == 0;
                    publish(publisher, topic(site, "good", "traces"), zip ? gzip(batch) : utf8(batch),
                            zip ? HostileCorpus.GZIP : null);
                    published++;
                }
            }
            // a forger publishes seq 1..3 of "victim" before the station does
            String real = traces(site, "victim", 1, 3);
            publish(publisher, topic(site, "victim", "traces"), utf8(real.replace("normal_review", "forged")), null);
            publish(publisher, topic(site, "victim", "traces"), utf8(real), null);
            int total = published + 2;

            assertThat(await(WAIT, () -> collector.messagesHandled() >= total))
                    .as("all %d messages handled (handled %d)", total, collector.messagesHandled()).isTrue();
            Map<String, DeadLetter> letters = collector.store().deadLetters(corpus.size() * 2).stream()
                    .collect(Collectors.toMap(DeadLetter::topic, l -> l));
            Map<String, Long> byReason = new TreeMap<>();
            Map<String, String> wrong = new HashMap<>();
            for (Hostile h : corpus) {
                DeadLetter letter = letters.get(h.topic());
                String got = letter == null ? "NOT DEAD-LETTERED" : letter.reason();
                byReason.merge(got, 1L, Long::sum);
                if (!h.reason().equals(got) || letter.detail().isBlank()) {
                    wrong.put(h.what() + " on " + h.topic(), "expected " + h.reason() + ", got " + got
                            + (letter == null ? "" : " (" + letter.detail() + ")"));
                }
            }
            CollectorStats stats = collector.store().stats();
            System.out.printf("hostile corpus (%s, broker %s): %d bad messages -> %d dead letters %s; %d valid interleaved ->"
                    + " %d stored; forgery -> %d conflicts; collector connected: %s%n", kind, url, corpus.size(),
                    stats.deadLetters(), byReason, valid, collector.store().items("good"), stats.conflicts(),
                    collector.isConnected());
            assertThat(wrong).as("messages without their expected dead letter").isEmpty();
            assertThat(stats.deadLetters()).isEqualTo(corpus.size());
            assertThat(collector.store().sequences("good"))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, valid).boxed().toList());
            assertThat(collector.store().gaps("good")).isEmpty();
            assertThat(stats.conflicts()).isEqualTo(3);
            assertThat(collector.store().conflicts("victim")).hasSize(3);
            assertThat(collector.isConnected()).as("the collector is still up").isTrue();
        } finally {
            if (own != null) {
                own.close();
            }
        }
    }

    /** Publishes QoS 1; Paho's window can still count a just-acknowledged message, so wait for it briefly. */
    private static void publish(RawPublisher publisher, String topic, byte[] payload, String contentType)
            throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                publisher.publish(topic, payload, contentType);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt == 500) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    private static CollectorConfig config(String url, String site, TestDatabase db) {
        // only this test's site: the shared broker may carry other tests' traffic
        return new CollectorConfig(url, site + "-collector", site, "intake/v1/" + site + "/+/+", db.url(), db.user(),
                "", MAX_WIRE_BYTES, Duration.ofSeconds(30), Duration.ofMinutes(5));
    }

    private static boolean brokerOn1883() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 1883), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
