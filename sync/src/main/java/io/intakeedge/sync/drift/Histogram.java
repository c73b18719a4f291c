package io.intakeedge.sync.drift;

import java.util.List;
import java.util.Objects;

/**
 * Counts of one feature over the feature's fixed bins ({@link DriftFeature#edges()} or
 * {@link DriftFeature#categories()}).
 *
 * @param feature the feature, which also defines the bins
 * @param counts  one non-negative count per bin
 */
public record Histogram(DriftFeature feature, List<Long> counts) {

    public Histogram {
        Objects.requireNonNull(feature, "feature");
        counts = List.copyOf(counts);
        if (counts.size() != feature.binCount()) {
            throw new IllegalArgumentException(feature.wireName() + " has " + feature.binCount()
                    + " bins but " + counts.size() + " counts were given");
        }
        for (Long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException(feature.wireName() + " has a negative count: " + counts);
            }
        }
    }

    static Histogram of(DriftFeature feature, long[] counts) {
        return new Histogram(feature, java.util.Arrays.stream(counts).boxed().toList());
    }

    public static Histogram empty(DriftFeature feature) {
        return of(feature, new long[feature.binCount()]);
    }

    /** Sum of all bins: the sample size of this feature. */
    public long total() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }
}
