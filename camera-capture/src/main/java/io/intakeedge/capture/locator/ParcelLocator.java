package io.intakeedge.capture.locator;

import org.opencv.core.Mat;

/**
 * Finds the parcel in one frame, before any quality measure or model runs. What "the parcel" is depends on the
 * camera, so this is a choice per camera ({@code camera.locator} in the station config):
 * <ul>
 *   <li>{@link BackgroundLocator} ({@code background}): a fixed station camera that learns the empty station and
 *   calls whatever differs from it the parcel;</li>
 *   <li>{@link FullFrameLocator} ({@code full_frame}): stills where the photo is the parcel (hot folder);</li>
 *   <li>a model-based locator (a detector network) fits the same contract: it returns a box or none, and names
 *   itself in {@link #name()} so the trace says who decided visibility.</li>
 * </ul>
 * A locator may keep per-camera state (the background); use one per camera. Not thread-safe.
 */
public interface ParcelLocator extends AutoCloseable {

    /** The name written into traces and accepted by {@link ParcelLocators#create(String)}. */
    String name();

    /**
     * Where the parcel is in {@code image} (BGR 8-bit, at least 16x16). A frame this locator cannot judge is a
     * {@link Location#fault(String)} with its reason, never an exception and never a silent guess.
     */
    Location locate(Mat image);

    /** Frames answered with a fault so far (e.g. frame-size changes of a fixed camera); readable from any thread. */
    long faults();

    @Override
    void close();
}
