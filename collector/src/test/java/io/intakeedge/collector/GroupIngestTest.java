package io.intakeedge.collector;

import static io.intakeedge.sync.testing.BatchJson.topic;
import static io.intakeedge.sync.testing.BatchJson.traces;
import static io.intakeedge.sync.testing.BatchJson.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.intakeedge.collector.CollectorStore.Incoming;
import io.intakeedge.collector.IngestResult.Outcome;
import io.intakeedge.sync.protocol.Receipt;
import io.intakeedge.sync.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many messages in one collector transaction ({@link CollectorStore#ingestAll}) and their coalesced receipts. */
class GroupIngestTest {
    private static final String SITE = "dock-g";
    private static final String JSON = "application/json";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void oneTransactionStoresGoodMessagesDeadLettersBadOnesAndCountsRedeliveries(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir);
                CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), 64 * 1024)) {
            String a = topic(SITE, "cam-a", "traces");
            List<IngestResult> results = store.ingestAll(List.of(
                    new Incoming(a, utf8(traces(SITE, "cam-a", 1, 10)), JSON),
                    new Incoming(a, utf8("{not json"), JSON),
                    new Incoming(a, utf8(traces(SITE, "cam-a", 11, 10)), JSON),
                    new Incoming(a, utf8(traces(SITE, "cam-a", 5, 6)), JSON), // redelivery inside the transaction
                    new Incoming(topic(SITE, "cam-b", "traces"), utf8(traces(SITE, "cam-b", 1, 3)), JSON)));

            assertThat(results).extracting(IngestResult::outcome).containsExactly(Outcome.BATCH, Outcome.DEAD_LETTER,
                    Outcome.BATCH, Outcome.BATCH, Outcome.BATCH);
            assertThat(results).extracting(IngestResult::stored).containsExactly(10, 0, 10, 0, 3);
            assertThat(results.get(3).duplicates()).isEqualTo(6);
            assertThat(results.get(1).reason()).isEqualTo("malformed");
            assertThat(store.sequences("cam-a")).containsExactlyElementsOf(range(1, 20));
            assertThat(store.sequences("cam-b")).containsExactlyElementsOf(range(1, 3));
            assertThat(store.deadLetters(5)).extracting(DeadLetter::reason).containsExactly("malformed");
            assertThat(store.stats().duplicates()).isEqualTo(6);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aMessageTheDatabaseRefusesIsDeadLetteredAloneAndTheOthersAreStored(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, dir);
                CollectorStore store = CollectorStore.open(db.url(), db.user(), db.password(), 64 * 1024)) {
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE received_item ADD CONSTRAINT small_seq CHECK (seq < 1000)");
            }
            String t = topic(SITE, "cam-c", "traces");
            List<IngestResult> results = store.ingestAll(List.of(
                    new Incoming(t, utf8(traces(SITE, "cam-c", 1, 5)), JSON),
                    new Incoming(t, utf8(traces(SITE, "cam-c", 2000, 2)), JSON),
                    new Incoming(t, utf8(traces(SITE, "cam-c", 6, 5)), JSON)));

            assertThat(results).extracting(IngestResult::outcome).containsExactly(Outcome.BATCH, Outcome.DEAD_LETTER,
                    Outcome.BATCH);
            assertThat(results.get(1).reason()).isEqualTo(CollectorStore.UNSTORABLE);
            assertThat(store.sequences("cam-c")).containsExactlyElementsOf(range(1, 10));
            assertThat(store.deadLetters(5)).extracting(DeadLetter::reason).containsExactly("unstorable");
        }
    }

    @Test
    void receiptsOfOneTransactionAreCoalescedPerDevice() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        List<Receipt> coalesced = ReceiptPublisher.coalesce(List.of(
                Receipt.of(SITE, "cam-a", new long[] {1, 2, 3}, at),
                Receipt.of(SITE, "cam-b", new long[] {7}, at),
                Receipt.of(SITE, "cam-a", new long[] {2, 3, 4, 5}, at.plusMillis(5)), // overlaps: a redelivery
                Receipt.of(SITE, "cam-a", new long[] {9, 10}, at)));

        assertThat(coalesced).hasSize(2);
        Receipt a = coalesced.get(0);
        assertThat(a.device()).isEqualTo("cam-a");
        assertThat(a.stored()).isDeepEqualTo(new long[][] {{1, 5}, {9, 10}});
        assertThat(a.at()).isEqualTo(at.plusMillis(5));
        assertThat(coalesced.get(1).stored()).isDeepEqualTo(new long[][] {{7, 7}});
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }
}
