package io.intakeedge.agent.routing;

import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityGate;
import io.intakeedge.capture.quality.QualityMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns a photo's quality and the model's answer into a {@link Decision}, with the thresholds pinned by the serving
 * bundle. Quality comes first (seed 000): an unusable photo never escalates, whatever the model says. Anything wrong
 * with the model's answer fails closed to the bundle's fallback route (seed 001) — never {@code normal_review}.
 *
 * <p>Typical use: {@code verdict = policy.gate(metrics)}; run the model only when {@code verdict.passed()};
 * then {@code policy.decide(verdict, outcome)}. Immutable and thread-safe.
 */
public final class RoutingPolicy {

    /** Gate reason when a quality value is NaN/infinite: the capture path is broken, so the photo can't be used. */
    public static final String QUALITY_UNMEASURABLE = QualityGate.QUALITY_UNMEASURABLE;

    private final double damageThreshold;
    private final GateThresholds gateThresholds;
    private final QualityGate qualityGate;
    private final String positiveLabel;
    private final Route fallback;

    /**
     * @param damageThreshold positive-label score at or above which the photo goes to priority review, in [0, 1]
     * @param gateThresholds  quality limits (blur, brightness, over-exposure)
     * @param positiveLabel   the label whose score is compared, e.g. {@code damaged}
     * @param fallback        the fail-closed route; must be {@code manual_intake} ({@link Route#isSafeFallback()})
     */
    public RoutingPolicy(double damageThreshold, GateThresholds gateThresholds, String positiveLabel, Route fallback) {
        if (!(damageThreshold >= 0.0 && damageThreshold <= 1.0)) {
            throw new IllegalArgumentException("damage threshold must be in [0, 1], got " + damageThreshold);
        }
        this.gateThresholds = Objects.requireNonNull(gateThresholds, "gateThresholds");
        this.qualityGate = new QualityGate(gateThresholds);
        this.positiveLabel = Objects.requireNonNull(positiveLabel, "positiveLabel");
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        if (!fallback.isSafeFallback()) {
            throw new IllegalArgumentException("fallback route " + fallback + " is not allowed: failures must "
                    + "fail closed to manual_intake");
        }
        this.damageThreshold = damageThreshold;
    }

    public double damageThreshold() {
        return damageThreshold;
    }

    public GateThresholds gateThresholds() {
        return gateThresholds;
    }

    public String positiveLabel() {
        return positiveLabel;
    }

    public Route fallback() {
        return fallback;
    }

    /**
     * The fail-closed decision when no bundle is loaded (so no policy exists): manual intake, model unavailable.
     */
    public static Decision withoutBundle(String why) {
        return new Decision(Route.MANUAL_INTAKE, Reason.MODEL_UNAVAILABLE, OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.of(why));
    }

    /**
     * The fail-closed decision while traces cannot be stored (disk full, database failing): manual intake whatever
     * the photo shows, so no parcel is routed by a decision the station may not be able to record.
     */
    public static Decision storageFault(String why) {
        return new Decision(Route.MANUAL_INTAKE, Reason.STORAGE_FAULT, OptionalDouble.empty(),
                OptionalDouble.empty(), Optional.empty(), Optional.of(why));
    }

    /** {@link #storageFault} with the one rule that decided it: trace storage was failing. */
    public static RouteExplanation explainStorageFault(String why) {
        return new RouteExplanation(storageFault(why), List.of(RuleCheck.of("storage_writable", "trace storage",
                "failing", "= writable", false, Reason.STORAGE_FAULT)));
    }

    /** {@link #withoutBundle} with the one rule that decided it: no bundle, so no thresholds and no model. */
    public static RouteExplanation explainWithoutBundle(String why) {
        return new RouteExplanation(withoutBundle(why), List.of(RuleCheck.of("bundle_loaded", "serving bundle",
                "none", "= loaded", false, Reason.MODEL_UNAVAILABLE)));
    }

