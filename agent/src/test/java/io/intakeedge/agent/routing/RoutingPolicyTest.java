package io.intakeedge.agent.routing;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingPolicyTest {

    /** Seed 000's policy: damage 0.70, max blur 0.45, min brightness 0.20; over-exposure limit 0.25. */
    private final RoutingPolicy policy = new RoutingPolicy(0.70, new GateThresholds(0.45, 0.20, 0.25), "damaged",
            Route.MANUAL_INTAKE);

    private static QualityMetrics quality(double blur, double brightness, boolean visible) {
        return new QualityMetrics(blur, 120.0, brightness, 0.0, 0.0, visible, visible,
                visible ? Optional.of(new Box(100, 80, 300, 240)) : Optional.empty());
    }

    private static QualityMetrics usable() {
        return quality(0.10, 0.60, true);
    }

    private static ModelOutcome damageScore(double score) {
        return ModelOutcome.scored(inference(List.of("intact", "damaged"), (float) (1 - score), (float) score));
    }

    private static Inference inference(List<String> labels, float... scores) {
        return new Inference(labels, scores, 1_000, 2_000, "test-backend");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case, damage probability, blur, brightness, visible, route, reason  (seed 000's table)
        "R-401, 0.91, 0.12, 0.66, true, priority_damage_review, damage_threshold",
        "R-402, 0.93, 0.71, 0.51, true, request_new_photo, image_quality_gate",
        "R-403, 0.18, 0.08, 0.75, true, normal_review, below_threshold",
    })
    void seedCases(String caseId, double score, double blur, double brightness, boolean visible, String route,
                   String reason) {
        Decision decision = policy.decide(quality(blur, brightness, visible), damageScore(score));

        assertThat(decision.route().code()).as(caseId).isEqualTo(route);
        assertThat(decision.reason().code()).as(caseId).isEqualTo(reason);
        assertThat(decision.threshold()).isEqualTo(OptionalDouble.of(0.70));
    }

    @Test
    void blurryPhotoNeverEscalatesAndKeepsTheDetailedGateReason() {
        Decision decision = policy.decide(quality(0.71, 0.51, true), damageScore(0.93));

        assertThat(decision.route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
        assertThat(decision.gateReasons()).containsExactly("too_blurry");
        assertThat(decision.score()).as("an unusable photo's score is not evidence").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("qualityCases")
    void qualityComesFirst(String name, QualityMetrics metrics, Reason reason, List<String> gateReasons) {
        Decision decision = policy.decide(metrics, damageScore(0.99));

        assertThat(decision.route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.gateReasons()).containsExactlyElementsOf(gateReasons);
        assertThat(decision.gate()).get().extracting(GateVerdict::passed).isEqualTo(false);
    }

    static Stream<Arguments> qualityCases() {
        return Stream.of(
                Arguments.of("not visible", quality(0.10, 0.60, false), Reason.PACKAGE_NOT_VISIBLE,
                        List.of("package_not_visible")),
                Arguments.of("incomplete", new QualityMetrics(0.10, 120, 0.60, 0, 0, true, false,
                        Optional.of(new Box(0, 0, 200, 200))), Reason.PACKAGE_INCOMPLETE,
                        List.of("package_incomplete")),
                Arguments.of("dark", quality(0.10, 0.19, true), Reason.IMAGE_QUALITY_GATE, List.of("too_dark")),
                Arguments.of("blurry and dark", quality(0.50, 0.05, true), Reason.IMAGE_QUALITY_GATE,
                        List.of("too_blurry", "too_dark")),
                Arguments.of("over-exposed", new QualityMetrics(0.10, 120, 0.90, 0, 0.40, true, true,
                        Optional.of(new Box(10, 10, 50, 50))), Reason.IMAGE_QUALITY_GATE, List.of("over_exposed")),
                // without a parcel the blur of the empty frame says nothing, so it is not reported
                Arguments.of("not visible outranks blur", quality(0.90, 0.60, false), Reason.PACKAGE_NOT_VISIBLE,
                        List.of("package_not_visible")),
                Arguments.of("NaN blur is not a pass", quality(Double.NaN, 0.60, true), Reason.IMAGE_QUALITY_GATE,
                        List.of(RoutingPolicy.QUALITY_UNMEASURABLE)),
                Arguments.of("NaN brightness is not a pass", quality(0.10, Double.NaN, true),
                        Reason.IMAGE_QUALITY_GATE, List.of(RoutingPolicy.QUALITY_UNMEASURABLE)));
    }

    @Test
    void limitsThemselvesStillPass() {
        // seed: blur_score > max_blur and brightness < min_brightness fail, so the limits themselves pass
        Decision decision = policy.decide(quality(0.45, 0.20, true), damageScore(0.10));

        assertThat(decision.route()).isEqualTo(Route.NORMAL_REVIEW);
        assertThat(decision.gate()).get().extracting(GateVerdict::passed).isEqualTo(true);
    }

    @Test
    void scoreExactlyAtThresholdIsPriority() {
        // 0.70f widened to double is 0.69999998...; the comparison must still treat it as the threshold
        Decision at = policy.decide(usable(), ModelOutcome.scored(inference(List.of("damaged"), 0.70f)));
        Decision below = policy.decide(usable(), ModelOutcome.scored(inference(List.of("damaged"), 0.6999f)));

        assertThat(at.route()).isEqualTo(Route.PRIORITY_DAMAGE_REVIEW);
        assertThat(at.score()).isEqualTo(OptionalDouble.of(0.7));
        assertThat(below.route()).isEqualTo(Route.NORMAL_REVIEW);
        assertThat(below.score()).isEqualTo(OptionalDouble.of(0.6999));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failClosedCases")
    void failsClosedToManualIntake(String name, ModelOutcome outcome, Reason reason) {
        Decision decision = policy.decide(usable(), outcome);

        assertThat(decision.route()).isEqualTo(Route.MANUAL_INTAKE);
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.failedClosed()).isTrue();
        assertThat(decision.score()).isEmpty();
        assertThat(decision.detail()).get().asString().isNotBlank();
    }

    static Stream<Arguments> failClosedCases() {
        List<String> two = List.of("intact", "damaged");
        return Stream.of(
                Arguments.of("no backend", ModelOutcome.unavailable("no backend loaded"), Reason.MODEL_UNAVAILABLE),
                Arguments.of("model not run on a usable photo", ModelOutcome.notRun(), Reason.MODEL_UNAVAILABLE),
                Arguments.of("invoke failed", ModelOutcome.failed(new InferenceException("Invoke() returned 1")),
                        Reason.MODEL_ERROR),
                Arguments.of("positive NaN", ModelOutcome.scored(inference(two, 0.1f, Float.NaN)), Reason.SCORE_NAN),
                Arguments.of("other label NaN", ModelOutcome.scored(inference(two, Float.NaN, 0.9f)),
                        Reason.SCORE_NAN),
                Arguments.of("above 1", ModelOutcome.scored(inference(two, 0.0f, 1.2f)), Reason.SCORE_OUT_OF_RANGE),
                Arguments.of("negative", ModelOutcome.scored(inference(two, -0.1f, 0.5f)),
                        Reason.SCORE_OUT_OF_RANGE),
                Arguments.of("infinite", ModelOutcome.scored(inference(two, 0.0f, Float.POSITIVE_INFINITY)),
                        Reason.SCORE_OUT_OF_RANGE),
                Arguments.of("no scores", ModelOutcome.scored(inference(List.of())), Reason.EMPTY_OUTPUT),
                Arguments.of("positive label missing", ModelOutcome.scored(inference(List.of("intact", "torn"),
                        0.2f, 0.8f)), Reason.MISSING_LABEL),
                Arguments.of("labels and scores don't line up", ModelOutcome.scored(inference(two, 0.9f)),
                        Reason.MISSING_LABEL));
    }

    @Test
    void withoutBundleFailsClosedWithoutAGate() {
        Decision decision = RoutingPolicy.withoutBundle("no bundle in /bundles/demo");

        assertThat(decision.route()).isEqualTo(Route.MANUAL_INTAKE);
        assertThat(decision.reason()).isEqualTo(Reason.MODEL_UNAVAILABLE);
        assertThat(decision.gate()).isEmpty();
        assertThat(decision.threshold()).isEmpty();
    }

    @Test
    void aLooserVerdictCannotOverrideTheBundlesLimits() {
        QualityMetrics blurry = quality(0.80, 0.60, true);
        GateVerdict looser = new GateVerdict(true, List.of(), blurry);

        assertThat(policy.decide(looser, damageScore(0.95)).route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
    }

    @Test
    void aStricterVerdictIsKept() {
        GateVerdict stricter = new GateVerdict(false, List.of("too_blurry"), usable());

        Decision decision = policy.decide(stricter, damageScore(0.95));

        assertThat(decision.route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
        assertThat(decision.gateReasons()).containsExactly("too_blurry");
    }

    @Test
    void unusablePhotoIsRetakenEvenWhenTheModelFailed() {
        Decision decision = policy.decide(quality(0.10, 0.05, true), ModelOutcome.notRun());

        assertThat(decision.route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
    }

    @Test
    void aFallbackThatFailsOpenIsRefused() {
        assertThatThrownBy(() -> new RoutingPolicy(0.7, GateThresholds.SEED_DEFAULTS, "damaged", Route.NORMAL_REVIEW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fail closed");
        assertThatThrownBy(() -> new RoutingPolicy(1.5, GateThresholds.SEED_DEFAULTS, "damaged", Route.MANUAL_INTAKE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
    }

    @Test
    void aFailureCanNeverBeRecordedAsNormalReview() {
        assertThatThrownBy(() -> new Decision(Route.NORMAL_REVIEW, Reason.MODEL_ERROR, OptionalDouble.empty(),
                OptionalDouble.of(0.7), Optional.empty(), Optional.of("boom")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codesRoundTrip() {
        for (Route route : Route.values()) {
            assertThat(Route.fromCode(route.code())).isEqualTo(route);
        }
        for (Reason reason : Reason.values()) {
            assertThat(Reason.fromCode(reason.code())).isEqualTo(reason);
        }
        assertThat(Route.PRIORITY_DAMAGE_REVIEW.code()).isEqualTo("priority_damage_review");
        assertThatThrownBy(() -> Route.fromCode("guarded_agent")).hasMessageContaining("manual_intake");
    }

    @Test
    void scoresAreShownAsTheModelsDecimal() {
        assertThat(RoutingPolicy.asDecimal(0.91f)).isEqualTo(0.91);
        assertThat((double) 0.91f).isNotEqualTo(0.91);
    }
}
