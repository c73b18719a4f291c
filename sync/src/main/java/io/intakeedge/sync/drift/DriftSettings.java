package io.intakeedge.sync.drift;

import java.time.Duration;
import java.util.Objects;

/**
 * How drift windows are cut and judged.
 *
 * @param windowDuration a camera's window closes once an observation arrives this long after its first one (or
 *                       when {@link DriftMonitor#closeExpired} finds it this old)
 * @param windowMaxCount … or once it holds this many observations, whichever comes first
 * @param minSamples     a window (or a feature in it) with fewer samples gets {@code insufficient_samples}, so a
 *                       quiet quarter hour cannot raise a false alarm
 * @param warningPsi     PSI at or above this is a warning (seeds: 0.1)
 * @param criticalPsi    PSI above this is critical (seeds: 0.2)
 */
public record DriftSettings(Duration windowDuration, int windowMaxCount, int minSamples, double warningPsi,
                            double criticalPsi) {

    public DriftSettings {
        Objects.requireNonNull(windowDuration, "windowDuration");
        if (windowDuration.isNegative() || windowDuration.isZero()) {
            throw new IllegalArgumentException("windowDuration must be positive but was " + windowDuration);
        }
        if (windowMaxCount < 1) {
            throw new IllegalArgumentException("windowMaxCount must be >= 1 but was " + windowMaxCount);
        }
        if (minSamples < 1 || minSamples > windowMaxCount) {
            throw new IllegalArgumentException("minSamples must be within 1..windowMaxCount (" + windowMaxCount
                    + ") or no window could ever be judged, but was " + minSamples);
        }
        if (!(warningPsi > 0 && warningPsi <= criticalPsi)) {
            throw new IllegalArgumentException("need 0 < warningPsi <= criticalPsi but got " + warningPsi
                    + " and " + criticalPsi);
        }
    }

    /** 15 minutes or 500 observations, at least 200 samples, seeds' bands 0.1 / 0.2. */
    public static DriftSettings defaults() {
        return new DriftSettings(Duration.ofMinutes(15), 500, 200, 0.1, 0.2);
    }

    /** The band a PSI value falls in. */
    public DriftStatus band(double psi) {
        if (psi > criticalPsi) {
            return DriftStatus.CRITICAL;
        }
        return psi >= warningPsi ? DriftStatus.WARNING : DriftStatus.OK;
    }
}
