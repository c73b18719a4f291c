package io.intakeedge.agent.storage;

import io.intakeedge.agent.config.RetentionSettings;
import io.intakeedge.agent.pipeline.DecisionRecorder;
import io.intakeedge.agent.pipeline.LatencyStats;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.SampleTraces;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceExpiry;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.OpenCv;
import io.intakeedge.sync.outbox.H2Outbox;
import io.intakeedge.sync.outbox.OutboxBatch;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.OutboxGroup;
import io.intakeedge.sync.outbox.OutboxSettings;
import io.intakeedge.sync.outbox.Priority;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Retention on a real H2 file with the real outbox: old traces go once synced, never before; evidence with them. */
class TraceRetentionTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String DEVICE = "dev-1";

    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    @Test
    void anOldTraceGoesWithItsEvidenceOnlyOnceItsOutboxItemHasLeft() throws Exception {
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            TraceStore traces = new TraceStore(db);
            H2Outbox outbox = H2Outbox.open(db.dataSource(), OutboxSettings.defaults(DEVICE));
            EvidenceStore evidence = new EvidenceStore(dir.resolve("data/evidence"));
            List<Trace> old = new ArrayList<>();
            for (int i = 0; i < 6; i++) { // priority and routine lanes, both with evidence
                Instant at = NOW.minus(Duration.ofDays(40)).plusSeconds(i);
                old.add(i % 2 == 0 ? SampleTraces.priority(at, i) : SampleTraces.blurred(at, i));
            }
            List<Trace> young = List.of(SampleTraces.priority(NOW.minus(Duration.ofDays(1)), 10));
            record(db, traces, evidence, outbox, old, young);
            TraceRetention retention = retention(db, evidence, new RetentionSettings(30, null), 0);

            RetentionState first = retention.run();
            assertThat(first.tracesDeleted()).as("every item still waits in the outbox").isZero();
            assertThat(first.waitingForSync()).isEqualTo(6);
            assertThat(traces.count()).isEqualTo(7);

            OutboxBatch sent = outbox.claim(2, Long.MAX_VALUE).orElseThrow();
            outbox.acknowledge(sent);
            Set<Long> acked = seqsOf(sent);
            Set<UUID> gone = new HashSet<>();
            for (Trace t : old) {
                if (acked.contains(outboxSeq(db, t.traceId()))) {
                    gone.add(t.traceId());
                }
            }
            // a batch is whole groups of the priority lane: some old priority traces, never a routine one
            assertThat(gone).hasSizeBetween(1, 3);

            RetentionState second = retention.run();
            assertThat(second.deletedForAge()).isEqualTo(gone.size());
            assertThat(second.waitingForSync()).isEqualTo(6 - gone.size());
            assertThat(second.evidenceDeleted()).isEqualTo(gone.size());
            for (Trace t : old) {
                Path jpeg = evidence.pathFor(t.traceId(), t.decidedAt());
                boolean deleted = gone.contains(t.traceId());
                assertThat(traces.find(t.traceId())).as("trace %s", t.traceId()).matches(f -> f.isEmpty() == deleted);
                assertThat(Files.exists(jpeg)).as("evidence of %s", t.traceId()).isEqualTo(!deleted);
            }

            while (outbox.claim(100, Long.MAX_VALUE).map(b -> ack(outbox, b)).isPresent()) {
                // drain everything, as a connected station would
            }
            RetentionState third = retention.run();
            assertThat(third.tracesDeleted()).isEqualTo(6);
            assertThat(third.evidenceDeleted()).isEqualTo(6);
            assertThat(third.waitingForSync()).isZero();
            assertThat(traces.count()).as("the young trace stays").isEqualTo(1);
            assertThat(traces.find(young.get(0).traceId())).isPresent();
            assertThat(Files.exists(evidence.pathFor(young.get(0).traceId(), young.get(0).decidedAt()))).isTrue();
            outbox.close();
        }
    }

    @Test
    void tracesStoredWithoutASeqWaitUntilEveryOlderOutboxItemHasLeft() throws Exception {
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            TraceStore traces = new TraceStore(db);
            H2Outbox outbox = H2Outbox.open(db.dataSource(), OutboxSettings.defaults(DEVICE));
            // as before V9: the trace row without its seq, its item in the outbox
            Trace legacy = SampleTraces.blurred(NOW.minus(Duration.ofDays(60)), 1);
            try (Connection tx = db.connect()) {
                tx.setAutoCommit(false);
                traces.insert(tx, legacy);
                outbox.append(tx, new OutboxEntry("trace", Priority.TRACE, "{\"trace\":1}"));
                tx.commit();
            }
            EvidenceStore evidence = new EvidenceStore(dir.resolve("data/evidence"));
            TraceRetention retention = retention(db, evidence, new RetentionSettings(30, null), 0);

            assertThat(retention.run().waitingForSync()).isEqualTo(1);
            assertThat(traces.find(legacy.traceId())).isPresent();

            outbox.acknowledge(outbox.claim(10, Long.MAX_VALUE).orElseThrow());
            assertThat(retention.run().deletedForAge()).isEqualTo(1);
            assertThat(traces.find(legacy.traceId())).isEmpty();
            outbox.close();
        }
    }

    @Test
    void withoutSyncTheOldestBeyondTheCountGo() throws Exception {
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            TraceStore traces = new TraceStore(db);
            List<Trace> stored = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Trace t = SampleTraces.blurred(NOW.minus(Duration.ofHours(10 - i)), i);
                traces.store(t);
                stored.add(t);
            }
            EvidenceStore evidence = new EvidenceStore(dir.resolve("data/evidence"));
            RetentionState s = retention(db, evidence, new RetentionSettings(30, 4L), 0).run();

            assertThat(s.deletedForCount()).isEqualTo(6);
            assertThat(s.deletedForAge()).isZero();
            assertThat(traces.recent(100)).extracting(Trace::traceId).containsExactlyInAnyOrderElementsOf(
                    stored.subList(6, 10).stream().map(Trace::traceId).toList());
        }
    }

    @Test
    void overTheH2BudgetTheOldestSyncedGoAndTheOpenFileShrinks() throws Exception {
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            TraceStore traces = new TraceStore(db);
            List<Trace> stored = new ArrayList<>();
            for (int i = 0; i < 1500; i++) { // one commit each, as the recorder does under light load
                Trace t = SampleTraces.blurred(NOW.minus(Duration.ofMinutes(1500 - i)), i);
                traces.store(t);
                stored.add(t);
            }
            long grown = db.fileSize();
            assertThat(grown).as("the open file grows by every commit").isGreaterThan(8L << 20);
            EvidenceStore evidence = new EvidenceStore(dir.resolve("data/evidence"));
            long budget = 1L << 20;
            RetentionState s = retention(db, evidence, RetentionSettings.DEFAULT, budget).run();

            assertThat(s.h2BytesBefore()).isEqualTo(grown);
            assertThat(s.h2BytesAfter()).isLessThan(grown / 4);
            assertThat(db.fileSize()).isEqualTo(s.h2BytesAfter());
            assertThat(s.deletedForSize()).isPositive();
            long left = traces.count();
            assertThat(left).isEqualTo(1500 - s.deletedForSize());
            // oldest first: what is left is the newest
            assertThat(traces.recent(1500)).extracting(Trace::traceId).containsExactlyInAnyOrderElementsOf(
                    stored.subList((int) (1500 - left), 1500).stream().map(Trace::traceId).toList());
        }
    }

    private static TraceRetention retention(AgentDatabase db, EvidenceStore evidence, RetentionSettings settings,
                                            long h2Budget) {
        return new TraceRetention(db, new TraceExpiry(db, DEVICE), evidence.dir(), settings, h2Budget, CLOCK);
    }

    /** Through the real recorder: evidence, trace row and outbox item in one transaction each batch. */
    private static void record(AgentDatabase db, TraceStore traces, EvidenceStore evidence, H2Outbox outbox,
                               List<Trace> old, List<Trace> young) throws Exception {
        Mat image = new Mat(120, 160, CvType.CV_8UC3, new Scalar(40, 120, 200));
        try (DecisionRecorder recorder = new DecisionRecorder(db, traces, evidence, Optional.of(outbox),
                Optional.empty(), new LatencyStats(64))) {
            recorder.start();
            for (Trace t : old) {
                recorder.submit(t, image, () -> { });
            }
            for (Trace t : young) {
                recorder.submit(t, image, () -> { });
            }
            assertThat(recorder.flush(Duration.ofSeconds(60))).isTrue();
        } finally {
            image.release();
        }
    }

    private static Set<Long> seqsOf(OutboxBatch batch) {
        Set<Long> seqs = new HashSet<>();
        for (OutboxGroup g : batch.groups()) {
            for (long s = g.firstSeq(); s <= g.lastSeq(); s++) {
                seqs.add(s);
            }
        }
        return seqs;
    }

    private static boolean ack(H2Outbox outbox, OutboxBatch batch) {
        try {
            outbox.acknowledge(batch);
            return true;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long outboxSeq(AgentDatabase db, UUID traceId) throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("SELECT outbox_seq FROM agent_trace WHERE trace_id = ?")) {
            ps.setObject(1, traceId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getLong(1);
            }
        }
    }
}
