package io.intakeedge.agent.routing;

import java.util.List;
import java.util.Objects;

/**
 * A decision together with every rule that led to it, in the order {@link RoutingPolicy} applies them: the quality
 * gate's rules first (all evaluated, so every failing gate is named), then the model-output rules up to the first
 * one that decides. {@link RoutingPolicy#decide} is {@link RoutingPolicy#explain}'s decision, so what an explanation
 * shows is exactly what routed the photo.
 *
 * @param decision the route, reason, score and gate verdict
 * @param checks   every rule with its value, limit and status
 */
public record RouteExplanation(Decision decision, List<RuleCheck> checks) {
    public RouteExplanation {
        Objects.requireNonNull(decision, "decision");
        checks = List.copyOf(checks);
    }
}
