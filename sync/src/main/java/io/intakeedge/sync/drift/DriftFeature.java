package io.intakeedge.sync.drift;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The monitored features and their FIXED bins. Window histograms and reference histograms must use identical bins
 * for PSI to mean anything, so the bins live here, in code, and a reference profile whose bins differ is rejected.
 *
 * <p>Numeric bins: bin {@code i} holds {@code edges[i] <= v < edges[i+1]}; the last bin also holds {@code v == 1.0}.
 * <ul>
 *   <li>{@code brightness}, {@code blur_score}, {@code score}: ten equal bins 0, 0.1, …, 1.0.</li>
 *   <li>{@code over_exposed_fraction}, {@code under_exposed_fraction}: 0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1,
 *       0.2, 0.5, 1.0 — clipped-pixel fractions of usable photos are mostly below 5 %, so equal bins would put
 *       nearly everything in the first bin and hide a shift.</li>
 * </ul>
 * Categorical bins: {@code route} (one count per observation) and {@code gate_reason} (one count per reason code,
 * {@code none} for a passed gate; a frame failing two checks counts twice). Unknown values count as {@code other},
 * so a new route or reason code never breaks monitoring.
 * {@code score} counts only observations that have a score.
 */
public enum DriftFeature {
    BRIGHTNESS("brightness", tenths(), null),
    BLUR_SCORE("blur_score", tenths(), null),
    OVER_EXPOSED_FRACTION("over_exposed_fraction", exposureEdges(), null),
    UNDER_EXPOSED_FRACTION("under_exposed_fraction", exposureEdges(), null),
    SCORE("score", tenths(), null),
    ROUTE("route", null,
            List.of("request_new_photo", "normal_review", "priority_damage_review", "manual_intake", "other")),
    GATE_REASON("gate_reason", null,
            List.of("none", "package_not_visible", "package_incomplete", "too_blurry", "too_dark", "over_exposed",
                    "other"));

    /** Category that counts route names and reason codes this version does not know. */
    public static final String OTHER = "other";
    /** Gate-reason category of a frame that passed the gate. */
    public static final String NONE = "none";

    private final String wireName;
    private final List<Double> edges;
    private final List<String> categories;

    DriftFeature(String wireName, List<Double> edges, List<String> categories) {
        this.wireName = wireName;
        this.edges = edges;
        this.categories = categories;
    }

    /** Name used in JSON payloads, reference profiles and the database. */
    public String wireName() {
        return wireName;
    }

    public boolean isNumeric() {
        return edges != null;
    }

    /** Bin edges (bins + 1 values) of a numeric feature; empty for a categorical one. */
    public List<Double> edges() {
        return edges == null ? List.of() : edges;
    }

    /** Categories of a categorical feature, {@code other} last; empty for a numeric one. */
    public List<String> categories() {
        return categories == null ? List.of() : categories;
    }

    public int binCount() {
        return isNumeric() ? edges.size() - 1 : categories.size();
    }

    public static Optional<DriftFeature> byWireName(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }

    /** Adds what {@code o} contributes to this feature's histogram into {@code counts}. */
    void tally(DriftObservation o, long[] counts) {
        switch (this) {
            case BRIGHTNESS -> counts[numericBin(o.brightness())]++;
            case BLUR_SCORE -> counts[numericBin(o.blurScore())]++;
            case OVER_EXPOSED_FRACTION -> counts[numericBin(o.overExposedFraction())]++;
            case UNDER_EXPOSED_FRACTION -> counts[numericBin(o.underExposedFraction())]++;
            case SCORE -> o.score().ifPresent(s -> counts[numericBin(s)]++);
            case ROUTE -> counts[categoryBin(o.route())]++;
            case GATE_REASON -> {
                if (o.gateReasons().isEmpty()) {
                    counts[categoryBin(NONE)]++;
                }
                o.gateReasons().forEach(reason -> counts[categoryBin(reason)]++);
            }
        }
    }

    int numericBin(double v) {
        // edges are few (<= 11): a linear scan is clearer than a binary search and as fast
        for (int i = 1; i < edges.size() - 1; i++) {
            if (v < edges.get(i)) {
                return i - 1;
            }
        }
        return edges.size() - 2;
    }

    int categoryBin(String value) {
        int i = categories.indexOf(value.toLowerCase(Locale.ROOT));
        return i >= 0 ? i : categories.indexOf(OTHER);
    }

    private static List<Double> tenths() {
        return List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    }

    private static List<Double> exposureEdges() {
        return List.of(0.0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0);
    }
}
