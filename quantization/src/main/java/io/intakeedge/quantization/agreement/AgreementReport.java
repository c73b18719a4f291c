package io.intakeedge.quantization.agreement;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link AgreementGate} measured: figures over all samples and per slice, and the ids of (up to 50)
 * samples where the models disagreed on class or route. JSON (snake_case) via {@link #toJson()} so bundle tooling
 * can keep it with the model and refuse a candidate below the bundle's limits.
 *
 * @param positiveLabel   class index whose score decides escalation
 * @param threshold       the routing threshold the report was made with
 * @param overall         figures over every sample
 * @param slices          figures per slice tag, in tag order
 * @param disagreeingIds  samples with a top-1 or route disagreement, first 50
 */
public record AgreementReport(int positiveLabel, float threshold, SliceAgreement overall,
                              Map<String, SliceAgreement> slices, List<String> disagreeingIds) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public AgreementReport {
        slices = Collections.unmodifiableMap(new TreeMap<>(slices));
        disagreeingIds = List.copyOf(disagreeingIds);
    }

    /** True when overall and every slice meet the limits and no model output was NaN or infinite. */
    public boolean passes(double minTop1Agreement, double maxMeanAbsDiff) {
        return failures(minTop1Agreement, maxMeanAbsDiff, 0.0).isEmpty();
    }

    /** As {@link #passes(double, double)}, also requiring the route agreement under the threshold. */
    public boolean passes(double minTop1Agreement, double maxMeanAbsDiff, double minRouteAgreement) {
        return failures(minTop1Agreement, maxMeanAbsDiff, minRouteAgreement).isEmpty();
    }

    /** Why the candidate fails the limits, one sentence per slice and figure; empty when it passes. */
    public List<String> failures(double minTop1Agreement, double maxMeanAbsDiff, double minRouteAgreement) {
        List<String> failures = new ArrayList<>();
        check("overall", overall, minTop1Agreement, maxMeanAbsDiff, minRouteAgreement, failures);
        slices.forEach((name, slice) ->
                check("slice '" + name + "'", slice, minTop1Agreement, maxMeanAbsDiff, minRouteAgreement, failures));
        return failures;
    }

    private static void check(String where, SliceAgreement s, double minTop1, double maxMeanDiff, double minRoute,
                              List<String> failures) {
        if (s.nonFiniteOutputs() > 0) {
            failures.add(where + ": " + s.nonFiniteOutputs() + " sample(s) gave NaN or infinite scores");
        }
        if (!(s.top1Agreement() >= minTop1)) {
            failures.add(String.format("%s: top-1 agreement %.4f below %.4f", where, s.top1Agreement(), minTop1));
        }
        // written as !(x <= limit) so a NaN difference fails rather than passes
        if (!(s.meanAbsDiff() <= maxMeanDiff)) {
            failures.add(String.format("%s: mean score difference %.4f above %.4f", where, s.meanAbsDiff(),
                    maxMeanDiff));
        }
        if (!(s.routeAgreement() >= minRoute)) {
            failures.add(String.format("%s: route agreement %.4f below %.4f", where, s.routeAgreement(), minRoute));
        }
    }

    /** The report as indented snake_case JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write agreement report as JSON", e);
        }
    }

    /** Reads a report written by {@link #toJson()}. */
    public static AgreementReport fromJson(String json) {
        try {
            return JSON.readValue(json, AgreementReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an agreement report: " + e.getOriginalMessage(), e);
        }
    }
}
