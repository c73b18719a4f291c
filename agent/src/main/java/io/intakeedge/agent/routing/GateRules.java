package io.intakeedge.agent.routing;

import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityGate;
import io.intakeedge.capture.quality.QualityMetrics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The quality gate's rules as {@link RuleCheck}s. Pass or fail is read from the gate's own verdict (which
 * {@link QualityGate} computed): this class only names each rule's value and limit, it never compares again, so the
 * explanation cannot disagree with the gate that routed the photo.
 */
final class GateRules {
    private static final List<String> KNOWN = List.of(QualityGate.CAMERA_FAULT, QualityGate.PACKAGE_NOT_VISIBLE, QualityGate.PACKAGE_INCOMPLETE,
            QualityGate.QUALITY_UNMEASURABLE, QualityGate.TOO_BLURRY, QualityGate.TOO_DARK, QualityGate.OVER_EXPOSED);

    private GateRules() {
    }

    /** The reason a failed gate gives: visibility first, then completeness, otherwise the image-quality gate. */
    static Reason reasonOf(List<String> gateReasons) {
        return gateReasons.contains(QualityGate.PACKAGE_NOT_VISIBLE) ? Reason.PACKAGE_NOT_VISIBLE
                : gateReasons.contains(QualityGate.PACKAGE_INCOMPLETE) ? Reason.PACKAGE_INCOMPLETE
                : Reason.IMAGE_QUALITY_GATE;
    }

    static List<RuleCheck> checks(GateVerdict gate, GateThresholds t) {
        QualityMetrics m = gate.metrics();
        List<String> r = gate.reasons();
        boolean measurable = !r.contains(QualityGate.QUALITY_UNMEASURABLE);
        List<RuleCheck> checks = new ArrayList<>(8);
        checks.add(RuleCheck.of("camera_ok", "locator_fault", m.locatorFault() == null ? "none" : m.locatorFault(),
                "none", !r.contains(QualityGate.CAMERA_FAULT), Reason.IMAGE_QUALITY_GATE));
        if (r.contains(QualityGate.CAMERA_FAULT)) {
            // the gate judged nothing else: a frame the locator could not read says nothing about the parcel
            return notReachedAfter(checks, m, t);
        }
        checks.add(RuleCheck.of("parcel_visible", "parcel_visible", m.parcelVisible(), "= true",
                !r.contains(QualityGate.PACKAGE_NOT_VISIBLE), Reason.PACKAGE_NOT_VISIBLE));
        RuleCheck complete = RuleCheck.of("parcel_complete", "parcel_complete", m.parcelComplete(), "= true",
                !r.contains(QualityGate.PACKAGE_INCOMPLETE), Reason.PACKAGE_INCOMPLETE);
        checks.add(m.parcelVisible() ? complete : complete.notReached());
        checks.add(RuleCheck.of("quality_measurable", "non-finite values", nonFinite(m), "none", measurable,
                Reason.IMAGE_QUALITY_GATE));
        RuleCheck blur = gateRule(QualityGate.TOO_BLURRY, "blur_score", m.blurScore(), "<= " + t.maxBlur(), r);
        checks.add(measurable && m.parcelVisible() ? blur : blur.notReached());
        RuleCheck dark = gateRule(QualityGate.TOO_DARK, "brightness", m.brightness(), ">= " + t.minBrightness(), r);
        checks.add(measurable ? dark : dark.notReached());
        RuleCheck over = gateRule(QualityGate.OVER_EXPOSED, "over_exposed", m.overExposedFraction(),
                "<= " + t.maxOverExposedFraction(), r);
        checks.add(measurable ? over : over.notReached());
        Set<String> other = new LinkedHashSet<>(r);
        KNOWN.forEach(other::remove);
        if (!other.isEmpty()) {
            // a stricter outside gate (or a newer gate rule) failed the photo: say so rather than hide it
            checks.add(RuleCheck.of("other_gate", "gate reasons", List.copyOf(other), "none", false,
                    Reason.IMAGE_QUALITY_GATE));
        }
        return checks;
    }

    private static String nonFinite(QualityMetrics m) {
        List<String> bad = new ArrayList<>(3);
        if (!Double.isFinite(m.blurScore())) {
            bad.add("blur_score " + m.blurScore());
        }
        if (!Double.isFinite(m.brightness())) {
            bad.add("brightness " + m.brightness());
        }
        if (!Double.isFinite(m.overExposedFraction())) {
            bad.add("over_exposed " + m.overExposedFraction());
        }
        return bad.isEmpty() ? "none" : String.join(", ", bad);
    }

    private static List<RuleCheck> notReachedAfter(List<RuleCheck> checks, QualityMetrics m, GateThresholds t) {
        List<String> none = List.of();
        GateVerdict passed = new GateVerdict(true, none, m);
        checks(passed, t).stream().skip(1).map(RuleCheck::notReached).forEach(checks::add);
        return checks;
    }

    private static RuleCheck gateRule(String gateReason, String measure, double value, String limit,
                                      List<String> reasons) {
        return RuleCheck.of(gateReason, measure, value, limit, !reasons.contains(gateReason),
                Reason.IMAGE_QUALITY_GATE);
    }
}
