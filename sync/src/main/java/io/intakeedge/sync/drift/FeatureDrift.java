package io.intakeedge.sync.drift;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One feature of a closed window compared with the reference.
 *
 * @param histogram the window's histogram of the feature
 * @param psi       PSI against the reference; absent unless {@code status} is ok, warning or critical
 * @param status    the feature's band, or why there is no PSI
 */
public record FeatureDrift(Histogram histogram, OptionalDouble psi, DriftStatus status) {

    public FeatureDrift {
        Objects.requireNonNull(histogram, "histogram");
        Objects.requireNonNull(psi, "psi");
        Objects.requireNonNull(status, "status");
        boolean judged = status == DriftStatus.OK || status == DriftStatus.WARNING || status == DriftStatus.CRITICAL;
        if (judged != psi.isPresent()) {
            throw new IllegalArgumentException("a feature has a PSI exactly when it is ok/warning/critical, got "
                    + status + " with psi " + psi);
        }
    }

    public DriftFeature feature() {
        return histogram.feature();
    }
}
