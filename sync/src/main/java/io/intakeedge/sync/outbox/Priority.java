package io.intakeedge.sync.outbox;

/** Send order when the link comes back: lower rank leaves the outbox first. */
public enum Priority {
    /** Alerts, bundle events, drift windows: never dropped, sent first. */
    ALERT(0),
    /** Traces routed to priority_damage_review: never dropped. */
    PRIORITY_TRACE(1),
    /** All other traces: may be compacted into counted summaries when the outbox budget is full. */
    TRACE(2);

    private final int rank;

    Priority(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }
}
