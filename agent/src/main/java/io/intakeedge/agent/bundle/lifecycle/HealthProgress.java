package io.intakeedge.agent.bundle.lifecycle;

import java.util.Map;
import java.util.TreeMap;

/**
 * The health watch of a freshly activated bundle, so far or finished.
 *
 * @param bundle       the watched bundle
 * @param decisions    decisions it made since activation
 * @param target       decisions after which the watch ends (K)
 * @param seconds      seconds watched so far
 * @param limitSeconds seconds after which the watch ends (T)
 * @param errors       decisions with an error (model error, invalid score, ...)
 * @param failClosed   decisions routed to manual_intake
 * @param overBudget   decisions slower than the profile's latency budget
 * @param routes       route counts of the watched decisions
 * @param verdict      {@code watching}, {@code healthy} or {@code failed}
 * @param reason       why it failed ({@code error_rate}, {@code fail_closed_rate}, {@code latency_budget},
 *                     {@code route_mix}); null otherwise
 * @param detail       the numbers behind the reason
 */
public record HealthProgress(String bundle, long decisions, long target, long seconds, long limitSeconds,
                             long errors, long failClosed, long overBudget, Map<String, Long> routes,
                             String verdict, String reason, String detail) {
    public HealthProgress {
        routes = new TreeMap<>(routes);
    }
}
