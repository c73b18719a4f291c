package io.intakeedge.sync.drift;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Mutable counts of a set of observations; shared by open windows and the reference builder. Not thread-safe. */
final class FeatureTally {

    private final Map<DriftFeature, long[]> counts = new EnumMap<>(DriftFeature.class);
    private final Map<String, Long> routes = new TreeMap<>();
    private final Map<String, Long> reasons = new TreeMap<>();
    private final Set<String> cameras = new TreeSet<>();
    private long observations;
    private long scored;
    private Instant first;
    private Instant last;
    private Instant earliest;
    private Instant latest;

    FeatureTally() {
        for (DriftFeature f : DriftFeature.values()) {
            counts.put(f, new long[f.binCount()]);
        }
    }

    void add(DriftObservation o) {
        counts.forEach((feature, bins) -> feature.tally(o, bins));
        routes.merge(o.route(), 1L, Long::sum);
        o.gateReasons().forEach(r -> reasons.merge(r, 1L, Long::sum));
        cameras.add(o.cameraId());
        observations++;
        if (o.score().isPresent()) {
            scored++;
        }
        if (first == null) {
            first = o.time();
            earliest = o.time();
            latest = o.time();
        }
        last = o.time();
        earliest = o.time().isBefore(earliest) ? o.time() : earliest;
        latest = o.time().isAfter(latest) ? o.time() : latest;
    }

    Map<DriftFeature, Histogram> histograms() {
        Map<DriftFeature, Histogram> out = new EnumMap<>(DriftFeature.class);
        counts.forEach((feature, bins) -> out.put(feature, Histogram.of(feature, bins)));
        return out;
    }

    Map<String, Long> routes() {
        return routes;
    }

    Map<String, Long> reasons() {
        return reasons;
    }

    Set<String> cameras() {
        return cameras;
    }

    long observations() {
        return observations;
    }

    long scored() {
        return scored;
    }

    /** Time of the first observation added (the window's start); null while empty. */
    Instant first() {
        return first;
    }

    /** Time of the last observation added. */
    Instant last() {
        return last;
    }

    Instant earliest() {
        return earliest;
    }

    Instant latest() {
        return latest;
    }
}
