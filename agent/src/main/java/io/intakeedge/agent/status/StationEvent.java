package io.intakeedge.agent.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry on the station's event timeline: camera faults and recoveries, problems raised and resolved, sync
 * connection changes, bundle changes.
 *
 * @param seq      increases by one per event since the agent started; {@code GET /api/events?since=seq} pages by it
 * @param severity {@code info}, {@code warning} or {@code error}
 */
public record StationEvent(long seq, Instant at, String kind, String severity, String message) {
    public StationEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }
}
