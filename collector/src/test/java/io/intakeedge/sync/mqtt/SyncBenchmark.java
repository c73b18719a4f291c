package io.intakeedge.sync.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.intakeedge.collector.Collector;
import io.intakeedge.collector.CollectorConfig;
import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.OutboxSettings;
import io.intakeedge.sync.outbox.Priority;
import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.EncodedPayload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run against the local mosquitto (127.0.0.1:1883): H2 trace+outbox write rate, the raw Paho QoS 1 publish loop
 * (one trace per message, and pre-encoded batches of the drain's size) and the durable outbox drain.
 *
 * <p>Run: {@code mvn -B -o -pl collector -am test -Dtest=SyncBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=benchmark -DexcludedGroups=none}
 */
@Tag("benchmark")
class SyncBenchmark {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final int TRACES = Integer.getInteger("bench.traces", 20_000);
    private static final int RAW_SINGLE = Integer.getInteger("bench.rawSingle", 10_000);
    private static final int BATCH = 200;
    private static final int TX_BATCH = 100;
    private static final int LARGE_TX = 1000;
    private static final int WARM_UP = 2;
    private static final int MEASURED = 5;

    @TempDir
    Path dir;

    private final String device = "bench-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void writeRawAndDrainSideBySide() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(H2Outbox.jdbcUrl(dir.resolve("agent")));
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TABLE trace (id BIGINT AUTO_INCREMENT PRIMARY KEY, route VARCHAR(32),"
                    + " body VARCHAR)");
        }
        String trace = traceJson();
        SyncConfig config = SyncConfig.builder(BROKER, "bench", device).batch(BATCH, 1 << 20).receipts(false).build();
        try (H2Outbox outbox = H2Outbox.open(ds, OutboxSettings.defaults(device))) {
            double writeSingle = print("write 1/tx", write(ds, outbox, trace, 2_000, 1));
            clear(outbox);
            double writeBatched = print("write " + TX_BATCH + "/tx", write(ds, outbox, trace, TRACES / 2, TX_BATCH));
            double drainRows = print("drain, one row per trace", drain(outbox, config));
            double rawSingle = print("raw 1/msg", rawLoop(trace, RAW_SINGLE, 1));
            // side by side, round by round: grouped write, raw loop at the drain's batch size, drain of those rows.
            // The first rounds warm the JIT (a 20k-trace drain is only 100 messages); the median of the rest counts,
            // and the ratio is taken per round, so both sides of it saw the same load
            Rounds rounds = new Rounds();
            for (int r = 1; r <= WARM_UP + MEASURED; r++) {
                String tag = r <= WARM_UP ? " (warm-up " + r + ")" : " (round " + (r - WARM_UP) + ")";
                double w = print("write " + TX_BATCH + "/tx grouped" + tag, writeGrouped(ds, outbox, trace, TRACES,
                        TX_BATCH));
                double raw = print("raw " + BATCH + "/msg" + tag, rawLoop(trace, TRACES, BATCH));
                double d = print("drain" + tag, drain(outbox, config));
                if (r > WARM_UP) {
                    rounds.add(w, raw, d);
                }
            }
            double[] endToEnd = drainWithReceipts(outbox, config, () -> print("write " + LARGE_TX + "/tx grouped",
                    writeGrouped(ds, outbox, trace, TRACES, LARGE_TX)));
            System.out.printf("%n=== sync benchmark (%d traces of %d bytes, broker %s, window = broker receive max;"
                    + " medians of %d rounds after %d warm-up rounds) ===%n", TRACES, trace.length(), BROKER, MEASURED,
                    WARM_UP);
            System.out.printf("H2 trace+outbox write, 1 trace/tx (append)         : %,10.0f traces/s%n", writeSingle);
            System.out.printf("H2 trace+outbox write, %d traces/tx (append each) : %,10.0f traces/s%n", TX_BATCH,
                    writeBatched);
            System.out.printf("  JDBC batch + appendAll, %d traces/tx  (grouped) : %,10.0f traces/s%n", TX_BATCH,
                    rounds.median(0));
            System.out.printf("  JDBC batch + appendAll, %d traces/tx (grouped) : %,10.0f traces/s%n", LARGE_TX,
                    endToEnd[2]);
            System.out.printf("raw Paho QoS1 loop, 1 trace/message      : %,10.0f traces/s%n", rawSingle);
            System.out.printf("raw Paho QoS1 loop, %d traces/message   : %,10.0f traces/s%n", BATCH, rounds.median(1));
            System.out.printf("outbox drain of %d single-trace rows (append each), %d/msg: %,10.0f traces/s%n",
                    TRACES / 2, BATCH, drainRows);
            System.out.printf("outbox drain (claim, publish, PUBACK, delete) of the %d/tx groups, %d/msg: %,10.0f"
                    + " traces/s%n", TX_BATCH, BATCH, rounds.median(2));
            System.out.printf("outbox drain with receipts of the %d/tx groups (until the collector's receipts deleted"
                    + " every row, collector on H2): %,10.0f traces/s (first, fresh collector: %,.0f)%n", LARGE_TX,
                    endToEnd[1], endToEnd[0]);
            System.out.printf("  same, envelopes gzip-compressed (sync.gzip: true)                        : %,10.0f"
                    + " traces/s%n", endToEnd[3]);
            System.out.printf("drain / raw %d-per-message (same batch size, median of per-round ratios) = %.2fx%n",
                    BATCH, rounds.medianRatio());
        }
    }

    /** Figures of the measured rounds: {write, raw, drain} each. */
    private static final class Rounds {
        private final List<double[]> rows = new ArrayList<>();

        void add(double write, double raw, double drain) {
            rows.add(new double[] {write, raw, drain});
        }

        double median(int column) {
            return median(rows.stream().mapToDouble(row -> row[column]).toArray());
        }

        double medianRatio() {
            return median(rows.stream().mapToDouble(row -> row[2] / row[1]).toArray());
        }

        static double median(double[] values) {
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            return sorted[sorted.length / 2];
        }
    }

    /** Deletes everything pending without sending it. */
    private static void clear(H2Outbox outbox) throws Exception {
        for (var batch = outbox.claim(10_000, Long.MAX_VALUE); batch.isPresent();
                batch = outbox.claim(10_000, Long.MAX_VALUE)) {
            outbox.acknowledge(batch.get());
        }
        assertThat(outbox.pending()).isZero();
    }

    private static double print(String what, double rate) {
        System.out.printf("  %s: %,.0f traces/s%n", what, rate);
        return rate;
    }

    /** Trace row + outbox row per trace, {@code perTx} traces per transaction. */
    private static double write(JdbcDataSource ds, H2Outbox outbox, String trace, int n, int perTx) throws Exception {
        long start = System.nanoTime();
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            try (PreparedStatement insert = tx.prepareStatement("INSERT INTO trace (route, body) VALUES (?, ?)")) {
                for (int i = 1; i <= n; i++) {
                    insert.setString(1, "normal_review");
                    insert.setString(2, trace);
                    insert.executeUpdate();
                    outbox.append(tx, new OutboxEntry("trace", Priority.TRACE, trace));
                    if (i % perTx == 0) {
                        tx.commit();
                    }
                }
            }
            tx.commit();
        }
        return n / seconds(start);
    }

    /** Group commit: trace rows as one JDBC batch and {@link H2Outbox#appendAll} per transaction (one group row). */
    private static double writeGrouped(JdbcDataSource ds, H2Outbox outbox, String trace, int n, int perTx)
            throws Exception {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < perTx; i++) {
            entries.add(new OutboxEntry("trace", Priority.TRACE, trace));
        }
        long start = System.nanoTime();
        try (Connection tx = ds.getConnection()) {
            tx.setAutoCommit(false);
            try (PreparedStatement insert = tx.prepareStatement("INSERT INTO trace (route, body) VALUES (?, ?)")) {
                for (int done = 0; done < n; done += perTx) {
                    for (int i = 0; i < perTx; i++) {
                        insert.setString(1, "normal_review");
                        insert.setString(2, trace);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    outbox.appendAll(tx, entries);
                    tx.commit();
                }
            }
        }
        return n / seconds(start);
    }

    /** Plain Paho QoS 1 publishing of pre-encoded envelopes, window = broker receive maximum. */
    private double rawLoop(String trace, int traces, int perMessage) throws Exception {
        BatchCodec codec = new BatchCodec();
        List<BatchItem> items = new ArrayList<>();
        for (int i = 1; i <= perMessage; i++) {
            items.add(new BatchItem(i, "trace", Instant.now(), trace));
        }
        EncodedPayload payload = codec.encode(BatchEnvelope.of("bench", device, Instant.now(), items), false);
        MqttAsyncClient client = new MqttAsyncClient(BROKER, "raw-" + device, new MemoryPersistence());
        IMqttToken connect = client.connect(new MqttConnectionOptions());
        connect.waitForCompletion(10_000);
        Integer max = connect.getResponseProperties().getReceiveMaximum();
        Semaphore window = new Semaphore(max == null ? 1000 : max);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        int messages = traces / perMessage;
        String topic = "intake/v1/bench/" + device + "/raw";
        long start = System.nanoTime();
        for (int i = 0; i < messages; i++) {
            window.acquire();
            client.publish(topic, payload.bytes(), 1, false, null, release);
        }
        window.acquire(max == null ? 1000 : max); // all PUBACKs in
        double rate = (double) messages * perMessage / seconds(start);
        client.disconnect().waitForCompletion();
        client.close();
        return rate;
    }

    /**
     * Rate from the first claim (the connection is up) to the delete of the last row, as the raw loop is timed from
     * its connection to its last PUBACK. Progress is read from memory ({@link CountingDrain}):
     * {@link OutboxPublisher#status()} sums the outbox table, and polling it every 2 ms took more CPU than the drain
     * itself on the 2-core machine.
     */
    private double drain(H2Outbox outbox, SyncConfig config) throws Exception {
        long pending = outbox.pending();
        CountingDrain counted = new CountingDrain(outbox, pending);
        OutboxPublisher publisher = new OutboxPublisher(counted, config, new StatusInfo("bench", "bench", null));
        long start = System.nanoTime();
        long lastPrint = start;
        publisher.start();
        try {
            while (!counted.done()) {
                if (System.nanoTime() - lastPrint > 5e9) {
                    System.out.println("  ... " + publisher.status());
                    lastPrint = System.nanoTime();
                }
                assertThat(seconds(start)).as("drain finished within 5 min: %s", publisher.status()).isLessThan(300);
                Thread.sleep(2);
            }
            assertThat(outbox.pending()).as("outbox empty after the drain").isZero();
            System.out.printf("    (from start() with its connect: %,.0f traces/s)%n",
                    pending / ((counted.doneNanos() - start) / 1e9));
            return counted.rate();
        } finally {
            publisher.close();
        }
    }

    /** Writes the traces a drain sends. */
    private interface Writer {
        double write() throws Exception;
    }

    /**
     * The drain in receipt mode against a collector (H2 file, plain subscription to this device's topics): rows are
     * deleted only when the collector's receipts name them, so this is the end-to-end rate agent -> broker ->
     * collector database -> receipt. Rounds against one collector, each after {@code writer} filled the outbox: the
     * first with a fresh collector, then {@link #MEASURED} more, then as many with gzip. Returns {first, median of the
     * rest, median write, median with gzip}.
     */
    private double[] drainWithReceipts(H2Outbox outbox, SyncConfig pubackConfig, Writer writer) throws Exception {
        SyncConfig config = SyncConfig.builder(BROKER, "bench", device).batch(pubackConfig.batchMaxItems(),
                pubackConfig.batchMaxBytes()).build();
        CollectorConfig central = new CollectorConfig(BROKER, "bench-collector-" + device, "",
                "intake/v1/bench/" + device + "/+", "jdbc:h2:file:" + dir.resolve("collector").toAbsolutePath(), "sa",
                "", CollectorConfig.DEFAULT_MAX_PAYLOAD_BYTES, Duration.ofSeconds(30), Duration.ofMinutes(5));
        try (Collector collector = new Collector(central)) {
            collector.start();
            writer.write();
            double first = print("drain with receipts (fresh collector)", drain(outbox, config));
            double[] writes = new double[MEASURED];
            double[] drains = new double[MEASURED];
            for (int r = 0; r < MEASURED; r++) {
                writes[r] = writer.write();
                drains[r] = print("drain with receipts (round " + (r + 1) + ")", drain(outbox, config));
            }
            // gzip (sync.gzip): a fifth of the bytes through the collector's MQTT receiver, which copies every
            // incoming byte on its own (Paho 1.2.5), for deflate on the station and inflate centrally
            SyncConfig gzip = SyncConfig.builder(BROKER, "bench", device).batch(pubackConfig.batchMaxItems(),
                    pubackConfig.batchMaxBytes()).gzip(true).build();
            double[] gzipped = new double[MEASURED];
            for (int r = 0; r < MEASURED; r++) {
                writer.write();
                gzipped[r] = print("drain with receipts, gzip (round " + (r + 1) + ")", drain(outbox, gzip));
            }
            System.out.printf("  collector: %d messages in %d transactions%n", collector.messagesHandled(),
                    collector.ingestTransactions());
            return new double[] {first, Rounds.median(drains), Rounds.median(writes), Rounds.median(gzipped)};
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A trace of realistic size: route, gate metrics, scores, bundle, timings. */
    private static String traceJson() {
        String json = "{\"trace_id\":\"7f3c2a9e-1b4d-4c8e-9a61-2f0e5d7b8c31\",\"parcel_id\":\"PX-2026-11-23-004211\","
                + "\"camera\":\"cam-0\",\"captured_at\":\"2026-11-23T09:40:59.001Z\",\"route\":\"normal_review\","
                + "\"gate\":{\"passed\":true,\"blur\":182.4,\"brightness\":0.47,\"overexposed\":0.003,"
                + "\"underexposed\":0.011,\"parcel_visible\":0.97,\"parcel_complete\":true,\"reasons\":[]},"
                + "\"inference\":{\"bundle\":\"damage-int8-2026.11.2\",\"backend\":\"xnnpack\",\"scores\":"
                + "{\"intact\":0.91,\"damaged\":0.09},\"latency_ms\":11.8},\"thresholds\":{\"damage\":0.6,"
                + "\"uncertain_low\":0.35},\"timings_ms\":{\"capture\":4.1,\"gate\":2.7,\"preprocess\":1.3,"
                + "\"inference\":11.8,\"total\":21.4},\"device_profile\":\"jetson-orin-nano\"}";
        return new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
