package io.intakeedge.sync.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.intakeedge.sync.protocol.Channel;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2OutboxTest {
    @TempDir
    Path dir;

    @Test
    void rolledBackAppendLeavesNothingAndNoGap() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            try (Connection tx = db.tx()) {
                tx.createStatement().execute("INSERT INTO trace (route, body) VALUES ('normal_review', '{}')");
                long seq = outbox.append(tx, new OutboxEntry("trace", Priority.TRACE, "{\"route\":\"normal_review\"}"));
                assertThat(seq).isEqualTo(1);
                tx.rollback();
            }
            assertThat(outbox.pending()).isZero();
            assertThat(db.count("SELECT COUNT(*) FROM trace")).isZero();
            assertThat(outbox.claim(10, 1 << 20)).isEmpty();
            // the rolled-back seq is reused: the collector must not see a gap for something that never existed
            assertThat(db.commitTrace(outbox, Priority.TRACE, "normal_review", 10)).isEqualTo(1);
            assertThat(db.count("SELECT COUNT(*) FROM trace")).isEqualTo(1);
        }
    }

    @Test
    void receiptsDeleteExactlyTheNamedSeqsAndFreeTheirBudget() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            for (int i = 0; i < 10; i++) {
                db.commitTrace(outbox, Priority.TRACE, "normal_review", 10);
            }
            long bytesOfRest = db.count("SELECT SUM(payload_bytes) FROM sync_outbox WHERE seq IN (1, 5, 6, 8, 9, 10)");
            long deleted = outbox.deleteReceipted(List.of(new long[] {2, 4}, new long[] {7, 7}));
            long again = outbox.deleteReceipted(List.of(new long[] {3, 3}, new long[] {20, 30}));
            OutboxBatch rest = outbox.claim(100, 1 << 20).orElseThrow();
            System.out.printf("receipted 4 of 10: deleted %d, again %d, left %s%n", deleted, again,
                    java.util.Arrays.toString(rest.seqs()));
            assertThat(deleted).isEqualTo(4);
            assertThat(again).as("a receipt for a redelivery deletes nothing").isZero();
            assertThat(rest.seqs()).containsExactly(1, 5, 6, 8, 9, 10);
            assertThat(outbox.stats().pendingBytes()).isEqualTo(bytesOfRest);
            assertThat(outbox.holdsAny(rest)).isTrue();
            outbox.deleteReceipted(List.of(new long[] {1, 10}));
            assertThat(outbox.holdsAny(rest)).isFalse();
            assertThat(outbox.pending()).isZero();
        }
    }

    @Test
    void sequenceStaysMonotonicAcrossRestartEvenWhenEverythingWasAcknowledged() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        List<Long> seqs = new ArrayList<>();
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            for (int i = 0; i < 5; i++) {
                seqs.add(db.commitTrace(outbox, Priority.TRACE, "normal_review", 10));
            }
            OutboxBatch batch = outbox.claim(100, 1 << 20).orElseThrow();
            outbox.acknowledge(batch);
            assertThat(outbox.pending()).isZero();
        }
        // every connection is closed: H2 closes the file; reopening reads it back
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            seqs.add(db.commitTrace(outbox, Priority.TRACE, "normal_review", 10));
            seqs.add(db.commitTrace(outbox, Priority.PRIORITY_TRACE, "priority_damage_review", 10));
        }
        System.out.println("seqs across restart: " + seqs);
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(db.count("SELECT COUNT(*) FROM \"flyway_sync_history\" WHERE \"success\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void drainsByPriorityThenChannelThenSeqAndDeletesOnlyAcknowledgedRows() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            long t1 = db.commitTrace(outbox, Priority.TRACE, "normal_review", 10);
            long p1 = db.commitTrace(outbox, Priority.PRIORITY_TRACE, "priority_damage_review", 10);
            long d1;
            try (Connection tx = db.tx()) {
                d1 = outbox.append(tx, new OutboxEntry("drift", Priority.ALERT, "{\"window\":1}"));
                tx.commit();
            }
            long e1 = db.commitEvent(outbox, "bundle_activated", 5);
            long t2 = db.commitTrace(outbox, Priority.TRACE, "request_new_photo", 10);

            List<OutboxBatch> order = new ArrayList<>();
            for (var b = outbox.claim(10, 1 << 20); b.isPresent(); b = outbox.claim(10, 1 << 20)) {
                order.add(b.get());
            }
            assertThat(order).extracting(OutboxBatch::channel)
                    .containsExactly(Channel.EVENTS, Channel.DRIFT, Channel.TRACES, Channel.TRACES);
            assertThat(order).extracting(b -> java.util.Arrays.stream(b.seqs()).boxed().toList())
                    .containsExactly(List.of(e1), List.of(d1), List.of(p1), List.of(t1, t2));

            outbox.acknowledge(order.subList(0, 2));
            assertThat(outbox.pending()).isEqualTo(3);
            // connection lost before the other PUBACKs: they are claimed again, in the same order
            outbox.releaseAll();
            OutboxBatch again = outbox.claim(1, 1 << 20).orElseThrow();
            assertThat(again.seqs()).containsExactly(p1);
            OutboxBatch limited = outbox.claim(10, 1).orElseThrow();
            assertThat(limited.seqs()).as("maxBytes still lets one item through").containsExactly(t1);
        }
    }

    @Test
    void appendAllTakesConsecutiveSeqsAndRollsBackAsOne() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            List<OutboxEntry> three = List.of(new OutboxEntry("trace", Priority.TRACE, "{\"route\":\"a\"}"),
                    new OutboxEntry("event", Priority.ALERT, "{\"type\":\"b\"}"),
                    new OutboxEntry("trace", Priority.PRIORITY_TRACE, "{\"route\":\"c\"}"));
            try (Connection tx = db.tx()) {
                assertThat(outbox.appendAll(tx, three)).containsExactly(1, 2, 3);
                tx.rollback();
            }
            assertThat(outbox.pending()).isZero();
            try (Connection tx = db.tx()) {
                List<OutboxEntry> withBad = List.of(three.get(0), new OutboxEntry("trace", Priority.TRACE, "oops"));
                assertThatThrownBy(() -> outbox.appendAll(tx, withBad)).hasMessageContaining("not valid JSON");
                assertThat(outbox.appendAll(tx, three)).containsExactly(1, 2, 3);
                tx.commit();
            }
            assertThat(outbox.pending()).isEqualTo(3);
            assertThat(outbox.claim(10, 1 << 20).orElseThrow().seqs()).containsExactly(2);
        }
    }

    @Test
    void sharesTheDatabaseWithAnotherModulesMigrations() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir); // the trace table already exists, without our history table
        org.flywaydb.core.Flyway.configure().dataSource(db.dataSource).baselineOnMigrate(true)
                .locations("classpath:db/migration/none").load().migrate();
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.defaults("station-07"))) {
            assertThat(db.commitTrace(outbox, Priority.TRACE, "normal_review", 1)).isEqualTo(1);
        }
        H2Outbox.migrate(db.dataSource); // idempotent
        assertThat(db.count("SELECT COUNT(*) FROM \"flyway_sync_history\" WHERE \"version\" = '1' AND \"success\""))
                .isEqualTo(1);
    }

    @Test
    void badInputIsRejectedWithAReasonAndStoresNothing() throws Exception {
        OutboxTestDb db = new OutboxTestDb(dir);
        try (H2Outbox outbox = H2Outbox.open(db.dataSource, OutboxSettings.withBudget("station-07", 4096));
                Connection autoCommit = db.dataSource.getConnection();
                Connection tx = db.tx()) {
            OutboxEntry ok = new OutboxEntry("trace", Priority.TRACE, "{}");
            assertThatThrownBy(() -> outbox.append(autoCommit, ok)).hasMessageContaining("auto-commit off");
            assertThatThrownBy(() -> outbox.append(tx, new OutboxEntry("photo", Priority.TRACE, "{}")))
                    .hasMessageContaining("unknown item kind 'photo'");
            assertThatThrownBy(() -> outbox.append(tx, new OutboxEntry("compacted", Priority.TRACE, "{}")))
                    .hasMessageContaining("reserved");
            assertThatThrownBy(() -> outbox.append(tx, new OutboxEntry("trace", Priority.TRACE, "{\"a\":")))
                    .hasMessageContaining("not valid JSON");
            assertThatThrownBy(() -> outbox.append(tx, new OutboxEntry("trace", Priority.TRACE, "[1]")))
                    .hasMessageContaining("must be a JSON object");
            assertThatThrownBy(() -> outbox.append(tx, new OutboxEntry("trace", Priority.TRACE, "{} {}")))
                    .hasMessageContaining("data after the object");
            assertThatThrownBy(() -> outbox.append(tx, new OutboxEntry("trace", Priority.TRACE,
                    OutboxTestDb.traceJson("normal_review", 5000)))).hasMessageContaining("exceeds maxEntryBytes 4096");
            tx.commit();
            assertThat(outbox.pending()).isZero();
        }
        assertThatThrownBy(() -> new OutboxSettings("station 7", 4096, 4096, 1024)).hasMessageContaining("device id");
        assertThatThrownBy(() -> new OutboxSettings("s", 8192, 4096, 1024)).hasMessageContaining("hardCapBytes");
        assertThatThrownBy(() -> new OutboxSettings("s", 100, 100, 64)).hasMessageContaining("budgetBytes must be");
    }
}
