package io.intakeedge.sync.outbox;

import java.util.Objects;

/**
 * Something the agent wants the central side to receive, written into the outbox inside the caller's transaction.
 *
 * @param kind        payload kind, also the MQTT topic leaf: {@code trace}, {@code drift}, {@code event}
 * @param priority    send order and what may be compacted under disk pressure
 * @param payloadJson one JSON object (the trace, drift window or event) exactly as it will be sent
 */
public record OutboxEntry(String kind, Priority priority, String payloadJson) {
    public OutboxEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(payloadJson, "payloadJson");
    }
}
