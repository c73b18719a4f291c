package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.EvidenceStore;
import io.intakeedge.agent.trace.SampleTraces;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceStore;
import io.intakeedge.capture.OpenCv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The recorder on a real H2 file: nothing is written before {@code start()}, everything after it, evidence first. */
class DecisionRecorderTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void natives() {
        OpenCv.load();
    }

    @Test
    void holdsDecisionsUntilStartedThenCommitsEachOnceWithItsEvidence() throws Exception {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        AtomicInteger durable = new AtomicInteger();
        List<Trace> heard = new CopyOnWriteArrayList<>();
        Mat image = new Mat(120, 160, CvType.CV_8UC3, new Scalar(40, 120, 200));
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            TraceStore traces = new TraceStore(db);
            EvidenceStore evidence = new EvidenceStore(dir.resolve("evidence"));
            try (DecisionRecorder recorder = new DecisionRecorder(db, traces, evidence, Optional.empty(),
                    Optional.empty(), new LatencyStats(64))) {
                recorder.onCommitted(heard::add);
                Trace priority = SampleTraces.priority(now, 1);
                Trace blurred = SampleTraces.blurred(now.plusSeconds(1), 2);
                recorder.submit(priority, image, durable::incrementAndGet);
                recorder.submit(blurred, image, durable::incrementAndGet);

                // an explicit start: a recorder that was only constructed writes nothing
                assertThat(recorder.flush(Duration.ofMillis(300))).isFalse();
                assertThat(traces.count()).isZero();
                assertThat(durable).hasValue(0);

                recorder.start();
                assertThat(recorder.flush(Duration.ofSeconds(30))).isTrue();
                assertThat(durable).hasValue(2);
                assertThat(heard).extracting(Trace::traceId)
                        .containsExactly(priority.traceId(), blurred.traceId());

                Trace stored = traces.find(priority.traceId()).orElseThrow();
                assertThat(stored.route()).isEqualTo(priority.route());
                assertThat(stored.evidencePath()).isNotNull();
                assertThat(Files.size(Path.of(stored.evidencePath()))).isPositive();
                assertThat(traces.find(blurred.traceId())).isPresent();
                assertThat(traces.count()).isEqualTo(2);
            }
        } finally {
            image.release();
        }
    }

    @Test
    void aRecorderThatNeverStartedClosesAtOnce() throws Exception {
        try (AgentDatabase db = AgentDatabase.open(dir.resolve("data"))) {
            DecisionRecorder recorder = new DecisionRecorder(db, new TraceStore(db),
                    new EvidenceStore(dir.resolve("evidence")), Optional.empty(), Optional.empty(), new LatencyStats(8));
            long start = System.nanoTime();
            recorder.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
