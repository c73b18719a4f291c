package io.intakeedge.collector;

import io.intakeedge.sync.protocol.SeqRange;
import io.intakeedge.sync.protocol.BatchCodec;
import io.intakeedge.sync.protocol.BatchEnvelope;
import io.intakeedge.sync.protocol.BatchItem;
import io.intakeedge.sync.protocol.EncodedPayload;
import io.intakeedge.sync.testing.TestDatabase;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import static io.intakeedge.sync.testing.BatchJson.compacted;
import static io.intakeedge.sync.testing.BatchJson.envelope;
import static io.intakeedge.sync.testing.BatchJson.event;
import static io.intakeedge.sync.testing.BatchJson.gzip;
import static io.intakeedge.sync.testing.BatchJson.item;
import static io.intakeedge.sync.testing.BatchJson.topic;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/** The collector database on both supported vendors: idempotent storage, gaps, dead letters, stats. */
class CollectorStoreTest {

    private static final String SITE = "dock-a";
    private static final String DEVICE = "cam-1";
    private static final String TRACES = topic(SITE, DEVICE, "traces");
    private static final String JSON = "application/json";
    private static final int MAX_BYTES = 4096;
    private static final String STATUS = "{\"schema\":\"intake.status/1\",\"state\":\"online\",\"site\":\"dock-a\","
            + "\"device\":\"cam-1\",\"agent_version\":\"0.1.0\",\"device_profile\":\"x86-cpu\",\"active_bundle\":null,"
            + "\"at\":\"2026-11-23T09:41:07Z\"}";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void redeliveredItemsAreStoredOnceAndCounted(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir);
             CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), MAX_BYTES)) {
            assertThat(store.ingest(TRACES, utf8(traces(SITE, DEVICE, 1, 10)), JSON).stored()).isEqualTo(10);
            IngestResult again = store.ingest(TRACES, utf8(traces(SITE, DEVICE, 1, 10)), JSON);
            IngestResult overlap = store.ingest(TRACES, utf8(traces(SITE, DEVICE, 6, 10)), JSON);

            assertThat(again).extracting(IngestResult::outcome, IngestResult::stored, IngestResult::duplicates)
                    .containsExactly(IngestResult.Outcome.BATCH, 0, 10);
            assertThat(again.receipt().stored()).as("receipt covers the whole redelivered batch")
                    .isEqualTo(new long[][] {{1, 10}});
            assertThat(overlap.stored()).isEqualTo(5);
            assertThat(overlap.duplicates()).isEqualTo(5);
            assertThat(store.sequences(DEVICE)).containsExactlyElementsOf(LongStream.rangeClosed(1, 15).boxed().toList());
            CollectorStats stats = store.stats();
            assertThat(stats.messages()).isEqualTo(3);
            assertThat(stats.items()).isEqualTo(15);
            assertThat(stats.duplicates()).isEqualTo(15);
            assertThat(stats.devices()).singleElement().satisfies(d -> {
                assertThat(d.highestSeq()).isEqualTo(15);
                assertThat(d.gaps()).isEmpty();
            });
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM trace_item WHERE device = 'cam-1'")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(15);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void gapsAreReportedAndCompactedSummariesCloseThem(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir);
             CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), MAX_BYTES)) {
            store.ingest(TRACES, utf8(traces(SITE, DEVICE, 3, 3)), JSON);   // 3..5
            store.ingest(TRACES, utf8(traces(SITE, DEVICE, 9, 2)), JSON);   // 9..10
            store.ingest(topic(SITE, DEVICE, "events"), utf8(event(SITE, DEVICE, 14)), JSON);

            assertThat(store.gaps(DEVICE)).containsExactly(new SeqRange(1, 2), new SeqRange(6, 8),
                    new SeqRange(11, 13));

            // seq 15 is a summary of the compacted traces 6..8 and 11..13 stays missing
            store.ingest(TRACES, utf8(compacted(SITE, DEVICE, 15, 6, 8)), JSON);
            assertThat(store.gaps(DEVICE)).containsExactly(new SeqRange(1, 2), new SeqRange(11, 13));
            DeviceStats device = store.stats().devices().get(0);
            assertThat(device.compacted()).isEqualTo(3);
            assertThat(device.missing()).isEqualTo(5);
            assertThat(device.highestSeq()).isEqualTo(15);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void badMessagesBecomeDeadLettersAndLoseNothingStored(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir);
             CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), MAX_BYTES)) {
            store.ingest(TRACES, utf8(traces(SITE, DEVICE, 1, 5)), JSON);
            byte[] truncatedGzip = Arrays.copyOf(gzip(traces(SITE, DEVICE, 6, 5)), 20);
            List<IngestResult> rejected = List.of(
                    store.ingest(TRACES, utf8("{\"schema\":\"intake.batch/1\",\"items\":["), JSON),
                    store.ingest(TRACES, utf8(traces(SITE, DEVICE, 6, 40)), JSON),
                    store.ingest(TRACES, utf8(traces(SITE, DEVICE, 6, 5).replace("intake.batch/1", "intake.batch/2")),
                            JSON),
                    store.ingest(TRACES, truncatedGzip, "application/json+gzip"),
                    store.ingest(TRACES, utf8(traces(SITE, "cam-2", 6, 5)), JSON),
                    store.ingest(TRACES, utf8(envelope(SITE, DEVICE, 6, 7, item(7, "trace", "{}") + ","
                            + item(6, "trace", "{}"))), JSON),
                    store.ingest("intake/v1/dock-a/cam-1/unknown", utf8(traces(SITE, DEVICE, 6, 1)), JSON));
            IngestResult valid = store.ingest(TRACES, gzip(traces(SITE, DEVICE, 6, 5)), "application/json+gzip");

            assertThat(rejected).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(IngestResult.Outcome.DEAD_LETTER));
            assertThat(valid.stored()).isEqualTo(5);
            assertThat(store.sequences(DEVICE)).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
            List<DeadLetter> letters = store.deadLetters(100);
            assertThat(letters).extracting(DeadLetter::reason).containsExactly(
                    "invalid", "invalid", "topic_mismatch", "undecodable", "wrong_schema", "oversized", "malformed");
            assertThat(letters.get(5).payloadBytes()).isGreaterThan(MAX_BYTES);
            assertThat(letters.get(3).payload()).isEqualTo(truncatedGzip);
            assertThat(letters.get(2).detail()).contains("cam-2");
            CollectorStats stats = store.stats();
            assertThat(stats.deadLetters()).isEqualTo(7);
            assertThat(stats.items()).isEqualTo(10);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void statusAndCountersSurviveReopening(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir)) {
            try (CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), MAX_BYTES)) {
                store.ingest(TRACES, utf8(traces(SITE, DEVICE, 1, 4)), JSON);
                assertThat(store.ingest(topic(SITE, DEVICE, "status"), utf8(STATUS), JSON)
                        .outcome()).isEqualTo(IngestResult.Outcome.STATUS);
            }
            try (CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), MAX_BYTES)) {
                store.ingest(TRACES, utf8(traces(SITE, DEVICE, 3, 4)), JSON);
                CollectorStats stats = store.stats();
                assertThat(stats.items()).isEqualTo(6);
                assertThat(stats.duplicates()).isEqualTo(2);
                assertThat(stats.messages()).isEqualTo(2);
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT payload FROM device_status WHERE device = 'cam-1'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).contains("online");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void readsWhatTheAgentCodecWritesIncludingCompactedRanges(TestDatabase.Kind kind) throws Exception {
        BatchCodec codec = new BatchCodec();
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        // the agent compacted 2..3 and 5..6 into a summary carrying seq 6; 4 (an event) and 1 were sent as items
        String summary = "{\"first_seq\":2,\"last_seq\":6,\"count\":4,\"ranges\":[[2,3],[5,6]],"
                + "\"routes\":{\"normal_review\":4}}";
        EncodedPayload traces = codec.encode(BatchEnvelope.of(SITE, DEVICE, now, List.of(
                new BatchItem(1, "trace", now, "{\"route\":\"normal_review\"}"),
                new BatchItem(6, "compacted", now, summary))), true);
        EncodedPayload events = codec.encode(BatchEnvelope.of(SITE, DEVICE, now, List.of(
                new BatchItem(8, "event", now, "{\"type\":\"drift_critical\"}"))), false);
        try (TestDatabase db = TestDatabase.create(kind, dir);
             CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), MAX_BYTES)) {
            assertThat(store.ingest(TRACES, traces.bytes(), traces.contentType()).stored()).isEqualTo(2);
            assertThat(store.ingest(topic(SITE, DEVICE, "events"), events.bytes(), events.contentType()).stored())
                    .isEqualTo(1);

            assertThat(store.gaps(DEVICE)).containsExactly(new SeqRange(4, 4), new SeqRange(7, 7));
            assertThat(store.stats().devices().get(0).compacted()).isEqualTo(4);
        }
    }
}
