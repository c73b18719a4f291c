package io.intakeedge.agent.bundle;

import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.routing.RoutingPolicy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A serving bundle: model, labels, preprocessing, thresholds and fail-closed fallback, loaded and verified as one
 * unit by {@link BundleLoader} and swapped or rolled back as one unit by {@link ActiveBundle} (seed 001: a rollback
 * that restores only weights doesn't restore behavior).
 *
 * @param id             bundle id, e.g. {@code parcel-damage}
 * @param version        bundle version, e.g. {@code 2026.11.23-1}
 * @param directory      where it was loaded from
 * @param model          the verified model bytes and their sha256
 * @param labels         output labels in model output order
 * @param labelVersion   version of the label set/guide
 * @param positiveLabel  the label whose score is compared with the damage threshold; one of {@code labels}
 * @param preprocess     pinned preprocessing
 * @param thresholds     pinned decision thresholds
 * @param fallbackRoute  where failures go (fail closed); always {@code manual_intake}
 * @param driftReference optional drift reference profile file inside the bundle
 * @param createdAt      when the bundle was made
 * @param provenance     free-form key/value facts on how it was made (trainer, dataset, seed, ...)
 */
public record Bundle(String id, String version, Path directory, BundleModel model, List<String> labels,
                     String labelVersion, String positiveLabel, BundlePreprocess preprocess,
                     BundleThresholds thresholds, Route fallbackRoute, Optional<Path> driftReference,
                     Instant createdAt, Map<String, String> provenance) {

    public Bundle {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(preprocess, "preprocess");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(fallbackRoute, "fallbackRoute");
        Objects.requireNonNull(driftReference, "driftReference");
        labels = List.copyOf(labels);
        if (!labels.contains(positiveLabel)) {
            throw new IllegalArgumentException("positive label '" + positiveLabel + "' is not among " + labels);
        }
        provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
    }

    /** The routing policy this bundle pins (thresholds, positive label, fallback). */
    public RoutingPolicy routingPolicy() {
        return new RoutingPolicy(thresholds.damageThreshold(), thresholds.gate(), positiveLabel, fallbackRoute);
    }

    /** What a trace records about this bundle. */
    public BundleRef ref() {
        return new BundleRef(id, version, model.sha256(), preprocess.id(), labelVersion, positiveLabel);
    }

    /** {@code id@version}, for logs and status pages. */
    public String displayName() {
        return id + "@" + version;
    }
}
