package io.intakeedge.agent.integrity;

import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.runtime.Inference;

import java.util.List;

/**
 * One generated decision: the bundle's limits (none when the bundle is missing), the photo's quality, and what the
 * model answered. {@link #usable()} and {@link #validOutput()} are the test's own oracle, written from the seeds'
 * table, not from the policy's code.
 */
record DecisionCase(boolean bundle, double damageThreshold, GateThresholds limits, QualityMetrics quality,
                    ModelOutcome outcome) {
    static final String POSITIVE = "damaged";

    /** Seed 000: a camera that can judge the frame, visible, complete, sharp enough, bright enough, not over-exposed; NaN is never a pass. */
    boolean usable() {
        QualityMetrics q = quality;
        return q.locatorFault() == null && q.parcelVisible() && q.parcelComplete() && Double.isFinite(q.blurScore())
                && Double.isFinite(q.brightness()) && Double.isFinite(q.overExposedFraction())
                && q.blurScore() <= limits.maxBlur() && q.brightness() >= limits.minBrightness()
                && q.overExposedFraction() <= limits.maxOverExposedFraction();
    }

    boolean blurry() {
        return quality.parcelVisible() && !(quality.blurScore() <= limits.maxBlur());
    }

    boolean dark() {
        return !(quality.brightness() >= limits.minBrightness());
    }

    boolean overExposed() {
        return !(quality.overExposedFraction() <= limits.maxOverExposedFraction());
    }

    /** Seed 001: a score is evidence only when the model ran and every output is a probability under its label. */
    boolean validOutput() {
        if (!(outcome instanceof ModelOutcome.Scored s)) {
            return false;
        }
        Inference inf = s.inference();
        float[] scores = inf.scores();
        List<String> labels = inf.labels();
        if (scores == null || scores.length == 0 || labels == null || labels.size() != scores.length
                || !labels.contains(POSITIVE)) {
            return false;
        }
        for (float score : scores) {
            if (!(score >= 0f && score <= 1f)) {
                return false;
            }
        }
        return true;
    }

    /** The positive score of a valid output. */
    float positiveScore() {
        Inference inf = ((ModelOutcome.Scored) outcome).inference();
        return inf.scores()[inf.labels().indexOf(POSITIVE)];
    }
}
