package io.intakeedge.collector;

import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.RawPublisher;
import io.intakeedge.sync.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

import static io.intakeedge.sync.testing.BatchJson.topic;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static io.intakeedge.sync.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10 item 7: two collectors in one share group on a real mosquitto, one stopped; every message must still be
 * stored well within the stations' receipt timeout (30 s by default). The publisher is a bare client that never
 * re-sends, so only the broker's routing can pass this: with the old persistent sessions the stopped collector's
 * session kept its round-robin share (a live collector stored 5 of 10) until the stations re-sent 30-60 s later.
 */
class StoppedCollectorTest {
    private static final String SITE = "dock-stop";
    private static final Duration WITHIN = Duration.ofSeconds(10); // a third of the default receipt timeout

    @Test
    void aStoppedMemberOfTheShareGroupHoldsNothingBack() throws Exception {
        List<Long> stored = run(CollectorConfig::withShareGroup, "cam-default");
        assertThat(stored).as("all 10 stored by the live collector within %s", WITHIN)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
    }

    @Test
    void withPersistentSessionsMosquittoGivesTheStoppedMemberItsShare() throws Exception {
        // the measured reason for the default: what the old setting did (mosquitto 2.0.11)
        List<Long> stored = run((c, g) -> c.withShareGroup(g).withSessionExpiry(Duration.ofDays(1)), "cam-persist");
        assertThat(stored).as("held back in the stopped collector's session").hasSizeLessThan(10);
    }

    private interface Grouping {
        CollectorConfig apply(CollectorConfig base, String group);
    }

    private static List<Long> run(Grouping grouping, String device) throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(); TestDatabase db = TestDatabase.postgres()) {
            CollectorConfig live = grouping.apply(CollectorConfig.of(broker.url(), "collector-live", db.url(),
                    db.user(), ""), "stop-test");
            CollectorConfig stopped = grouping.apply(CollectorConfig.of(broker.url(), "collector-stopped", db.url(),
                    db.user(), ""), "stop-test");
            try (Collector first = new Collector(live)) {
                first.start();
                try (Collector second = new Collector(stopped)) {
                    second.start();
                } // stopped: orderly disconnect
                try (RawPublisher station = new RawPublisher(broker.url(), "raw-" + device)) {
                    for (long seq = 1; seq <= 10; seq++) {
                        station.publish(topic(SITE, device, "traces"), utf8(traces(SITE, device, seq, 1)), null);
                    }
                }
                await(WITHIN, () -> first.store().sequences(device).size() == 10);
                List<Long> stored = first.store().sequences(device);
                System.out.printf("share group, %s, one collector stopped: live collector stored %d of 10 within %s,"
                        + " gaps %s%n", live.cleanStart() ? "clean start" : "persistent sessions", stored.size(),
                        WITHIN, first.store().gaps(device));
                return stored;
            }
        }
    }
}
