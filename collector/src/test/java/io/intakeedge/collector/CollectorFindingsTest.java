package io.intakeedge.collector;

import io.intakeedge.sync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.intakeedge.sync.testing.BatchJson.envelope;
import static io.intakeedge.sync.testing.BatchJson.item;
import static io.intakeedge.sync.testing.BatchJson.topic;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10's collector findings, one test each, on H2 and PostgreSQL. Each failed on main before the fix (noted per
 * test); every message now ends stored, duplicate, conflict or dead letter with a reason.
 */
class CollectorFindingsTest {
    private static final String SITE = "dock-a";
    private static final String DEVICE = "cam-1";
    private static final String TRACES = topic(SITE, DEVICE, "traces");
    private static final String JSON = "application/json";

    @TempDir
    Path dir;

    /** Before: stored, then stats() threw "Numeric value out of range" and the collector exited (rc 1). */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aCompactedRangeReachingLongMaxIsRefusedAndStatsStillReport(TestDatabase.Kind kind) throws Exception {
        with(kind, (store, db) -> {
            String payload = "{\"first_seq\":1,\"last_seq\":9223372036854775807,\"count\":1}";
            IngestResult result = store.ingest(TRACES, utf8(envelope(SITE, DEVICE, 9, 9,
                    item(9, "compacted", payload))), JSON);
            assertThat(result.reason()).isEqualTo("out_of_range");
            assertThat(store.stats().deadLetters()).isEqualTo(1);
            // a row stored by the old collector must not break the report either
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                store.ingest(TRACES, utf8(traces(SITE, DEVICE, 1, 1)), JSON);
                s.execute("INSERT INTO compacted_range VALUES ('cam-1', 1, 2, 9223372036854775807)");
                s.execute("INSERT INTO compacted_range VALUES ('cam-1', 1, 3, 9223372036854775807)");
            }
            DeviceStats stats = store.stats().devices().get(0);
            assertThat(stats.compacted()).isEqualTo(Long.MAX_VALUE);
            assertThat(stats.gaps()).isEmpty();
            return null;
        });
    }

    /** Before: handling threw, no dead letter, never acknowledged, dropped again on every reconnect. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void createdAtOutsideWhatSqlHoldsIsDeadLettered(TestDatabase.Kind kind) throws Exception {
        with(kind, (store, db) -> {
            for (String at : List.of("+1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z")) {
                String json = traces(SITE, DEVICE, 1, 1).replace("2026-11-23T09:40:59.001Z", at);
                IngestResult result = store.ingest(TRACES, utf8(json), JSON);
                assertThat(result.outcome()).isEqualTo(IngestResult.Outcome.DEAD_LETTER);
                assertThat(result.reason()).isEqualTo("out_of_range");
            }
            assertThat(store.sequences(DEVICE)).isEmpty();
            return null;
        });
    }

    /** Before: the forged items were stored, the real ones counted as duplicates, receipted and deleted. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void forgedItemsBeforeTheRealOnesAreConflictsAndBothAreKept(TestDatabase.Kind kind) throws Exception {
        with(kind, (store, db) -> {
            String real = traces(SITE, DEVICE, 1, 5);
            String forged = real.replace("normal_review", "manual_intake");
            assertThat(store.ingest(TRACES, utf8(forged), JSON).stored()).isEqualTo(5);

            IngestResult arrival = store.ingest(TRACES, utf8(real), JSON);
            IngestResult redelivery = store.ingest(TRACES, utf8(real), JSON);

            assertThat(arrival.conflicts()).isEqualTo(5);
            assertThat(arrival.duplicates()).as("never a duplicate").isZero();
            assertThat(arrival.receipt().stored()).as("kept centrally, so receipted").isEqualTo(new long[][] {{1, 5}});
            assertThat(redelivery.conflicts()).isEqualTo(5);
            CollectorStats stats = store.stats();
            assertThat(stats.conflicts()).as("each differing version counted once").isEqualTo(5);
            assertThat(stats.duplicates()).isEqualTo(5);
            assertThat(store.conflicts(DEVICE)).extracting(ConflictItem::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(store.conflicts(DEVICE)).allSatisfy(c -> assertThat(c.payload()).contains("normal_review"));
            assertThat(store.ingest(TRACES, utf8(forged), JSON).duplicates()).as("the first version itself").isEqualTo(5);
            return null;
        });
    }

    /** Before: 2.0 and 1E2 were read as 2 and 100, -0.0 stored as seq 0. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void seqsThatAreNotPositiveIntegersAreDeadLettered(TestDatabase.Kind kind) throws Exception {
        with(kind, (store, db) -> {
            // first/last_seq agree with the value Jackson would convert to, so only strictness can refuse it
            for (String[] c : List.of(new String[] {"2.0", "2"}, new String[] {"1E2", "100"},
                    new String[] {"-0.0", "0"})) {
                String json = envelope(SITE, DEVICE, 7, 7, item(7, "trace", "{}")).replace("\"seq\":7", "\"seq\":" + c[0])
                        .replace("\"first_seq\":7", "\"first_seq\":" + c[1]).replace("\"last_seq\":7", "\"last_seq\":" + c[1]);
                IngestResult result = store.ingest(TRACES, utf8(json), JSON);
                assertThat(result.outcome()).as(c[0]).isEqualTo(IngestResult.Outcome.DEAD_LETTER);
                assertThat(result.reason()).as(c[0]).isIn("not_an_integer", "out_of_range");
            }
            String twoPointZero = envelope(SITE, DEVICE, 7, 7, item(7, "trace", "{}")).replace("\"seq\":7", "\"seq\":2.0");
            assertThat(store.ingest(TRACES, utf8(twoPointZero), JSON).reason()).isEqualTo("not_an_integer");
            assertThat(store.sequences(DEVICE)).isEmpty();
            return null;
        });
    }

    /** Before: any JSON object was stored as the device's status; payloads were re-serialised. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void statusIsValidatedAndPayloadsAreStoredByteExact(TestDatabase.Kind kind) throws Exception {
        with(kind, (store, db) -> {
            String status = topic(SITE, DEVICE, "status");
            assertThat(store.ingest(status, utf8("{\"state\":\"pwned\",\"x\":1}"), JSON).reason())
                    .isEqualTo("wrong_schema");
            String payload = "{\"score\": 1e99999999 , \"n\":-0.0,\"deep\":{\"a\":[1,2.50]}}";
            store.ingest(TRACES, utf8(envelope(SITE, DEVICE, 1, 1, item(1, "trace", payload))), JSON);
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT payload FROM received_item WHERE device = 'cam-1'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo(payload);
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM device_status")) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
            return null;
        });
    }

    /** Any failure in handling ends as a dead letter with a reason, and the next message is stored. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void valuesTheDatabaseRefusesAreDeadLetteredNotRetriedForever(TestDatabase.Kind kind) throws Exception {
        with(kind, (store, db) -> {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE received_item ADD CONSTRAINT small_seq CHECK (seq < 1000)");
            }
            IngestResult refused = store.ingest(TRACES, utf8(traces(SITE, DEVICE, 2000, 1)), JSON);
            assertThat(refused.reason()).isEqualTo(CollectorStore.UNSTORABLE);
            assertThat(store.ingest(TRACES, utf8(traces(SITE, DEVICE, 1, 3)), JSON).stored()).isEqualTo(3);
            assertThat(store.sequences(DEVICE)).containsExactlyElementsOf(LongStream.rangeClosed(1, 3).boxed().toList());
            assertThat(store.deadLetters(5)).extracting(DeadLetter::reason).containsExactly("unstorable");
            return null;
        });
    }

    private interface StoreTest {
        Void run(CollectorStore store, TestDatabase db) throws Exception;
    }

    private void with(TestDatabase.Kind kind, StoreTest test) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir);
             CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), 64 * 1024)) {
            test.run(store, db);
        }
    }
}