    /**
     * The quality gate with this policy's thresholds. Reasons, most important first: {@code package_not_visible},
     * {@code package_incomplete}, {@code quality_unmeasurable}, {@code too_blurry}, {@code too_dark},
     * {@code over_exposed}.
     */
    public GateVerdict gate(QualityMetrics m) {
        return qualityGate.evaluate(m);
    }

    /** {@link #gate} then {@link #decide(GateVerdict, ModelOutcome)}; the routing table in one call. */
    public Decision decide(QualityMetrics metrics, ModelOutcome outcome) {
        return decide(gate(metrics), outcome);
    }

    /**
     * Decides the route. The verdict's metrics are re-checked against this policy's thresholds, so a verdict made
     * with other limits can make the gate stricter but never looser than the bundle pins.
     */
    public Decision decide(GateVerdict verdict, ModelOutcome outcome) {
        return explain(verdict, outcome).decision();
    }

    /** {@link #gate} then {@link #explain(GateVerdict, ModelOutcome)}. */
    public RouteExplanation explain(QualityMetrics metrics, ModelOutcome outcome) {
        return explain(gate(metrics), outcome);
    }

    /**
     * The decision and every rule that led to it: the gate rules ({@link GateRules}), then {@link OutputRule}s in
     * order until one fails. {@link #decide} returns this decision, so the explanation is the routing itself.
     */
    public RouteExplanation explain(GateVerdict verdict, ModelOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        GateVerdict gate = merged(verdict, gate(verdict.metrics()));
        List<RuleCheck> checks = new ArrayList<>(GateRules.checks(gate, gateThresholds));
        if (!gate.passed()) {
            Arrays.stream(OutputRule.values()).map(OutputRule::notReached).forEach(checks::add);
            return new RouteExplanation(retake(gate), checks);
        }
        OutputRule.Facts facts = OutputRule.Facts.of(outcome, positiveLabel, damageThreshold);
        Decision decision = null;
        for (OutputRule rule : OutputRule.values()) {
            if (decision != null) {
                checks.add(rule.notReached());
                continue;
            }
            RuleCheck check = rule.check(facts);
            checks.add(check);
            if (check.failed()) {
                decision = rule == OutputRule.BELOW_THRESHOLD ? scored(gate, facts, true)
                        : failClosed(gate, rule.reason, rule.detail(facts));
            }
        }
        return new RouteExplanation(decision == null ? scored(gate, facts, false) : decision, checks);
    }

    /**
     * The float's shortest decimal form as a double ({@code 0.91f} becomes {@code 0.91}, not
     * {@code 0.9100000262260437}), so traces show the score the model produced.
     */
    public static double asDecimal(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    private Decision retake(GateVerdict gate) {
        return new Decision(Route.REQUEST_NEW_PHOTO, GateRules.reasonOf(gate.reasons()), OptionalDouble.empty(),
                OptionalDouble.of(damageThreshold), Optional.of(gate), Optional.empty());
    }

    private Decision scored(GateVerdict gate, OutputRule.Facts facts, boolean damaged) {
        return new Decision(damaged ? Route.PRIORITY_DAMAGE_REVIEW : Route.NORMAL_REVIEW,
                damaged ? Reason.DAMAGE_THRESHOLD : Reason.BELOW_THRESHOLD,
                OptionalDouble.of(asDecimal(facts.scores()[facts.positiveIndex()])),
                OptionalDouble.of(damageThreshold), Optional.of(gate), Optional.empty());
    }

    private Decision failClosed(GateVerdict gate, Reason reason, String detail) {
        return new Decision(fallback, reason, OptionalDouble.empty(), OptionalDouble.of(damageThreshold),
                Optional.of(gate), Optional.of(detail));
    }

    private static GateVerdict merged(GateVerdict given, GateVerdict pinned) {
        Set<String> reasons = new LinkedHashSet<>(pinned.reasons());
        reasons.addAll(given.reasons());
        return new GateVerdict(reasons.isEmpty(), List.copyOf(reasons), pinned.metrics());
    }
}
