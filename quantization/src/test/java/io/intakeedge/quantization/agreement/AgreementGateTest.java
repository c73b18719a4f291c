package io.intakeedge.quantization.agreement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Four samples, two classes (1 = damaged), threshold 0.5. The input of sample i is {i}; the runners look its
 * scores up. All expected figures are worked out by hand in the comments.
 *
 * <pre>
 * id  slice   gold  reference    candidate    top-1      route (score[1] >= .5)  |diff| per class
 * s0  dark    0     .9 / .1      .8 / .2      0 = 0      no  = no                .1, .1
 * s1  dark    1     .3 / .7      .6 / .4      1 != 0     yes != no               .3, .3
 * s2  bright  1     .45 / .55    .4 / .6      1 = 1      yes = yes               .05, .05
 * s3  bright  -1    .2 / .8      .2 / .8      1 = 1      yes = yes               0, 0
 * </pre>
 */
class AgreementGateTest {

    private static final float[][] REFERENCE = {{.9f, .1f}, {.3f, .7f}, {.45f, .55f}, {.2f, .8f}};
    private static final float[][] CANDIDATE = {{.8f, .2f}, {.6f, .4f}, {.4f, .6f}, {.2f, .8f}};
    private static final double EPS = 1e-6;

    private static final List<LabelledSample> SAMPLES = List.of(
            sample(0, 0, "dark"), sample(1, 1, "dark"), sample(2, 1, "bright"), sample(3, -1, "bright"));

    @Test
    void overallFiguresMatchTheHandComputation() {
        AgreementReport report = gate().evaluate(SAMPLES, lookup(REFERENCE), lookup(CANDIDATE));
        SliceAgreement all = report.overall();
        assertThat(all.count()).isEqualTo(4);
        assertThat(all.top1Agreement()).isEqualTo(0.75);            // s1 disagrees
        assertThat(all.meanAbsDiff()).isCloseTo(0.9 / 8, within(EPS)); // (.2 + .6 + .1 + 0) / 8 scores
        assertThat(all.maxAbsDiff()).isCloseTo(0.3, within(EPS));
        assertThat(all.routeAgreement()).isEqualTo(0.75);
        assertThat(all.labelled()).isEqualTo(3);
        assertThat(all.referenceAccuracy()).isEqualTo(1.0);           // s0, s1, s2 right
        assertThat(all.candidateAccuracy()).isCloseTo(2.0 / 3, within(EPS)); // s1 wrong
        assertThat(all.nonFiniteOutputs()).isZero();
        assertThat(report.disagreeingIds()).containsExactly("s1");
    }

    @Test
    void sliceFiguresMatchTheHandComputation() {
        AgreementReport report = gate().evaluate(SAMPLES, lookup(REFERENCE), lookup(CANDIDATE));
        assertThat(report.slices()).containsOnlyKeys("bright", "dark");
        SliceAgreement dark = report.slices().get("dark");
        assertThat(dark.count()).isEqualTo(2);
        assertThat(dark.top1Agreement()).isEqualTo(0.5);
        assertThat(dark.meanAbsDiff()).isCloseTo(0.8 / 4, within(EPS));
        assertThat(dark.maxAbsDiff()).isCloseTo(0.3, within(EPS));
        assertThat(dark.routeAgreement()).isEqualTo(0.5);
        assertThat(dark.candidateAccuracy()).isEqualTo(0.5);
        SliceAgreement bright = report.slices().get("bright");
        assertThat(bright.top1Agreement()).isEqualTo(1.0);
        assertThat(bright.meanAbsDiff()).isCloseTo(0.1 / 4, within(EPS));
        assertThat(bright.maxAbsDiff()).isCloseTo(0.05, within(EPS));
        assertThat(bright.labelled()).isEqualTo(1);
        assertThat(bright.referenceAccuracy()).isEqualTo(1.0);
    }

