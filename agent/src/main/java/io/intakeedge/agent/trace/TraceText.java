package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.Reason;

/** How a trace reads on one line for an operator (demo, {@code run}, {@code trace list}). */
public final class TraceText {
    private TraceText() {
    }

    /**
     * The reason an operator acts on: the failing gates ({@code too_blurry}, {@code too_dark,over_exposed}) for an
     * {@code image_quality_gate} decision, the reason code otherwise. The seed's reason stays in the trace.
     */
    public static String reasonDetail(Trace t) {
        if (t.reason() == Reason.IMAGE_QUALITY_GATE && !t.gateReasons().isEmpty()) {
            return String.join(",", t.gateReasons());
        }
        return t.reason().code();
    }

    /** The positive score to 3 decimals, or {@code -} when the model gave none. */
    public static String score(Trace t) {
        return t.positiveScore() == null ? "-" : String.format(java.util.Locale.ROOT, "%.3f", t.positiveScore());
    }
}
