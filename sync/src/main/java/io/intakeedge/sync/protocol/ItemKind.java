package io.intakeedge.sync.protocol;

/** The {@code kind} values of batch items (see docs/mqtt.md, "Item kinds"). */
public final class ItemKind {
    /** One decision trace. */
    public static final String TRACE = "trace";
    /** A counted summary of low-priority traces compacted under outbox disk pressure. */
    public static final String COMPACTED = "compacted";
    /** One drift statistics window. */
    public static final String DRIFT = "drift";
    /** An alert or lifecycle event. */
    public static final String EVENT = "event";

    private ItemKind() {
    }

    /** True for the four kinds above. */
    public static boolean isKnown(String kind) {
        return TRACE.equals(kind) || COMPACTED.equals(kind) || DRIFT.equals(kind) || EVENT.equals(kind);
    }
}