    @Test
    void verdictLooksAtEverySlice() {
        AgreementReport report = gate().evaluate(SAMPLES, lookup(REFERENCE), lookup(CANDIDATE));
        // overall 0.75 would pass 0.7, the dark slice's 0.5 does not
        assertThat(report.passes(0.7, 0.2)).isFalse();
        assertThat(report.failures(0.7, 0.2, 0.0)).containsExactly("slice 'dark': top-1 agreement 0.5000 below 0.7000");
        assertThat(report.passes(0.5, 0.2)).isTrue();
        // dark's mean difference is 0.2: a limit of 0.15 fails it
        assertThat(report.passes(0.5, 0.15)).isFalse();
        assertThat(report.passes(0.5, 0.2, 0.6)).isFalse();
        assertThat(report.passes(0.5, 0.2, 0.5)).isTrue();
    }

    @Test
    void nanScoresDisagreeAndFailTheGate() {
        float[][] broken = {{.8f, .2f}, {Float.NaN, Float.NaN}, {.4f, .6f}, {.2f, .8f}};
        AgreementReport report = gate().evaluate(SAMPLES, lookup(REFERENCE), lookup(broken));
        assertThat(report.overall().nonFiniteOutputs()).isEqualTo(1);
        assertThat(report.overall().top1Agreement()).isEqualTo(0.75);
        // s1 is left out of the differences: (.2 + .1 + 0) / 6
        assertThat(report.overall().meanAbsDiff()).isCloseTo(0.3 / 6, within(EPS));
        assertThat(report.overall().candidateAccuracy()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(report.passes(0.0, 1.0)).isFalse();
        assertThat(report.failures(0, 1, 0)).contains("overall: 1 sample(s) gave NaN or infinite scores");
    }

    @Test
    void singleLogisticScoreIsReadAsTwoClasses() {
        // positive label 0 = the logistic score s; class 1 = 1 - s. Reference .7 escalates, candidate .4 does not.
        AgreementGate logistic = new AgreementGate(0, 0.5f);
        List<LabelledSample> one = List.of(new LabelledSample("x", new float[] {0}, 0, Set.of()));
        AgreementReport report = logistic.evaluate(one, in -> new float[] {.7f}, in -> new float[] {.4f});
        assertThat(report.overall().top1Agreement()).isEqualTo(0.0);
        assertThat(report.overall().routeAgreement()).isEqualTo(0.0);
        assertThat(report.overall().meanAbsDiff()).isCloseTo(0.3, within(EPS));
        assertThat(report.overall().referenceAccuracy()).isEqualTo(1.0);
        assertThat(report.overall().candidateAccuracy()).isEqualTo(0.0);
    }

    @Test
    void mismatchedOutputsAndFailingRunnersAreClearErrors() {
        assertThatThrownBy(() -> gate().evaluate(SAMPLES, lookup(REFERENCE), in -> new float[3]))
                .hasMessageContaining("sample s0").hasMessageContaining("reference gives 2 scores but candidate gives 3");
        assertThatThrownBy(() -> gate().evaluate(SAMPLES, lookup(REFERENCE), in -> {
            throw new IllegalStateException("interpreter closed");
        })).hasMessageContaining("candidate model failed on sample s0: interpreter closed");
        assertThatThrownBy(() -> gate().evaluate(List.of(), lookup(REFERENCE), lookup(CANDIDATE)))
                .hasMessageContaining("at least one sample");
    }

    @Test
    void jsonRoundTripsWithSnakeCaseNames() {
        AgreementReport report = gate().evaluate(SAMPLES, lookup(REFERENCE), lookup(CANDIDATE));
        String json = report.toJson();
        assertThat(json).contains("\"top1_agreement\" : 0.75").contains("\"mean_abs_diff\"")
                .contains("\"route_agreement\"").contains("\"disagreeing_ids\" : [ \"s1\" ]")
                .contains("\"dark\"");
        assertThat(AgreementReport.fromJson(json)).isEqualTo(report);
    }

    private static AgreementGate gate() {
        return new AgreementGate(1, 0.5f);
    }

    private static LabelledSample sample(int i, int gold, String slice) {
        return new LabelledSample("s" + i, new float[] {i}, gold, Set.of(slice));
    }

    private static Function<float[], float[]> lookup(float[][] scores) {
        return input -> scores[(int) input[0]];
    }
}
