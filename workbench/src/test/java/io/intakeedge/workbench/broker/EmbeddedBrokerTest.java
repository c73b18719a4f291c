package io.intakeedge.workbench.broker;

import io.intakeedge.collector.Collector;
import io.intakeedge.collector.CollectorConfig;
import io.intakeedge.sync.testing.RawPublisher;
import io.intakeedge.sync.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;

import static io.intakeedge.sync.testing.BatchJson.topic;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static io.intakeedge.sync.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo's in-process broker carries the collector's shared subscription and cleans up after itself. */
class EmbeddedBrokerTest {

    @TempDir
    Path dir;

    @Test
    void collectorReceivesThroughEmbeddedHiveMqAndTheBrokerCleansUp() throws Exception {
        Path workDir;
        int port;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0, false)) {
            port = broker.port();
            workDir = broker.workDir();
            assertThat(workDir.resolve("conf/config.xml")).exists();
            TestDatabase db = TestDatabase.h2(dir);
            CollectorConfig config = CollectorConfig.of(broker.url(), "collector-embedded", db.url(), db.user(), "");
            try (Collector collector = new Collector(config);
                 RawPublisher agent = new RawPublisher(broker.url(), "agent-embedded")) {
                collector.start();
                for (int b = 0; b < 5; b++) {
                    agent.publish(topic("demo", "cam-e", "traces"), utf8(traces("demo", "cam-e", b * 10L + 1, 10)),
                            "application/json");
                }
                assertThat(await(Duration.ofSeconds(20), () -> collector.store().items("cam-e") == 50)).isTrue();
                assertThat(collector.store().sequences("cam-e"))
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
            }
        }
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .as("port %d closed after close()", port).isInstanceOf(java.net.ConnectException.class);
        assertThat(Files.exists(workDir)).isFalse();
    }
}
