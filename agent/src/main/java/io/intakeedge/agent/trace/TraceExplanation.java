package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.RouteExplanation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored trace next to its re-derivation ({@link TraceExplainer}).
 *
 * @param trace       the stored trace
 * @param derived     the rules applied to the trace's recorded values; empty when the trace lacks what they need
 * @param differences where the stored decision and the re-derived one disagree, or why nothing could be re-derived;
 *                    empty when they agree
 */
public record TraceExplanation(Trace trace, Optional<RouteExplanation> derived, List<String> differences) {
    public TraceExplanation {
        Objects.requireNonNull(trace, "trace");
        Objects.requireNonNull(derived, "derived");
        differences = List.copyOf(differences);
    }

    /** True when the stored route, reason, gate reasons and score are exactly what the rules give. */
    public boolean matches() {
        return derived.isPresent() && differences.isEmpty();
    }
}
