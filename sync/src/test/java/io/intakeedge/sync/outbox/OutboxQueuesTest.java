package io.intakeedge.sync.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.Channel;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claim cursors on a real H2 file, written through {@link H2Outbox#appendAll}. */
class OutboxQueuesTest {
    @TempDir
    Path dir;

    @Test
    void claimsWholeGroupsWithinTheLimitsButAlwaysOne() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"));
                OutboxQueues queues = new OutboxQueues(new RenewableConnection(db.dataSource, true, "claim"), "station-07")) {
            commitGroup(db, outbox, 30); // seqs 1..30
            commitGroup(db, outbox, 30); // 31..60
            commitGroup(db, outbox, 150); // 61..210: split at the group limit, 61..160 and 161..210

            OutboxBatch two = claim(queues, 70, 1 << 20).orElseThrow();
            assertThat(two.groups()).extracting(OutboxGroup::firstSeq).containsExactly(1L, 31L);
            assertThat(two.itemCount()).isEqualTo(60);
            OutboxBatch big = claim(queues, 10, 1 << 20).orElseThrow();
            assertThat(big.firstSeq()).as("a group larger than maxItems goes alone, never split").isEqualTo(61);
            assertThat(big.lastSeq()).isEqualTo(61 + OutboxAppender.GROUP_MAX_ITEMS - 1);
            OutboxBatch last = claim(queues, 1000, 1).orElseThrow();
            assertThat(last.seqs()).as("maxBytes still lets one group through").hasSize(50).startsWith(161L);
            assertThat(claim(queues, 1000, 1 << 20)).isEmpty();

            queues.rewind();
            OutboxBatch again = claim(queues, 1000, two.payloadBytes() + 1).orElseThrow();
            assertThat(again.seqs()).as("after a rewind the first bytes again").containsExactly(two.seqs());
            assertThat(again.payloadBytes()).isEqualTo(two.payloadBytes())
                    .isEqualTo(db.count("SELECT SUM(payload_bytes) FROM sync_outbox WHERE seq IN (1, 31)"));
        }
    }

    @Test
    void queuesAreSeparateAndMixedAppendsSplitIntoRuns() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"));
                OutboxQueues queues = new OutboxQueues(new RenewableConnection(db.dataSource, true, "claim"), "station-07")) {
            try (Connection tx = db.tx()) {
                outbox.appendAll(tx, List.of(trace(Priority.TRACE), trace(Priority.TRACE),
                        trace(Priority.PRIORITY_TRACE), trace(Priority.TRACE), event()));
                tx.commit();
            }
            assertThat(db.count("SELECT COUNT(*) FROM sync_outbox")).as("runs 1-2, 3, 4, 5").isEqualTo(4);
            assertThat(queues.claim(Priority.ALERT, Channel.EVENTS, 100, 1 << 20).orElseThrow().seqs())
                    .containsExactly(5);
            assertThat(queues.claim(Priority.PRIORITY_TRACE, Channel.TRACES, 100, 1 << 20).orElseThrow().seqs())
                    .containsExactly(3);
            assertThat(queues.claim(Priority.TRACE, Channel.TRACES, 100, 1 << 20).orElseThrow().seqs())
                    .containsExactly(1, 2, 4);
            assertThat(queues.claim(Priority.TRACE, Channel.DRIFT, 100, 1 << 20)).isEmpty();
        }
    }

    @Test
    void uncommittedRowsAreInvisibleAndAwaitOpenAppendsWaitsForTheCommit() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"));
                Connection tx = db.tx()) {
            List<String> events = new ArrayList<>();
            outbox.onAppend(() -> events.add("appended"));
            outbox.append(tx, trace(Priority.TRACE));
            assertThat(events).as("the listener runs on append, before the commit").containsExactly("appended");
            assertThat(outbox.claim(10, 1 << 20)).isEmpty();
            CompletableFuture<Long> committed = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(300);
                    long started = System.nanoTime();
                    tx.commit();
                    return started;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            outbox.awaitOpenAppends();
            long returned = System.nanoTime();
            assertThat(returned).as("returns only once the commit ran").isGreaterThanOrEqualTo(
                    committed.get(10, TimeUnit.SECONDS));
            assertThat(outbox.claim(10, 1 << 20).orElseThrow().seqs()).containsExactly(1);
        }
    }

    @Test
    void compactionSeesTheTraceCursorAndRewindsTheSummaryQueue() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"));
                OutboxQueues queues = new OutboxQueues(new RenewableConnection(db.dataSource, true, "claim"), "station-07")) {
            commitGroup(db, outbox, 30);
            insertSummary(db, 40);
            queues.claim(Priority.TRACE, Channel.TRACES, 4, 1 << 20).orElseThrow();
            assertThat(queues.claim(Priority.ALERT, Channel.TRACES, 10, 1 << 20).orElseThrow().seqs())
                    .containsExactly(40);
            long[] seen = new long[1];
            TraceCompactor.Result result = queues.withClaimsPaused(cursor -> {
                seen[0] = cursor;
                return new TraceCompactor.Result(3, 100, 7);
            });
            assertThat(seen[0]).as("the TRACE cursor after claiming the group 1..30").isEqualTo(30);
            assertThat(result.summarySeq()).isEqualTo(7);
            // a summary lands below the ALERT/traces cursor (it takes an old seq): that cursor must come back for it
            insertSummary(db, 7);
            assertThat(queues.claim(Priority.ALERT, Channel.TRACES, 10, 1 << 20).orElseThrow().seqs())
                    .containsExactly(7, 40);
        }
    }

    private static void insertSummary(OutboxTestDb db, long seq) throws Exception {
        try (Connection tx = db.tx()) {
            tx.createStatement().execute("INSERT INTO sync_outbox (device, seq, last_seq, priority, channel, kind,"
                    + " created_at_ms, payload_bytes, items) VALUES ('station-07', " + seq + ", " + seq
                    + ", 0, 'traces', 'compacted', 0, 2, X'7b7d')");
            tx.commit();
        }
    }

    @Test
    void aClaimedBatchEncodesToAnEnvelopeTheCodecAccepts() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            commitGroup(db, outbox, 3);
            commitGroup(db, outbox, 2);
            OutboxBatch batch = outbox.claim(10, 1 << 20).orElseThrow();
            Instant sentAt = Instant.parse("2026-12-01T10:00:00.123Z");
            byte[] json = ItemJson.envelope("site-1", "station-07", sentAt, batch);
            BatchEnvelope decoded = new BatchCodec().decodeBatch(json, BatchCodec.JSON);
            assertThat(decoded.items()).extracting(BatchItem::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(decoded.firstSeq()).isEqualTo(1);
            assertThat(decoded.lastSeq()).isEqualTo(5);
            assertThat(decoded.sentAt()).isEqualTo(sentAt);
            assertThat(decoded.items()).extracting(BatchItem::kind).containsOnly("trace");
            assertThat(decoded.items().get(4).payloadJson()).isEqualTo(OutboxTestDb.traceJson("normal_review", 4));
        }
    }

    private static Optional<OutboxBatch> claim(OutboxQueues queues, int maxItems, long maxBytes) throws Exception {
        return queues.claim(Priority.TRACE, Channel.TRACES, maxItems, maxBytes);
    }

    private static void commitGroup(OutboxTestDb db, H2Outbox outbox, int n) throws Exception {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(new OutboxEntry("trace", Priority.TRACE, OutboxTestDb.traceJson("normal_review", 4)));
        }
        try (Connection tx = db.tx()) {
            outbox.appendAll(tx, entries);
            tx.commit();
        }
    }

    private static OutboxEntry trace(Priority priority) {
        return new OutboxEntry("trace", priority, OutboxTestDb.traceJson("normal_review", 4));
    }

    private static OutboxEntry event() {
        return new OutboxEntry("event", Priority.ALERT, "{\"type\":\"bundle_activated\"}");
    }
}
