package io.intakeedge.capture;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where frames come from: a video file, a hot folder, the synthetic conveyor scene, live cameras (V4L2, CSI, RTSP).
 * One implementation per file in {@code io.intakeedge.capture.source}.
 */
public interface FrameSource extends AutoCloseable {

    /** Identifier written into every trace (e.g. {@code cam-1}). */
    String cameraId();

    /**
     * The next frame, or empty when the source has ended (end of file, synthetic scene exhausted).
     * Live sources block up to their own timeout and throw {@link CaptureException} when stalled.
     * The caller owns and closes the returned frame.
     */
    Optional<Frame> next() throws CaptureException;

    /**
     * Called once the decision that used {@code frame} is durably stored, so a source that must not lose input
     * (the hot folder) can move the file away only then. May be called from another thread (the decision writer),
     * after the frame's pixels were released: implementations may use only its identity ({@code origin}, index).
     * Default: nothing to do.
     */
    default void acknowledge(Frame frame) {
    }

    /**
     * Called when a frame could not be used at all (undecodable, wrong size); the source may quarantine it.
     * Default: nothing to do.
     */
    default void reject(Frame frame, String reason) {
    }

    /**
     * Hears every input this source rejects by itself (see {@link RejectedInput}), on the thread calling
     * {@link #next}. Default: a source that never rejects input ignores it.
     */
    default void onRejected(Consumer<RejectedInput> listener) {
    }

    /**
     * The consumer is stopping: a {@link #next} waiting for input returns empty promptly, and so do later calls.
     * Safe from any thread, unlike {@link #close} (which may release what a running {@code next} uses). Default:
     * nothing to do for sources whose {@code next} never waits long (files, the synthetic scene).
     */
    default void interrupt() {
    }

    /**
     * The camera's current health, for sources that watch a live camera (empty for files and the synthetic scene).
     * Such a source recovers by itself: its {@link #next} waits through stalls and reconnects, hands on frames only
     * in usable states, and returns empty only once interrupted or closed.
     */
    default Optional<CameraHealth> health() {
        return Optional.empty();
    }

    /**
     * Hears every change of {@link CameraHealth#state()}, on the thread calling {@link #next} (so a listener may
     * touch what that thread owns, e.g. the presentation trigger). Default: a source without health ignores it.
     */
    default void onHealth(Consumer<CameraHealth> listener) {
    }

    @Override
    void close();
}
