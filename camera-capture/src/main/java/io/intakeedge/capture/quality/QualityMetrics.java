package io.intakeedge.capture.quality;

import io.intakeedge.capture.Box;

import java.util.Optional;

/**
 * Image-quality measurements of one frame, computed before any model runs (seed 000: quality gate first).
 *
 * @param blurScore             0..1, higher is blurrier (seeds' {@code blur_score}); derived from a
 *                              {@link BlurMeasure} sharpness by {@link QualityAnalyzer}'s documented mapping
 * @param laplacianVariance     raw variance of the Laplacian of the grey parcel region
 * @param brightness            0..1 mean luma of the parcel region (whole frame when no parcel)
 * @param underExposedFraction  fraction of pixels with luma <= 10/255
 * @param overExposedFraction   fraction of pixels with luma >= 245/255
 * @param parcelVisible         the locator found a parcel
 * @param parcelComplete        it does not touch the frame border
 * @param parcelBox             the parcel's bounding box when visible
 * @param locator               which parcel locator decided visibility ({@code background}, {@code full_frame});
 *                              null when unknown (traces stored before locators existed)
 * @param locatorFault          why the locator could not judge the frame (e.g. {@code frame_size_changed: ...});
 *                              null when it could
 */
public record QualityMetrics(double blurScore, double laplacianVariance, double brightness,
                             double underExposedFraction, double overExposedFraction,
                             boolean parcelVisible, boolean parcelComplete, Optional<Box> parcelBox,
                             String locator, String locatorFault) {

    /** Metrics without locator information (hand-made cases, old traces). */
    public QualityMetrics(double blurScore, double laplacianVariance, double brightness,
                          double underExposedFraction, double overExposedFraction,
                          boolean parcelVisible, boolean parcelComplete, Optional<Box> parcelBox) {
        this(blurScore, laplacianVariance, brightness, underExposedFraction, overExposedFraction, parcelVisible,
                parcelComplete, parcelBox, null, null);
    }
}
