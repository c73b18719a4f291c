package io.intakeedge.agent.bundle.lifecycle;

import java.time.Duration;

/**
 * When a freshly activated bundle counts as healthy. The watch ends after {@code decisions} decisions or
 * {@code window}, whichever comes first; it fails as soon as one limit is crossed once at least
 * {@code minDecisions} decisions were seen (a single slow first frame must not roll a fleet back).
 *
 * @param decisions         K: decisions watched before committing
 * @param window            T: longest watch; an idle station commits after T with what it saw
 * @param minDecisions      decisions needed before a rate is judged
 * @param maxErrorRate      largest share of decisions with an error (model error, invalid score)
 * @param maxFailClosedRate largest share routed to manual_intake
 * @param latencyBudgetMs   the device profile's decision budget
 * @param maxOverBudgetRate largest share of decisions slower than the budget
 * @param maxRouteShift     largest total-variation distance between the watched route mix and the mix the candidate
 *                          showed in shadow (0..1); judged only when shadow compared at least {@code minDecisions}
 */
public record HealthPolicy(int decisions, Duration window, int minDecisions, double maxErrorRate,
                           double maxFailClosedRate, long latencyBudgetMs, double maxOverBudgetRate,
                           double maxRouteShift) {
    public HealthPolicy {
        if (decisions < 1 || minDecisions < 1 || minDecisions > decisions) {
            throw new IllegalArgumentException("need 1 <= min_decisions <= decisions, got " + minDecisions + " and "
                    + decisions);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
    }

    /** K = 200 decisions or T = 10 minutes; 2 % errors, 20 % manual intake, 10 % over budget, 0.25 route shift. */
    public static HealthPolicy defaults(long latencyBudgetMs) {
        return new HealthPolicy(200, Duration.ofMinutes(10), 20, 0.02, 0.20, latencyBudgetMs, 0.10, 0.25);
    }
}
