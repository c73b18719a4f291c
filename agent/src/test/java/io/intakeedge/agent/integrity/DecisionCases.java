package io.intakeedge.agent.integrity;

import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.capture.Box;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Generators for {@link DecisionCase}: values cluster on and around every threshold, and every kind of bad output. */
final class DecisionCases {
    private static final List<String> LABELS = List.of("intact", DecisionCase.POSITIVE);

    private DecisionCases() {
    }

    static Arbitrary<DecisionCase> cases() {
        Arbitrary<GateThresholds> limits = Combinators.combine(unit(), unit(), unit()).as(GateThresholds::new);
        // one case in ten has no bundle at all
        Arbitrary<Boolean> bundle = Arbitraries.frequency(Tuple.of(9, true), Tuple.of(1, false));
        // jqwik's automatic edge cases are off: combined through flatMap they explode (minutes per property); the
        // values that matter — each limit itself, one ulp either side, NaN, infinities — are generated explicitly
        return Combinators.combine(bundle, unit(), limits).as(Tuple::of).flatMap(t ->
                Combinators.combine(quality(t.get3()), outcome(t.get2()))
                        .as((q, o) -> new DecisionCase(t.get1(), t.get2(), t.get3(), q, o)).withoutEdgeCases())
                .withoutEdgeCases();
    }

    /** A limit in [0, 1]: the seed's, the ends, or anything between. */
    private static Arbitrary<Double> unit() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0.45, 0.20, 0.25, 0.70)),
                Tuple.of(1, Arbitraries.of(0.0, 1.0)),
                Tuple.of(4, Arbitraries.doubles().between(0, 1).ofScale(6)));
    }

    /** Half the photos are usable (so the model rules get exercised), half sit on and around the limits. */
    private static Arbitrary<QualityMetrics> quality(GateThresholds l) {
        Arbitrary<QualityMetrics> usable = Combinators.combine(within(0, l.maxBlur()), within(l.minBrightness(), 1),
                within(0, l.maxOverExposedFraction())).as((blur, brightness, over) -> metrics(blur, brightness, over,
                true, true));
        Arbitrary<QualityMetrics> edgy = Combinators.combine(around(l.maxBlur()), around(l.minBrightness()),
                        around(l.maxOverExposedFraction()), Arbitraries.of(true, true, true, true, false),
                        Arbitraries.of(true, true, true, true, false))
                .as(DecisionCases::metrics);
        // a fixed camera whose frame size changed: the locator cannot judge, whatever the values say
        Arbitrary<QualityMetrics> faulty = usable.map(q -> new QualityMetrics(q.blurScore(), q.laplacianVariance(),
                q.brightness(), q.underExposedFraction(), q.overExposedFraction(), q.parcelVisible(),
                q.parcelComplete(), q.parcelBox(), "background",
                "frame_size_changed: the station was learned at 640x480, this frame is 1280x720"));
        return Arbitraries.frequencyOf(Tuple.of(10, usable), Tuple.of(10, edgy), Tuple.of(1, faulty));
    }

    private static QualityMetrics metrics(double blur, double brightness, double over, boolean visible,
                                          boolean complete) {
        return new QualityMetrics(blur, 100.0, brightness, 0.0, over, visible, visible && complete,
                visible ? Optional.of(new Box(10, 10, 100, 80)) : Optional.empty(), "full_frame", null);
    }

    /** A value between two limits, the limits themselves included. */
    private static Arbitrary<Double> within(double low, double high) {
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(low, high)),
                Tuple.of(4, Arbitraries.doubles().between(rounded(low), rounded(high)).ofScale(9)));
    }

    /** A value on, just below, just above, or far from {@code limit}, or not a number at all. */
    static Arbitrary<Double> around(double limit) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(limit, Math.nextDown(limit), Math.nextUp(limit),
                        limit - 1e-9, limit + 1e-9)),
                Tuple.of(3, Arbitraries.doubles().between(rounded(Math.max(0, limit - 0.05)),
                        rounded(Math.min(1, limit + 0.05))).ofScale(9)),
                Tuple.of(3, Arbitraries.doubles().between(0, 1).ofScale(9)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
                        Double.NEGATIVE_INFINITY, -0.5, 1.5)));
    }

    /** jqwik's decimal generator needs bounds it can write with the scale asked for. */
    private static double rounded(double value) {
        return Math.round(value * 1e9) / 1e9;
    }

    private static Arbitrary<ModelOutcome> outcome(double threshold) {
        return Arbitraries.frequencyOf(
                Tuple.of(12, scored(threshold)),
                Tuple.of(1, Arbitraries.strings().alpha().ofMaxLength(20)
                        .map(m -> ModelOutcome.failed(new InferenceException("Invoke() failed: " + m)))),
                Tuple.of(1, Arbitraries.just(ModelOutcome.unavailable("no backend loaded"))),
                Tuple.of(1, Arbitraries.just(ModelOutcome.notRun())));
    }

    private static Arbitrary<ModelOutcome> scored(double threshold) {
        return Combinators.combine(score((float) threshold), score((float) threshold), labelVariant())
                .as((other, positive, variant) -> {
                    float[] scores = {other, positive};
                    List<String> labels = switch (variant) {
                        case 0 -> LABELS;
                        case 1 -> List.of("intact", "torn");            // positive label missing
                        case 2 -> List.of("intact");                    // fewer labels than outputs
                        case 3 -> null;                                 // no labels at all
                        case 4 -> List.of();
                        default -> LABELS;
                    };
                    float[] out = variant == 5 ? new float[0] : variant == 6 ? new float[] {positive} : scores;
                    List<String> l = variant == 6 ? List.of(DecisionCase.POSITIVE) : labels;
                    return ModelOutcome.scored(new Inference(l == null ? null : new ArrayList<>(l), out, 1, 1,
                            "generated"));
                });
    }

    /** 0 normal, 1 missing positive, 2 short labels, 3 null labels, 4 empty labels, 5 empty output, 6 one output. */
    private static Arbitrary<Integer> labelVariant() {
        return Arbitraries.frequencyOf(Tuple.of(14, Arbitraries.of(0, 6)),
                Tuple.of(1, Arbitraries.integers().between(1, 5)));
    }

    /** A score on, beside or far from the threshold, or NaN, infinite, out of [0, 1]. */
    private static Arbitrary<Float> score(float threshold) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(threshold, Math.nextDown(threshold),
                        Math.nextUp(threshold))),
                Tuple.of(5, Arbitraries.floats().between(0, 1).ofScale(6)),
                Tuple.of(1, Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                        -0.01f, 1.01f, -Float.MIN_VALUE, Math.nextUp(1f), Float.MAX_VALUE)));
    }
}
