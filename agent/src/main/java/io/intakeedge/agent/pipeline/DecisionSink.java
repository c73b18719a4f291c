package io.intakeedge.agent.pipeline;

import io.intakeedge.agent.trace.Trace;
import org.opencv.core.Mat;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the pipeline hands each decided trace: the seam between deciding and keeping the record. The station's
 * {@link DecisionRecorder} stores trace, evidence and outbox row durably; a test can collect traces in memory.
 */
public interface DecisionSink extends AutoCloseable {

    /**
     * Takes {@code trace} and the pixels it was decided on; {@code onDurable} runs once the decision can no longer be
     * lost. May block while the sink is behind (backpressure, never loss).
     */
    void submit(Trace trace, Mat image, Runnable onDurable) throws InterruptedException;

    /**
     * Why decisions cannot be made durable right now (disk full, database failing), or empty when they can. While it
     * is present the pipeline fails every parcel closed to {@code manual_intake} (reason {@code storage_fault}).
     */
    default Optional<String> fault() {
        return Optional.empty();
    }

    /** Waits until every submitted decision is durable; false on timeout. */
    boolean flush(Duration timeout) throws InterruptedException;

    /** Takes what was submitted to its end, then stops. */
    @Override
    void close();
}
