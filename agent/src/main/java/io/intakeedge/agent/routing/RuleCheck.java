package io.intakeedge.agent.routing;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One routing rule as it was applied to one photo: what was measured, the limit, and whether the rule held. Values
 * are kept as objects and formatted only when printed, so {@link RoutingPolicy#decide} stays cheap.
 *
 * @param rule    rule name, e.g. {@code blur}, {@code positive_score}
 * @param measure what was compared, e.g. {@code blur_score}
 * @param value   the measured value (Double, Boolean, String, list); null when there was none
 * @param limit   the limit with its comparison, e.g. {@code <= 0.45}; empty when the rule has no numeric limit
 * @param status  whether the rule held; {@link Status#NOT_REACHED} when an earlier rule already decided
 * @param reason  the reason a failure of this rule gives (a failing rule decides the route, except gate rules,
 *                which are all evaluated and reported together)
 */
public record RuleCheck(String rule, String measure, Object value, String limit, Status status,
                        Optional<Reason> reason) {

    /** Whether a rule held. Every rule passing leaves {@code normal_review}. */
    public enum Status {
        PASS, FAIL, NOT_REACHED;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public RuleCheck {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(measure, "measure");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    static RuleCheck of(String rule, String measure, Object value, String limit, boolean holds, Reason onFailure) {
        return new RuleCheck(rule, measure, value, limit, holds ? Status.PASS : Status.FAIL,
                Optional.ofNullable(onFailure));
    }

    /** This rule, not evaluated because an earlier rule decided the route. */
    RuleCheck notReached() {
        return new RuleCheck(rule, measure, null, limit, Status.NOT_REACHED, reason);
    }

    /** Where a failure of this rule sends the photo, e.g. {@code request_new_photo / image_quality_gate}. */
    public String effect() {
        return reason.map(r -> (r.failsClosed() ? Route.MANUAL_INTAKE : r.normalRoute()) + " / " + r).orElse("");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** The value as printed: numbers with up to 6 decimals in their shortest form, NaN and infinities spelled out. */
    public String valueText() {
        if (value == null) {
            return "-";
        }
        if (value instanceof Double d) {
            return Double.isFinite(d) ? shortest(d) : d.toString();
        }
        return value.toString();
    }

    static String shortest(double d) {
        String s = String.format(Locale.ROOT, "%.6f", d);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
