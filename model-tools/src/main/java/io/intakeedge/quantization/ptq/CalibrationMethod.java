package io.intakeedge.quantization.ptq;

/**
 * How calibration turns the observed float values of a tensor into the range its int8 scale must cover.
 */
public sealed interface CalibrationMethod {

    /** The full observed range: nothing clips, but one outlier widens the scale for every value. */
    record MinMax() implements CalibrationMethod {
        @Override
        public String toString() {
            return "min-max";
        }
    }

    /**
     * Per calibration sample, the {@code 100 - percent} and {@code percent} percentiles of each tensor, averaged over
     * the samples: rare outliers clip so the common values get a finer scale.
     *
     * @param percent upper percentile in (50, 100], e.g. 99.99
     */
    record Percentile(double percent) implements CalibrationMethod {
        public Percentile {
            if (!(percent > 50 && percent <= 100)) {
                throw new IllegalArgumentException("percentile must be in (50, 100], got " + percent);
            }
        }

        @Override
        public String toString() {
            return "percentile(" + percent + ")";
        }
    }

    static CalibrationMethod minMax() {
        return new MinMax();
    }

    static CalibrationMethod percentile(double percent) {
        return new Percentile(percent);
    }
}
