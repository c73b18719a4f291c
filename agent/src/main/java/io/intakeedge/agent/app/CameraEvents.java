package io.intakeedge.agent.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.trace.AgentDatabase;
import io.intakeedge.agent.trace.Skipped;
import io.intakeedge.capture.CameraHealth;
import io.intakeedge.sync.outbox.Outbox;
import io.intakeedge.sync.outbox.OutboxEntry;
import io.intakeedge.sync.outbox.Priority;
import io.intakeedge.sync.protocol.ItemKind;
import io.intakeedge.sync.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A live camera's state changes and its missed parcels, sent centrally as {@code event} items through the outbox
 * (store-and-forward, like drift alerts): {@code {"type": "camera_state", "severity", "camera", "state", "reason",
 * "since"}} and {@code {"type": "parcel_missed", "severity": "warning", "camera", "parcel_seq", "detail", "at"}}.
 * A camera flapping between states must not flood the outbox: at most {@value #PER_WINDOW} events per ten minutes;
 * the rest are counted, logged, and the next event sent says how many were held back ({@code "held_back"}).
 * Without sync there is no outbox and nothing to do.
 */
final class CameraEvents {
    private static final Logger log = LoggerFactory.getLogger(CameraEvents.class);
    static final int PER_WINDOW = 30;
    private static final Duration WINDOW = Duration.ofMinutes(10);

    private final AgentDatabase db;
    private final Optional<Outbox> outbox;
    private final String cameraId;
    private final Clock clock;
    private Instant windowStart;
    private int sentInWindow;
    private long heldBack;

    CameraEvents(AgentDatabase db, Optional<Outbox> outbox, String cameraId, Clock clock) {
        this.db = db;
        this.outbox = outbox;
        this.cameraId = cameraId;
        this.clock = clock;
    }

    synchronized void health(CameraHealth h) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("type", "camera_state");
        e.put("severity", h.usable() || h.state() == CameraHealth.State.OPENING ? "info" : "warning");
        e.put("camera", cameraId);
        e.put("state", h.state().code());
        e.put("reason", h.reason());
        e.put("since", h.since().toString());
        send(e);
    }

    synchronized void missed(Skipped s) {
        ObjectNode e = Json.mapper().createObjectNode();
        e.put("type", "parcel_missed");
        e.put("severity", "warning");
        e.put("camera", cameraId);
        e.put("parcel_seq", s.parcelSeq());
        e.put("detail", s.detail());
        e.put("at", s.endedAt().toString());
        send(e);
    }

    private void send(ObjectNode event) {
        if (outbox.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (windowStart == null || !now.isBefore(windowStart.plus(WINDOW))) {
            windowStart = now;
            sentInWindow = 0;
        }
        if (sentInWindow >= PER_WINDOW) {
            if (heldBack++ == 0) {
                log.warn("camera {}: more than {} camera events in {} min; holding the rest back (counted)",
                        cameraId, PER_WINDOW, WINDOW.toMinutes());
            }
            return;
        }
        if (heldBack > 0) {
            event.put("held_back", heldBack);
        }
        try (Connection tx = db.connect()) {
            tx.setAutoCommit(false);
            outbox.get().append(tx, new OutboxEntry(ItemKind.EVENT, Priority.ALERT, event.toString()));
            tx.commit();
            sentInWindow++;
            heldBack = 0;
        } catch (SQLException | RuntimeException e) {
            // the local timeline and agent_skipped still have it; only the central copy is lost, and said so
            log.error("camera {}: event not queued for sync: {} ({})", cameraId, event, e.toString());
        }
    }
}
