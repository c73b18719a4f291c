package io.intakeedge.capture.presentation;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.QualityMetrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Presents every Nth frame regardless of parcels (monitoring, drift sampling, fixed-rate capture). Each
 * presentation counts as settled with zero settle time and one frame observed.
 */
public final class ContinuousSampler implements PresentationPolicy {
    private final int everyNth;
    private long offered;
    private long sequence;

    public ContinuousSampler(int everyNth) {
        if (everyNth < 1) {
            throw new IllegalArgumentException("everyNth must be >= 1, got " + everyNth);
        }
        this.everyNth = everyNth;
    }

    @Override
    public Optional<Presentation> offer(Frame frame, QualityMetrics metrics) {
        if (offered++ % everyNth != 0) {
            return Optional.empty();
        }
        return Optional.of(new Presentation(++sequence, frame.copy(), metrics, 1, frame.capturedAt(), Duration.ZERO,
                true));
    }

    @Override
    public Optional<Presentation> finish() {
        return Optional.empty();
    }

    /** Every Nth frame is decided: nothing is ever skipped. */
    @Override
    public void onSkipped(Consumer<SkippedPresentation> listener) {
    }

    @Override
    public void close() {
        // holds no frames
    }
}
