package io.intakeedge.quantization.ptq;

import java.util.Arrays;

/**
 * Accumulates the float values one tensor takes over the calibration samples: the overall min/max, and for
 * {@link CalibrationMethod.Percentile} the per-sample percentiles, averaged. Per-sample percentiles come from a
 * histogram over that sample's range, which is linear in the tensor size (a sort per tensor per sample is not).
 */
final class RangeObserver {

    private static final int BINS = 2048;

    private final double percent;
    private final int[] histogram;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private double lowSum;
    private double highSum;
    private int samples;

    /** @param percent upper percentile, or {@code NaN} for min-max only */
    RangeObserver(double percent) {
        this.percent = percent;
        this.histogram = Double.isNaN(percent) ? null : new int[BINS];
    }

    void observe(float[] values) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        if (Float.isNaN(lo) || Float.isNaN(hi) || Float.isInfinite(lo) || Float.isInfinite(hi)) {
            throw new IllegalStateException("the float model produced a non-finite value during calibration");
        }
        min = Math.min(min, lo);
        max = Math.max(max, hi);
        samples++;
        if (histogram != null) {
            addPercentiles(values, lo, hi);
        }
    }

    float min() {
        return min;
    }

    float max() {
        return max;
    }

    float calibratedMin() {
        return histogram == null || samples == 0 ? min : (float) Math.max(min, lowSum / samples);
    }

    float calibratedMax() {
        return histogram == null || samples == 0 ? max : (float) Math.min(max, highSum / samples);
    }

    /** One histogram over [lo, hi] gives both tails of this sample. */
    private void addPercentiles(float[] values, float lo, float hi) {
        if (hi <= lo) {
            lowSum += lo;
            highSum += hi;
            return;
        }
        Arrays.fill(histogram, 0);
        double width = (hi - (double) lo) / BINS;
        for (float v : values) {
            histogram[Math.min(BINS - 1, (int) ((v - lo) / width))]++;
        }
        double lowTarget = (100 - percent) / 100.0 * values.length;
        double highTarget = percent / 100.0 * values.length;
        long seen = 0;
        int lowBin = -1;
        int highBin = BINS - 1;
        for (int b = 0; b < BINS; b++) {
            seen += histogram[b];
            if (lowBin < 0 && seen > lowTarget) {
                lowBin = b;
            }
            if (seen >= highTarget) {
                highBin = b;
                break;
            }
        }
        // outer bin edges: never clip more than the percentile asks
        lowSum += lo + Math.max(lowBin, 0) * width;
        highSum += lo + (highBin + 1) * width;
    }
}
