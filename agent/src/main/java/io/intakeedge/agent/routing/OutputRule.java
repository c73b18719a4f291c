package io.intakeedge.agent.routing;

import io.intakeedge.quantization.runtime.Inference;

import java.util.List;
import java.util.Optional;

/**
 * The model-side routing rules, in the order {@link RoutingPolicy} applies them once the quality gate passed. The
 * first rule that fails decides: every failure but the last fails closed to the fallback route; failing
 * {@link #BELOW_THRESHOLD} means the photo goes to priority damage review; all passing leaves normal review.
 * One list for deciding and for explaining, so the two can never drift apart.
 */
enum OutputRule {
    MODEL_AVAILABLE("model_available", "bundle and backend", Reason.MODEL_UNAVAILABLE) {
        @Override
        RuleCheck check(Facts f) {
            return RuleCheck.of(rule, measure, f.unavailableWhy().orElse("yes"), "= yes",
                    f.unavailableWhy().isEmpty(), reason);
        }

        @Override
        String detail(Facts f) {
            return f.unavailableWhy().orElseThrow();
        }
    },
    MODEL_RAN("model_ran", "backend result", Reason.MODEL_ERROR) {
        @Override
        RuleCheck check(Facts f) {
            return RuleCheck.of(rule, measure, f.error().map(e -> "threw: " + e).orElse("scores"), "= scores",
                    f.error().isEmpty(), reason);
        }

        @Override
        String detail(Facts f) {
            return f.error().orElseThrow();
        }
    },
    OUTPUT_NOT_EMPTY("output_not_empty", "outputs", Reason.EMPTY_OUTPUT) {
        @Override
        RuleCheck check(Facts f) {
            return RuleCheck.of(rule, measure, f.scores().length, ">= 1", f.scores().length > 0, reason);
        }

        @Override
        String detail(Facts f) {
            return "the model returned no scores";
        }
    },
    LABELS_LINE_UP("labels_line_up", "labels", Reason.MISSING_LABEL) {
        @Override
        RuleCheck check(Facts f) {
            List<String> labels = f.labels();
            return RuleCheck.of(rule, measure, labels == null ? "none" : labels.size(), "= " + f.scores().length
                    + " outputs", labels != null && labels.size() == f.scores().length, reason);
        }

        @Override
        String detail(Facts f) {
            return "the model returned " + f.scores().length + " scores for labels " + f.labels();
        }
    },
    POSITIVE_LABEL("positive_label", "positive label", Reason.MISSING_LABEL) {
        @Override
        RuleCheck check(Facts f) {
            return RuleCheck.of(rule, measure, f.positiveLabel(), "in " + f.labels(), f.positiveIndex() >= 0,
                    reason);
        }

        @Override
        String detail(Facts f) {
            return "positive label '" + f.positiveLabel() + "' is not among " + f.labels();
        }
    },
    NO_NAN("score_not_nan", "scores", Reason.SCORE_NAN) {
        @Override
        RuleCheck check(Facts f) {
            return RuleCheck.of(rule, measure, f.firstNaN().map(i -> f.labels().get(i) + " = NaN").orElse("none NaN"),
                    "no NaN", f.firstNaN().isEmpty(), reason);
        }

        @Override
        String detail(Facts f) {
            return "score for '" + f.labels().get(f.firstNaN().orElseThrow()) + "' is NaN";
        }
    },
    IN_RANGE("score_in_range", "scores", Reason.SCORE_OUT_OF_RANGE) {
        @Override
        RuleCheck check(Facts f) {
            Optional<Integer> bad = f.firstOutOfRange();
            return RuleCheck.of(rule, measure, bad.map(i -> f.labels().get(i) + " = " + f.scores()[i])
                    .orElse("all in range"), "in [0, 1]", bad.isEmpty(), reason);
        }

        @Override
        String detail(Facts f) {
            int i = f.firstOutOfRange().orElseThrow();
            return "score for '" + f.labels().get(i) + "' is " + f.scores()[i] + ", outside [0, 1]";
        }
    },
    /** Fails when the photo shows damage: the score reached the threshold. */
    BELOW_THRESHOLD("below_damage_threshold", "positive score", Reason.DAMAGE_THRESHOLD) {
        @Override
        RuleCheck check(Facts f) {
            float score = f.scores()[f.positiveIndex()];
            // Compare in float: 0.70f widened to double is 0.6999999881 and would miss a 0.70 threshold.
            return RuleCheck.of(rule, f.positiveLabel() + " score", RoutingPolicy.asDecimal(score),
                    "< " + f.threshold(), !(score >= (float) f.threshold()), reason);
        }

        @Override
        String detail(Facts f) {
            return "";
        }
    };

    final String rule;
    final String measure;
    final Reason reason;

    OutputRule(String rule, String measure, Reason reason) {
        this.rule = rule;
        this.measure = measure;
        this.reason = reason;
    }

    abstract RuleCheck check(Facts f);

    /** The fail-closed detail (exception text, offending score) when this rule failed. */
    abstract String detail(Facts f);

    /** This rule as not evaluated. */
    RuleCheck notReached() {
        return new RuleCheck(rule, measure, null, "", RuleCheck.Status.NOT_REACHED, Optional.of(reason));
    }

    /**
     * What the rules look at: the model outcome reduced to plain facts.
     *
     * @param unavailableWhy why there was no model to ask; empty when there was one
     * @param error          what the backend threw; empty when it answered
     */
    record Facts(Optional<String> unavailableWhy, Optional<String> error, List<String> labels, float[] scores,
                 String positiveLabel, double threshold) {

        static Facts of(ModelOutcome outcome, String positiveLabel, double threshold) {
            if (outcome instanceof ModelOutcome.Scored s) {
                Inference inf = s.inference();
                return new Facts(Optional.empty(), Optional.empty(), inf.labels(),
                        inf.scores() == null ? new float[0] : inf.scores(), positiveLabel, threshold);
            }
            Optional<String> why = outcome instanceof ModelOutcome.Unavailable u ? Optional.of(u.why())
                    : outcome instanceof ModelOutcome.NotRun
                    ? Optional.of("the model was not run for a photo that passed the quality gate") : Optional.empty();
            Optional<String> error = outcome instanceof ModelOutcome.Failed f
                    ? Optional.of(String.valueOf(f.error().getMessage())) : Optional.empty();
            return new Facts(why, error, List.of(), new float[0], positiveLabel, threshold);
        }

        int positiveIndex() {
            return labels == null ? -1 : labels.indexOf(positiveLabel);
        }

        Optional<Integer> firstNaN() {
            for (int i = 0; i < scores.length; i++) {
                if (Float.isNaN(scores[i])) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }

        Optional<Integer> firstOutOfRange() {
            for (int i = 0; i < scores.length; i++) {
                if (!(scores[i] >= 0f && scores[i] <= 1f)) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }
    }
}
