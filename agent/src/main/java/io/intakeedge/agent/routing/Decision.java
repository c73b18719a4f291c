package io.intakeedge.agent.routing;

import io.intakeedge.capture.quality.GateVerdict;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The routing outcome for one parcel photo.
 *
 * @param route       where the photo goes
 * @param reason      why (seed codes: {@code damage_threshold}, {@code image_quality_gate}, {@code model_error}, ...)
 * @param score       the positive label's score when the model produced a valid one; empty otherwise
 * @param threshold   the bundle's damage threshold; empty when no bundle was loaded
 * @param gate        the quality verdict the route rests on (reasons {@code too_blurry}, {@code too_dark}, ...);
 *                    empty when the gate could not be evaluated (no bundle, so no thresholds)
 * @param detail      human-readable context for a fail-closed decision (exception message, offending score)
 */
public record Decision(Route route, Reason reason, OptionalDouble score, OptionalDouble threshold,
                       Optional<GateVerdict> gate, Optional<String> detail) {

    public Decision {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(score, "score");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(detail, "detail");
        // The pairing is the safety property: a failure can never come out as normal_review.
        boolean consistent = reason.failsClosed() ? route.isSafeFallback() : route == reason.normalRoute();
        if (!consistent) {
            throw new IllegalArgumentException("route " + route + " does not go with reason " + reason);
        }
    }

    /** The detailed gate reasons; empty when the photo passed or the gate was not evaluated. */
    public List<String> gateReasons() {
        return gate.map(GateVerdict::reasons).orElse(List.of());
    }

    /** True when the decision failed closed (model unavailable, model error, invalid output). */
    public boolean failedClosed() {
        return reason.failsClosed();
    }
}
