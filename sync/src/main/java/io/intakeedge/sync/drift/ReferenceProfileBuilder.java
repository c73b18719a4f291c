package io.intakeedge.sync.drift;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link ReferenceProfile} from observations of a period known to be good (e.g. a week of day-shift
 * frames after a camera was installed and checked). Feed it the same {@link DriftObservation}s the monitor would
 * see; a feature without any sample (e.g. no frame was scored) is left out of the profile, so windows report that
 * feature as {@code no_reference} instead of comparing against nothing. Not thread-safe.
 */
public final class ReferenceProfileBuilder {

    private final String source;
    private final String builtBy;
    private final FeatureTally tally = new FeatureTally();

    /**
     * @param source  what the observations are, for the provenance (site, period, conditions)
     * @param builtBy the tool and version building it, for the provenance
     */
    public ReferenceProfileBuilder(String source, String builtBy) {
        this.source = Objects.requireNonNull(source, "source");
        this.builtBy = Objects.requireNonNull(builtBy, "builtBy");
    }

    public ReferenceProfileBuilder add(DriftObservation observation) {
        tally.add(Objects.requireNonNull(observation, "observation"));
        return this;
    }

    public ReferenceProfileBuilder addAll(Iterable<DriftObservation> observations) {
        observations.forEach(this::add);
        return this;
    }

    /** Observations added so far. */
    public long count() {
        return tally.observations();
    }

    /**
     * The profile of everything added.
     *
     * @param builtAt recorded as the profile's build time
     * @throws IllegalStateException when nothing was added
     */
    public ReferenceProfile build(Instant builtAt) {
        if (tally.observations() == 0) {
            throw new IllegalStateException("cannot build a drift reference profile from zero observations");
        }
        Map<DriftFeature, Histogram> histograms = new EnumMap<>(DriftFeature.class);
        tally.histograms().forEach((feature, h) -> {
            if (h.total() > 0) {
                histograms.put(feature, h);
            }
        });
        Provenance provenance = new Provenance(tally.observations(), tally.earliest(), tally.latest(),
                tally.cameras().stream().toList(), builtAt, builtBy, source);
        return new ReferenceProfile(provenance, histograms);
    }
}
