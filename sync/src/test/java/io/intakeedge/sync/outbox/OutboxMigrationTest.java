package io.intakeedge.sync.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.BatchItem;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent upgraded with rows still in its one-row-per-item outbox (V1) sends them after V2, unchanged. */
class OutboxMigrationTest {
    @TempDir
    Path dir;

    @Test
    void pendingV1RowsBecomeOneItemGroupsThatStillDecode() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        Flyway.configure().dataSource(db.dataSource).locations("classpath:db/migration/sync")
                .table("flyway_sync_history").baselineOnMigrate(true).baselineVersion("0").target("1").load()
                .migrate();
        long createdAt = Instant.parse("2026-11-30T08:15:30.250Z").toEpochMilli();
        try (Connection tx = db.tx()) {
            tx.createStatement().execute("INSERT INTO sync_outbox_sequence VALUES ('station-07', 3)");
            tx.createStatement().execute("INSERT INTO sync_outbox_compaction VALUES ('station-07', 0, 0)");
            tx.createStatement().execute("INSERT INTO sync_outbox (device, seq, priority, channel, kind, created_at_ms,"
                    + " payload_bytes, payload) VALUES ('station-07', 2, 2, 'traces', 'trace', " + createdAt + ", 24,"
                    + " '{\"route\":\"normal_review\"}'), ('station-07', 3, 2, 'traces', 'trace', " + createdAt
                    + ", 11, '{\"a\":\"é\"}'), ('station-07', 1, 0, 'events', 'event', " + createdAt + ", 12,"
                    + " '{\"type\":\"x\"}')");
            tx.commit();
        }
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            assertThat(outbox.pending()).isEqualTo(3);
            OutboxBatch events = outbox.claim(10, 1 << 20).orElseThrow();
            assertThat(events.seqs()).containsExactly(1);
            OutboxBatch traces = outbox.claim(10, 1 << 20).orElseThrow();
            assertThat(traces.groups()).hasSize(2);
            BatchEnvelope decoded = new BatchCodec().decodeBatch(
                    ItemJson.envelope("site-1", "station-07", Instant.now(), traces), BatchCodec.JSON);
            assertThat(decoded.items()).extracting(BatchItem::seq).containsExactly(2L, 3L);
            assertThat(decoded.items()).extracting(BatchItem::createdAt)
                    .containsOnly(Instant.ofEpochMilli(createdAt));
            assertThat(decoded.items()).extracting(BatchItem::payloadJson)
                    .containsExactly("{\"route\":\"normal_review\"}", "{\"a\":\"é\"}");
            try (Connection tx = db.tx()) {
                assertThat(outbox.append(tx, new OutboxEntry("trace", Priority.TRACE, "{}"))).isEqualTo(4);
                tx.commit();
            }
        }
    }
}
