package io.intakeedge.agent.routing;

import io.intakeedge.capture.Box;
import io.intakeedge.capture.quality.GateThresholds;
import io.intakeedge.capture.quality.QualityMetrics;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RouteExplanationTest {
    private final RoutingPolicy policy = new RoutingPolicy(0.70, new GateThresholds(0.45, 0.20, 0.25), "damaged",
            Route.MANUAL_INTAKE);

    private static QualityMetrics quality(double blur, double brightness) {
        return new QualityMetrics(blur, 120.0, brightness, 0.0, 0.0, true, true, Optional.of(new Box(1, 1, 9, 9)));
    }

    private static ModelOutcome damage(float score) {
        return ModelOutcome.scored(new Inference(List.of("intact", "damaged"), new float[] {1 - score, score}, 0, 0,
                "test"));
    }

    private static Map<String, RuleCheck> byRule(RouteExplanation e) {
        return e.checks().stream().collect(Collectors.toMap(RuleCheck::rule, Function.identity()));
    }

    @Test
    void seedR401NamesTheThresholdRuleWithItsValueAndLimit() {
        RouteExplanation e = policy.explain(quality(0.12, 0.66), damage(0.91f));

        assertThat(e.decision()).isEqualTo(policy.decide(quality(0.12, 0.66), damage(0.91f)));
        assertThat(e.decision().route()).isEqualTo(Route.PRIORITY_DAMAGE_REVIEW);
        RuleCheck threshold = byRule(e).get("below_damage_threshold");
        assertThat(threshold.status()).isEqualTo(RuleCheck.Status.FAIL);
        assertThat(threshold.valueText()).isEqualTo("0.91");
        assertThat(threshold.limit()).isEqualTo("< 0.7");
        assertThat(threshold.effect()).isEqualTo("priority_damage_review / damage_threshold");
        assertThat(e.checks()).filteredOn(c -> !c.rule().equals("below_damage_threshold"))
                .allMatch(c -> c.status() == RuleCheck.Status.PASS);
    }

    @Test
    void seedR402FailsTheBlurRuleAndNeverReachesTheModel() {
        RouteExplanation e = policy.explain(quality(0.71, 0.51), ModelOutcome.notRun());

        assertThat(e.decision().route()).isEqualTo(Route.REQUEST_NEW_PHOTO);
        Map<String, RuleCheck> rules = byRule(e);
        assertThat(rules.get("too_blurry").status()).isEqualTo(RuleCheck.Status.FAIL);
        assertThat(rules.get("too_blurry").valueText()).isEqualTo("0.71");
        assertThat(rules.get("too_blurry").limit()).isEqualTo("<= 0.45");
        assertThat(rules.get("too_dark").status()).isEqualTo(RuleCheck.Status.PASS);
        assertThat(rules.get("model_available").status()).isEqualTo(RuleCheck.Status.NOT_REACHED);
        assertThat(rules.get("below_damage_threshold").status()).isEqualTo(RuleCheck.Status.NOT_REACHED);
    }

    @Test
    void theFirstFailingModelRuleDecidesAndTheRestAreNotReached() {
        RouteExplanation e = policy.explain(quality(0.1, 0.6),
                ModelOutcome.failed(new InferenceException("Invoke() returned 1")));

        assertThat(e.decision().reason()).isEqualTo(Reason.MODEL_ERROR);
        Map<String, RuleCheck> rules = byRule(e);
        assertThat(rules.get("model_available").status()).isEqualTo(RuleCheck.Status.PASS);
        assertThat(rules.get("model_ran").status()).isEqualTo(RuleCheck.Status.FAIL);
        assertThat(rules.get("model_ran").valueText()).contains("Invoke() returned 1");
        assertThat(rules.get("model_ran").effect()).isEqualTo("manual_intake / model_error");
        assertThat(rules.get("score_not_nan").status()).isEqualTo(RuleCheck.Status.NOT_REACHED);
    }

    @Test
    void everyPassingRuleLeavesNormalReview() {
        RouteExplanation e = policy.explain(quality(0.45, 0.20), damage(0.69f));

        assertThat(e.decision().route()).isEqualTo(Route.NORMAL_REVIEW);
        assertThat(e.checks()).isNotEmpty().allMatch(c -> c.status() == RuleCheck.Status.PASS);
    }

    @Test
    void withoutBundleTheOnlyRuleIsTheMissingBundle() {
        RouteExplanation e = RoutingPolicy.explainWithoutBundle("no bundle");

        assertThat(e.decision().route()).isEqualTo(Route.MANUAL_INTAKE);
        assertThat(e.checks()).singleElement().satisfies(c -> {
            assertThat(c.rule()).isEqualTo("bundle_loaded");
            assertThat(c.failed()).isTrue();
        });
    }
}
