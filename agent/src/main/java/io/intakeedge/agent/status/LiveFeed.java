package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.app.AgentStatus;
import io.intakeedge.agent.app.StatusServer;
import io.intakeedge.agent.trace.TraceStore;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/live}: a chunked {@code text/event-stream} (Vert.x 5 has no server-side SSE handler) pushing one
 * {@code status} event a second: the status snapshot, the camera state, the newest decisions, the health panels
 * ({@link StationHealth}) and the last event seq.
 * The payload is built once per tick for all clients on a worker thread, so more tablets cost one write each, not
 * one more database read. A client whose connection drops is forgotten; the browser's EventSource reconnects.
 */
public final class LiveFeed {
    static final int RECENT = 20;
    /** Browsers reconnect after this many ms when the stream drops. */
    static final int RETRY_MS = 2000;

    private final Vertx vertx;
    private final Supplier<AgentStatus> status;
    private final TraceStore traces;
    private final EventLog events;
    private final EventWatcher watcher;
    private final HealthSource health;
    private final DriftEvents drift;
    private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();
    private boolean building;

    public LiveFeed(Vertx vertx, Supplier<AgentStatus> status, TraceStore traces, EventLog events,
                    HealthSource health) {
        this.health = health;
        this.drift = new DriftEvents(events);
        this.vertx = vertx;
        this.status = status;
        this.traces = traces;
        this.events = events;
        this.watcher = new EventWatcher(events);
    }

    public void mount(Router router, Duration tick) {
        router.get("/api/live").handler(this::subscribe);
        vertx.setPeriodic(0, tick.toMillis(), id -> tick());
    }

    public int clients() {
        return clients.size();
    }

    private void subscribe(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        r.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-store").putHeader("x-accel-buffering", "no");
        r.write("retry: " + RETRY_MS + "\n\n");
        clients.add(r);
        r.closeHandler(v -> clients.remove(r));
        r.exceptionHandler(e -> clients.remove(r));
    }

    /** On the event loop; at most one payload is being built at a time, a slow build skips ticks. */
    private void tick() {
        if (building) {
            return;
        }
        building = true;
        vertx.executeBlocking(this::payload).onComplete(done -> {
            building = false;
            // empty: nobody was watching when the tick began (a client that came since gets the next tick)
            if (done.succeeded() && !done.result().isEmpty()) {
                String frame = "event: status\ndata: " + done.result() + "\n\n";
                clients.forEach(c -> c.write(frame).onFailure(e -> clients.remove(c)));
            }
        });
    }

    /** The timeline is fed even while no page is open; the decisions are read only for watching clients. */
    private String payload() throws Exception {
        AgentStatus s = status.get();
        Instant now = Instant.now();
        watcher.observe(s, now);
        StationHealth h = health.get();
        drift.observe(h.drift());
        if (clients.isEmpty()) {
            return "";
        }
        ObjectNode body = StatusServer.JSON.createObjectNode();
        body.set("status", StatusServer.JSON.valueToTree(s));
        body.set("camera", StatusServer.JSON.valueToTree(CameraState.of(s, now)));
        body.put("uptime_s", Duration.between(s.startedAt(), now).toSeconds());
        body.set("recent", StatusServer.JSON.valueToTree(traces.recent(RECENT).stream()
                .map(DecisionSummary::of).toList()));
        body.set("health", StatusServer.JSON.valueToTree(h));
        body.put("last_event_seq", events.lastSeq());
        body.put("sent_at", now.toString());
        return StatusServer.JSON.writeValueAsString(body);
    }
}
