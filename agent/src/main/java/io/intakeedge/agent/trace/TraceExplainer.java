package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.Decision;
import io.intakeedge.agent.routing.ModelOutcome;
import io.intakeedge.agent.routing.Reason;
import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.routing.RouteExplanation;
import io.intakeedge.agent.routing.RoutingPolicy;
import io.intakeedge.capture.quality.GateVerdict;
import io.intakeedge.quantization.runtime.Inference;
import io.intakeedge.quantization.runtime.InferenceException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Re-derives a stored trace's route from the values and thresholds recorded in it (seed 000: a reviewer must be able
 * to reconstruct the route), with the very {@link RoutingPolicy} rules that routed it — nothing here compares a
 * value with a limit. Used by {@code intake-edge trace explain}; usable by anything that shows traces.
 *
 * <p>What the trace cannot hold is taken as recorded: that the backend threw ({@code model_error}) or that no model
 * was available ({@code model_unavailable}) are facts about the run, accepted only when the trace has no scores.
 */
public final class TraceExplainer {
    /** Keys the trace gives outputs that had no label ({@code #1}); labels never start with '#' (bundle rule). */
    private static final Pattern UNLABELED = Pattern.compile("#\\d+");

    private TraceExplainer() {
    }

    public static TraceExplanation explain(Trace t) {
        Objects.requireNonNull(t, "trace");
        if (t.reason() == Reason.STORAGE_FAULT) {
            // a fact about the station at decision time, like model_unavailable: taken as recorded
            return compare(t, RoutingPolicy.explainStorageFault(t.error() == null ? "storage fault" : t.error()));
        }
        if (t.bundle() == null) {
            return compare(t, RoutingPolicy.explainWithoutBundle(t.error() == null ? "no bundle" : t.error()));
        }
        List<String> missing = new ArrayList<>();
        if (t.quality() == null) {
            missing.add("quality values");
        }
        if (t.gateThresholds() == null) {
            missing.add("gate thresholds (traces stored before schema version 3 lack them)");
        }
        if (t.threshold() == null) {
            missing.add("damage threshold");
        }
        if (!missing.isEmpty()) {
            return new TraceExplanation(t, Optional.empty(),
                    List.of("cannot re-derive: the trace has no " + String.join(", ", missing)));
        }
        RoutingPolicy policy;
        try {
            policy = new RoutingPolicy(t.threshold(), t.gateThresholds(), t.bundle().positiveLabel(),
                    Route.MANUAL_INTAKE);
        } catch (IllegalArgumentException | NullPointerException e) {
            return new TraceExplanation(t, Optional.empty(),
                    List.of("cannot re-derive: the recorded thresholds are invalid: " + e.getMessage()));
        }
        GateVerdict gate = policy.gate(t.quality());
        return compare(t, policy.explain(gate, outcomeOf(t, gate)));
    }

    /** The model outcome the trace records: its scores, or the failure it names when it has none. */
    static ModelOutcome outcomeOf(Trace t, GateVerdict gate) {
        if (!gate.passed()) {
            return ModelOutcome.notRun();
        }
        if (t.scores().isEmpty() && t.reason() == Reason.MODEL_ERROR) {
            return ModelOutcome.failed(new InferenceException(String.valueOf(t.error())));
        }
        if (t.scores().isEmpty() && t.reason() == Reason.MODEL_UNAVAILABLE) {
            return ModelOutcome.unavailable(String.valueOf(t.error()));
        }
        List<String> labels = new ArrayList<>();
        float[] scores = new float[t.scores().size()];
        int i = 0;
        for (Map.Entry<String, Double> e : t.scores().entrySet()) {
            if (!UNLABELED.matcher(e.getKey()).matches()) {
                labels.add(e.getKey());
            }
            scores[i++] = e.getValue().floatValue(); // stored as the float's decimal form: exact round trip
        }
        return ModelOutcome.scored(new Inference(labels, scores, 0, 0, String.valueOf(t.backend())));
    }

    private static TraceExplanation compare(Trace t, RouteExplanation derived) {
        Decision d = derived.decision();
        List<String> differences = new ArrayList<>();
        if (d.route() != t.route()) {
            differences.add("route: stored " + t.route() + ", re-derived " + d.route());
        }
        if (d.reason() != t.reason()) {
            differences.add("reason: stored " + t.reason() + ", re-derived " + d.reason());
        }
        if (!d.gateReasons().equals(t.gateReasons())) {
            differences.add("gate reasons: stored " + t.gateReasons() + ", re-derived " + d.gateReasons());
        }
        Double score = d.score().isPresent() ? d.score().getAsDouble() : null;
        if (!Objects.equals(score, t.positiveScore())) {
            differences.add("positive score: stored " + t.positiveScore() + ", re-derived " + score);
        }
        return new TraceExplanation(t, Optional.of(derived), differences);
    }
}
