package io.intakeedge.agent.bundle.lifecycle;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a candidate scored live frames beside the active bundle: route agreement and where routes would shift.
 *
 * @param candidate       the candidate ({@code id@version})
 * @param active          the active bundle it was compared with
 * @param compared        decisions the candidate scored too
 * @param agreed          of those, how many got the same route
 * @param skipped         decisions not shadowed because the shadow scorer was still busy (counted, never waited for:
 *                        shadowing must not slow the live path)
 * @param candidateErrors shadow decisions where the candidate's model failed
 * @param activeRoutes    the active bundle's routes on the compared decisions
 * @param candidateRoutes the candidate's routes on the same decisions
 * @param shifts          {@code active_route->candidate_route} counts where they differ
 */
public record ShadowStats(String candidate, String active, long compared, long agreed, long skipped,
                          long candidateErrors, Map<String, Long> activeRoutes, Map<String, Long> candidateRoutes,
                          Map<String, Long> shifts) {
    public ShadowStats {
        activeRoutes = new TreeMap<>(activeRoutes);
        candidateRoutes = new TreeMap<>(candidateRoutes);
        shifts = new TreeMap<>(shifts);
    }

    /** Fraction of compared decisions with the same route; 1 when nothing was compared yet. */
    @JsonProperty("agreement")
    public double agreement() {
        return compared == 0 ? 1.0 : (double) agreed / compared;
    }

    /** The candidate's expected share of {@code route} (from shadow), or 0. */
    public double candidateShare(String route) {
        return compared == 0 ? 0 : candidateRoutes.getOrDefault(route, 0L) / (double) compared;
    }
}
