package io.intakeedge.agent.bundle.lifecycle;

import io.intakeedge.agent.bundle.BundleRef;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.Trace;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Watches the decisions of a freshly activated bundle against a {@link HealthPolicy}: error rate, fail-closed rate,
 * latency against the profile's budget, and the route mix against what the candidate showed in shadow. Decisions of
 * other bundles (made before the switch) are ignored. Thread-safe.
 */
public final class HealthWatch {
    private final HealthPolicy policy;
    private final BundleRef watched;
    private final String name;
    private final ShadowStats expected;
    private final Instant started;
    private final Map<String, Long> routes = new HashMap<>();
    private long decisions;
    private long errors;
    private long failClosed;
    private long overBudget;
    private HealthProgress verdict;

    /** @param expected the candidate's shadow statistics; null when it did not run in shadow */
    public HealthWatch(HealthPolicy policy, BundleRef watched, String name, ShadowStats expected, Instant started) {
        this.policy = policy;
        this.watched = watched;
        this.name = name;
        this.expected = expected;
        this.started = started;
    }

    /** Counts one committed decision; returns the verdict once the watch ended (healthy or failed), else null. */
    public synchronized HealthProgress onDecision(Trace t, Instant now) {
        if (verdict != null || !watched.equals(t.bundle()) || t.reason() == Reason.STORAGE_FAULT) {
            return null; // a full disk is not the bundle's failure: its fail-closed decisions are not counted
        }
        decisions++;
        routes.merge(t.route().code(), 1L, Long::sum);
        if (t.error() != null) {
            errors++;
        }
        if (t.route() == Route.MANUAL_INTAKE) {
            failClosed++;
        }
        if (t.latency().totalMicros() > policy.latencyBudgetMs() * 1000) {
            overBudget++;
        }
        return judge(now);
    }

    /** Ends the watch by time when {@code window} has passed; returns the verdict then, else null. */
    public synchronized HealthProgress onTick(Instant now) {
        if (verdict != null || Duration.between(started, now).compareTo(policy.window()) < 0) {
            return null;
        }
        String failure = decisions >= policy.minDecisions() ? failure() : null;
        return finish(now, failure == null ? "healthy" : "failed", failure);
    }

    public synchronized HealthProgress progress(Instant now) {
        return verdict != null ? verdict : snapshot(now, "watching", null, null);
    }

    private HealthProgress judge(Instant now) {
        if (decisions >= policy.minDecisions()) {
            String failure = failure();
            if (failure != null) {
                return finish(now, "failed", failure);
            }
        }
        return decisions >= policy.decisions() ? finish(now, "healthy", null) : null;
    }

    private HealthProgress finish(Instant now, String how, String failure) {
        verdict = snapshot(now, how, failure == null ? null : failure.substring(0, failure.indexOf(':')),
                failure == null ? null : failure.substring(failure.indexOf(':') + 2));
        return verdict;
    }

    /** {@code code: numbers} of the first limit crossed, or null. */
    private String failure() {
        double n = decisions;
        if (errors / n > policy.maxErrorRate()) {
            return String.format("error_rate: %d of %d decisions had an error (limit %.0f %%)", errors, decisions,
                    policy.maxErrorRate() * 100);
        }
        if (failClosed / n > policy.maxFailClosedRate()) {
            return String.format("fail_closed_rate: %d of %d decisions went to manual_intake (limit %.0f %%)",
                    failClosed, decisions, policy.maxFailClosedRate() * 100);
        }
        if (overBudget / n > policy.maxOverBudgetRate()) {
            return String.format("latency_budget: %d of %d decisions took longer than the profile's %d ms "
                    + "(limit %.0f %%)", overBudget, decisions, policy.latencyBudgetMs(),
                    policy.maxOverBudgetRate() * 100);
        }
        double shift = routeShift();
        if (shift > policy.maxRouteShift()) {
            return String.format("route_mix: routes %s differ from the shadow expectation %s by %.2f (limit %.2f)",
                    routes, expected.candidateRoutes(), shift, policy.maxRouteShift());
        }
        return null;
    }

    /** Total-variation distance between the watched route mix and the shadow's; 0 without enough shadow data. */
    private double routeShift() {
        if (expected == null || expected.compared() < policy.minDecisions()) {
            return 0;
        }
        Set<String> all = new HashSet<>(routes.keySet());
        all.addAll(expected.candidateRoutes().keySet());
        double sum = 0;
        for (String r : all) {
            sum += Math.abs(routes.getOrDefault(r, 0L) / (double) decisions - expected.candidateShare(r));
        }
        return sum / 2;
    }

    private HealthProgress snapshot(Instant now, String how, String reason, String detail) {
        return new HealthProgress(name, decisions, policy.decisions(), Duration.between(started, now).toSeconds(),
                policy.window().toSeconds(), errors, failClosed, overBudget, routes, how, reason, detail);
    }
}
