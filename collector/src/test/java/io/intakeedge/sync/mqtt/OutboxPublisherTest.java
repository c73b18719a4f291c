package io.intakeedge.sync.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.intakeedge.collector.Collector;
import io.intakeedge.collector.CollectorConfig;
import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.OutboxSettings;
import io.intakeedge.sync.outbox.Priority;
import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.StatusMessage;
import io.intakeedge.sync.testing.Eventually;
import io.intakeedge.sync.testing.MosquittoProcess;
import io.intakeedge.sync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The drain against real mosquitto brokers, checked by a raw Paho subscriber. */
class OutboxPublisherTest {
    private static final String LOCAL_BROKER = "tcp://127.0.0.1:1883";
    private static final StatusInfo INFO = new StatusInfo("0.1.0-test", "jetson-orin-nano", "bundle-7");

    @TempDir
    Path dir;

    private final String device = "s1-" + UUID.randomUUID().toString().substring(0, 8);

    @ParameterizedTest(name = "gzip={0}")
    @ValueSource(booleans = {false, true})
    void everySeqReachesTheLocalBrokerAlertsFirst(boolean gzip) throws Exception {
        JdbcDataSource ds = dataSource();
        SyncConfig config = SyncConfig.builder(LOCAL_BROKER, "test-site", device).gzip(gzip).batch(100, 64 * 1024)
                .receipts(false).build();
        try (H2Outbox outbox = H2Outbox.open(ds, OutboxSettings.defaults(device));
                RawSubscriber sub = new RawSubscriber(LOCAL_BROKER, "test-site", device)) {
            Set<Long> appended = append(ds, outbox, 2000, 25);
            OutboxPublisher publisher = new OutboxPublisher(outbox, config, INFO);
            publisher.start();
            try {
                assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).as("drained: %s", publisher.status()).isTrue();
                assertThat(Eventually.await(Duration.ofSeconds(60), () -> sub.seqs.size() == appended.size())).isTrue();
                SyncStatus status = publisher.status();
                System.out.printf("gzip=%s: appended %d, subscriber received %d distinct seqs in %d messages; %s%n",
                        gzip, appended.size(), sub.seqs.size(), sub.channels.size(), status);
                assertThat(sub.errors).isEmpty();
                assertThat(sub.seqs).containsExactlyInAnyOrderElementsOf(appended);
                assertThat(sub.channels.get(0)).as("alerts leave first").isEqualTo(Channel.EVENTS);
                assertThat(sub.contentTypes).containsOnly(gzip ? BatchCodec.JSON_GZIP : BatchCodec.JSON);
                assertThat(status.connected()).isTrue();
                assertThat(status.pending()).isZero();
                assertThat(status.acked()).isEqualTo(appended.size());
                assertThat(status.inflightWindow()).isGreaterThan(10);
                assertThat(sub.statuses).anySatisfy(s -> {
                    assertThat(s.state()).isEqualTo(StatusMessage.ONLINE);
                    assertThat(s.agentVersion()).isEqualTo("0.1.0-test");
                    assertThat(s.activeBundle()).isEqualTo("bundle-7");
                });
            } finally {
                publisher.close();
            }
            assertThat(Eventually.await(Duration.ofSeconds(60), () -> !sub.statuses.isEmpty()
                    && sub.statuses.get(sub.statuses.size() - 1).state().equals(StatusMessage.OFFLINE))).isTrue();
        }
    }

    @Test
    void rowsStayWhileTheBrokerIsDownAndLeaveWhenItIsBack() throws Exception {
        JdbcDataSource ds = dataSource();
        try (MosquittoProcess broker = MosquittoProcess.start();
                H2Outbox outbox = H2Outbox.open(ds, OutboxSettings.defaults(device))) {
            // subscribed before the broker goes down, with a session it keeps: the publisher may reconnect and
            // publish the moment the broker is back, before any new subscriber could have subscribed
            String subscriber = "raw-sub-" + device;
            RawSubscriber.persistent(broker.url(), "test-site", device, subscriber).close();
            broker.stop();
            SyncConfig config = SyncConfig.builder(broker.url(), "test-site", device)
                    .reconnect(Duration.ofMillis(100), Duration.ofMillis(800)).connectTimeout(Duration.ofSeconds(2))
                    .receipts(false).build();
            OutboxPublisher publisher = new OutboxPublisher(outbox, config, INFO);
            publisher.start();
            try {
                Set<Long> appended = append(ds, outbox, 500, 50);
                Thread.sleep(1500);
                SyncStatus down = publisher.status();
                System.out.println("broker down: " + down);
                assertThat(down.connected()).isFalse();
                assertThat(down.pending()).isEqualTo(appended.size());
                assertThat(down.lastError()).contains("cannot connect");
                assertThat(down.reconnects()).isGreaterThanOrEqualTo(2);

                broker.restart();
                try (RawSubscriber sub = RawSubscriber.persistent(broker.url(), "test-site", device, subscriber)) {
                    assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isTrue();
                    assertThat(Eventually.await(Duration.ofSeconds(60), () -> sub.seqs.size() == appended.size()))
                            .as("subscriber got %s", sub.seqs.size()).isTrue();
                    System.out.printf("broker back: subscriber received %d of %d seqs; %s%n", sub.seqs.size(),
                            appended.size(), publisher.status());
                    assertThat(sub.seqs).containsExactlyInAnyOrderElementsOf(appended);
                    assertThat(publisher.status().connected()).isTrue();
                }
            } finally {
                publisher.close();
            }
        }
    }

    /**
     * With receipts on, a PUBACK deletes nothing: rows wait for the collector. Without a collector the receipt
     * timeout makes the agent reconnect and send again; once a collector stores the batches, its receipts empty the
     * outbox and the collector holds exactly what was appended.
     */
    @Test
    void withReceiptsRowsStayAfterPubackUntilACollectorStoredThem() throws Exception {
        JdbcDataSource ds = dataSource();
        try (MosquittoProcess broker = MosquittoProcess.start();
                H2Outbox outbox = H2Outbox.open(ds, OutboxSettings.defaults(device));
                RawSubscriber sub = new RawSubscriber(broker.url(), "test-site", device)) {
            SyncConfig config = SyncConfig.builder(broker.url(), "test-site", device)
                    .reconnect(Duration.ofMillis(100), Duration.ofMillis(800)).connectTimeout(Duration.ofSeconds(2))
                    .receiptTimeout(Duration.ofSeconds(1)).build();
            OutboxPublisher publisher = new OutboxPublisher(outbox, config, INFO);
            publisher.start();
            try {
                Set<Long> appended = append(ds, outbox, 500, 50);
                assertThat(Eventually.await(Duration.ofSeconds(60), () -> sub.seqs.size() == appended.size()))
                        .as("the broker took every seq").isTrue();
                assertThat(publisher.status().pending()).as("PUBACKed but unreceipted rows stay")
                        .isEqualTo(appended.size());
                assertThat(Eventually.await(Duration.ofSeconds(60), () -> publisher.status().reconnects() >= 1))
                        .as("receipt timeout reconnects: %s", publisher.status()).isTrue();
                TestDatabase db = TestDatabase.h2(dir);
                CollectorConfig central = CollectorConfig.of(broker.url(), "receipt-test", db.url(), db.user(),
                        db.password()).withShareGroup("");
                try (Collector collector = new Collector(central)) {
                    collector.start();
                    assertThat(publisher.awaitDrained(Duration.ofSeconds(30))).as("%s", publisher.status()).isTrue();
                    System.out.printf("receipts: appended %d, collector stored %d, %s%n", appended.size(),
                            collector.store().items(device), publisher.status());
                    assertThat(collector.store().sequences(device)).containsExactlyInAnyOrderElementsOf(appended);
                    assertThat(publisher.status().acked()).as("deleted by receipts").isEqualTo(appended.size());
                }
            } finally {
                publisher.close();
            }
        }
    }

    private JdbcDataSource dataSource() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(H2Outbox.jdbcUrl(dir.resolve("agent")));
        return ds;
    }

    /** Appends traces (every {@code alertEvery}-th entry an alert event), 50 per transaction. */
    static Set<Long> append(JdbcDataSource ds, H2Outbox outbox, int n, int alertEvery) throws Exception {
        Set<Long> seqs = new HashSet<>();
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            for (int i = 1; i <= n; i++) {
                OutboxEntry entry = i % alertEvery == 0
                        ? new OutboxEntry("event", Priority.ALERT, "{\"type\":\"drift_critical\",\"i\":" + i + "}")
                        : new OutboxEntry("trace", i % 7 == 0 ? Priority.PRIORITY_TRACE : Priority.TRACE,
                                "{\"route\":\"normal_review\",\"i\":" + i + "}");
                seqs.add(outbox.append(tx, entry));
                if (i % 50 == 0) {
                    tx.commit();
                }
            }
            tx.commit();
        }
        return seqs;
    }
}
