package io.intakeedge.capture.presentation;

import io.intakeedge.capture.Frame;
import io.intakeedge.capture.quality.QualityMetrics;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Decides which frames of a stream deserve a decision. The pipeline offers every frame with its metrics; the
 * policy copies what it keeps, so the caller may close the offered frame right after {@link #offer} returns.
 * Implementations: {@link PresentationTrigger} (one per parcel), {@link ContinuousSampler} (every Nth frame).
 */
public interface PresentationPolicy extends AutoCloseable {

    /** Feeds the next frame; returns a presentation when one is complete. */
    Optional<Presentation> offer(Frame frame, QualityMetrics metrics);

    /** End of stream: returns what is still pending (a parcel in view that was not decided yet), if anything. */
    Optional<Presentation> finish();

    /**
     * Hears every presentation that ends without a decision (see {@link SkippedPresentation.Reason}), on the
     * thread that calls {@link #offer} / {@link #finish}. Policies that never skip ignore it.
     */
    void onSkipped(Consumer<SkippedPresentation> listener);

    /**
     * The camera stopped delivering usable frames ({@code why}: its state and reason). A parcel being presented
     * and not yet decided is given up as {@link SkippedPresentation.Reason#MISSED}; a parcel already decided keeps
     * its decision. Default: policies that hold no presentation in progress have nothing to give up.
     */
    default void cameraLost(String why) {
    }

    /** Releases frames held internally. */
    @Override
    void close();
}
