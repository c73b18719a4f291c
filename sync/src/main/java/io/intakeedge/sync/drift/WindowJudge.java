package io.intakeedge.sync.drift;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Turns an open window's tally into a closed, judged {@link DriftWindow}. */
final class WindowJudge {

    private WindowJudge() {
    }

    static DriftWindow close(String cameraId, FeatureTally tally, WindowClose why,
                             Optional<ReferenceProfile> reference, DriftSettings settings) {
        Map<DriftFeature, FeatureDrift> features = new EnumMap<>(DriftFeature.class);
        tally.histograms().forEach((feature, h) -> features.put(feature, judge(h, reference, settings)));
        DriftStatus status = windowStatus(tally.observations(), features, reference, settings);
        return new DriftWindow(cameraId, tally.first(), tally.last(), why, tally.observations(), tally.scored(),
                status, features, tally.routes(), tally.reasons(), reference.map(ReferenceProfile::provenance),
                settings);
    }

    private static FeatureDrift judge(Histogram actual, Optional<ReferenceProfile> reference,
                                      DriftSettings settings) {
        Optional<Histogram> expected = reference.flatMap(r -> r.histogram(actual.feature()))
                .filter(h -> h.total() > 0);
        if (expected.isEmpty()) {
            return new FeatureDrift(actual, OptionalDouble.empty(), DriftStatus.NO_REFERENCE);
        }
        if (actual.total() < settings.minSamples()) {
            return new FeatureDrift(actual, OptionalDouble.empty(), DriftStatus.INSUFFICIENT_SAMPLES);
        }
        double psi = Psi.of(actual.counts(), expected.get().counts());
        return new FeatureDrift(actual, OptionalDouble.of(psi), settings.band(psi));
    }

    private static DriftStatus windowStatus(long count, Map<DriftFeature, FeatureDrift> features,
                                            Optional<ReferenceProfile> reference, DriftSettings settings) {
        if (reference.isEmpty()) {
            return DriftStatus.NO_REFERENCE;
        }
        if (count < settings.minSamples()) {
            return DriftStatus.INSUFFICIENT_SAMPLES;
        }
        DriftStatus worst = null;
        for (FeatureDrift f : features.values()) {
            if (f.psi().isPresent() && (worst == null || f.status().ordinal() > worst.ordinal())) {
                worst = f.status();
            }
        }
        // enough frames but nothing judged: e.g. every frame failed the gate (no scores) and the reference lacks
        // the other features; saying "ok" here would be inventing a verdict
        return worst != null ? worst : DriftStatus.INSUFFICIENT_SAMPLES;
    }
}
