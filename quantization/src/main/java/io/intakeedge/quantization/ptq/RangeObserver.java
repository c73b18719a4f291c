package io.intakeedge.quantization.ptq;

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
            lowSum += percentile(values, lo, hi, 100 - percent);
            highSum += percentile(values, lo, hi, percent);
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

    private double percentile(float[] values, float lo, float hi, double p) {
        if (hi <= lo) {
            return lo;
        }
        java.util.Arrays.fill(histogram, 0);
        double width = (hi - (double) lo) / BINS;
        for (float v : values) {
            histogram[Math.min(BINS - 1, (int) ((v - lo) / width))]++;
        }
        double target = p / 100.0 * values.length;
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += histogram[b];
            if (seen >= target) {
                return lo + (b + 1) * width; // upper edge: never clips more than the percentile asks
            }
        }
        return hi;
    }
}
