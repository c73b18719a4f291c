package io.intakeedge.agent.routing;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Why a {@link Decision} took its route. The trace code is the lower-case name, e.g. {@code image_quality_gate}. */
public enum Reason {
    PACKAGE_NOT_VISIBLE("package_not_visible", Route.REQUEST_NEW_PHOTO),
    PACKAGE_INCOMPLETE("package_incomplete", Route.REQUEST_NEW_PHOTO),
    /** Blur, darkness, over-exposure or unmeasurable quality; the detailed gate reasons stay in the trace. */
    IMAGE_QUALITY_GATE("image_quality_gate", Route.REQUEST_NEW_PHOTO),
    DAMAGE_THRESHOLD("damage_threshold", Route.PRIORITY_DAMAGE_REVIEW),
    BELOW_THRESHOLD("below_threshold", Route.NORMAL_REVIEW),
    /** No bundle loaded or no backend to run it. */
    MODEL_UNAVAILABLE("model_unavailable", null),
    /** The backend threw (invoke failed, tensor mismatch). */
    MODEL_ERROR("model_error", null),
    /** Some output score is NaN. */
    SCORE_NAN("score_nan", null),
    /** Some output score is infinite or outside [0, 1]. */
    SCORE_OUT_OF_RANGE("score_out_of_range", null),
    /** The model produced no scores at all. */
    EMPTY_OUTPUT("empty_output", null),
    /** The bundle's positive label is not among the model's outputs, or labels and scores don't line up. */
    MISSING_LABEL("missing_label", null),
    /**
     * The station cannot make traces durable (disk full, database failing): every parcel fails closed until storage
     * recovers, without running the model, so no decision depends on a record that may never exist.
     */
    STORAGE_FAULT("storage_fault", null);

    private final String code;
    private final Route normalRoute;

    Reason(String code, Route normalRoute) {
        this.code = code;
        this.normalRoute = normalRoute;
    }

    public String code() {
        return code;
    }

    /** True for the fail-closed reasons: the decision goes to the bundle's fallback route (manual intake). */
    public boolean failsClosed() {
        return normalRoute == null;
    }

    /** The route this reason belongs to; null for fail-closed reasons (they take the bundle's fallback route). */
    Route normalRoute() {
        return normalRoute;
    }

    /** The reason with this code (case-insensitive); IllegalArgumentException naming accepted codes otherwise. */
    public static Reason fromCode(String code) {
        for (Reason r : values()) {
            if (r.code.equalsIgnoreCase(code == null ? "" : code.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown reason '" + code + "'; expected one of "
                + Arrays.stream(values()).map(Reason::code).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return code;
    }
}
