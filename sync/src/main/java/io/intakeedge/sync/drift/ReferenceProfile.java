package io.intakeedge.sync.drift;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What "normal" looks like for drift monitoring: per-feature reference histograms over the same fixed bins as the
 * windows ({@link DriftFeature}), plus where they came from. The active bundle carries one as JSON (schema
 * {@value #SCHEMA}); build one with {@link ReferenceProfileBuilder}.
 *
 * @param provenance what it was built from, when and by what
 * @param histograms reference histogram per feature; a feature may be missing (then that feature is
 *                   {@code no_reference} in every window)
 */
public record ReferenceProfile(Provenance provenance, Map<DriftFeature, Histogram> histograms) {

    /** Schema id written into, and required from, the JSON form. */
    public static final String SCHEMA = "intake.drift-reference/1";

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceProfile.class);

    public ReferenceProfile {
        Objects.requireNonNull(provenance, "provenance");
        histograms = Collections.unmodifiableMap(histograms.isEmpty()
                ? new EnumMap<>(DriftFeature.class) : new EnumMap<>(histograms));
        histograms.forEach((feature, h) -> {
            if (h.feature() != feature) {
                throw new IllegalArgumentException("histogram of " + h.feature().wireName() + " filed under "
                        + feature.wireName());
            }
        });
    }

    /** Observations the profile was built from. */
    public long sampleCount() {
        return provenance.observations();
    }

    public Optional<Histogram> histogram(DriftFeature feature) {
        return Optional.ofNullable(histograms.get(feature));
    }

    /** The JSON form (pretty-printed, UTF-8 when written to a file). */
    public String toJson() {
        return ReferenceProfileCodec.write(this);
    }

    /**
     * Parses the JSON form.
     *
     * @throws IncompatibleReferenceException wrong schema, different bin edges or categories, bad counts
     * @throws IOException                    not JSON at all
     */
    public static ReferenceProfile fromJson(String json) throws IOException {
        return ReferenceProfileCodec.read(json);
    }

    public void writeTo(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public static ReferenceProfile readFrom(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * The profile in {@code file}, or empty when there is none or it cannot be used; the reason is logged. This is
     * what the agent passes to {@link DriftMonitor}: drift then reports "reference: none" instead of inventing one.
     */
    public static Optional<ReferenceProfile> loadOrNone(Path file) {
        try {
            return Optional.of(readFrom(file));
        } catch (NoSuchFileException e) {
            LOG.warn("no drift reference profile at {}: drift windows will report reference none", file);
        } catch (IOException e) {
            LOG.error("drift reference profile {} is unusable, drift windows will report reference none: {}",
                    file, e.getMessage());
        }
        return Optional.empty();
    }
}
