package io.intakeedge.agent.status;

import io.intakeedge.agent.app.AgentStatus;
import io.intakeedge.agent.app.StatusServer;
import io.intakeedge.agent.trace.TracePages;
import io.intakeedge.agent.trace.TraceStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything the status page adds to the agent's HTTP server: the page at {@code /}, the trace and event APIs, the
 * live stream and live view, {@code /readyz}, {@code /metrics} and the control actions. Only the control actions
 * ({@link ControlApi}: POST, bearer token) change the station; everything else is read-only. Errors are
 * answered as {@code {"error": "..."}} with 400 (bad parameter), 404 (unknown id) or 500.
 */
public final class StatusSite {
    private static final Logger log = LoggerFactory.getLogger(StatusSite.class);

    private final Vertx vertx;
    private final Supplier<AgentStatus> status;
    private final TraceStore traces;
    private final TracePages pages;
    private final Path evidenceDir;
    private final StationMetrics metrics;
    private final PageParts parts;
    private final EventLog events = new EventLog(1000, Clock.systemUTC());

    public StatusSite(Vertx vertx, Supplier<AgentStatus> status, TraceStore traces, TracePages pages,
                      Path evidenceDir, StationMetrics metrics, PageParts parts) {
        this.vertx = vertx;
        this.status = status;
        this.traces = traces;
        this.pages = pages;
        this.evidenceDir = evidenceDir;
        this.metrics = metrics;
        this.parts = parts;
    }

    public EventLog events() {
        return events;
    }

    /** Adds the routes to {@code router} and starts the once-a-second live tick. */
    public void mount(Router router) {
        metrics.watch(status);
        new HealthMetrics(parts.health()).bindTo(metrics.registry());
        new StaticPage().mount(router);
        new TraceApi(vertx, traces, pages, evidenceDir).mount(router);
        new LiveFeed(vertx, status, traces, events, parts.health()).mount(router, Duration.ofSeconds(1));
        new LiveImageApi(parts.live()).mount(router);
        new ControlApi(vertx, parts.controls(), parts.token(), events, metrics.registry()).mount(router);
        router.get("/api/events").handler(this::events);
        router.get("/readyz").handler(this::ready);
        router.get("/metrics").handler(this::metrics);
        router.route().failureHandler(StatusSite::failure);
    }

    private void events(RoutingContext ctx) {
        long since = QueryParams.eventsSince(ctx.queryParams());
        var body = Map.of("events", events.since(since, QueryParams.DEFAULT_EVENT_LIMIT),
                "last_seq", events.lastSeq(), "dropped", events.dropped());
        vertx.executeBlocking(() -> StatusServer.JSON.writeValueAsString(body))
                .onSuccess(json -> ctx.response().putHeader("content-type", "application/json")
                        .putHeader("cache-control", "no-store").end(json))
                .onFailure(ctx::fail);
    }

    /** 200 when camera, model, store and sync are ready; 503 with one reason per line otherwise. */
    private void ready(RoutingContext ctx) {
        vertx.executeBlocking(this::notReady).onComplete(result -> {
            List<String> reasons = result.succeeded() ? result.result()
                    : List.of("status unavailable: " + result.cause().getMessage());
            ctx.response().setStatusCode(reasons.isEmpty() ? 200 : 503)
                    .putHeader("content-type", "text/plain; charset=utf-8").putHeader("cache-control", "no-store")
                    .end(reasons.isEmpty() ? "ready\n" : String.join("\n", reasons) + "\n");
        });
    }

    List<String> notReady() {
        List<String> reasons = new ArrayList<>();
        AgentStatus s = status.get();
        CameraState camera = CameraState.of(s, Instant.now());
        if (!camera.ok()) {
            reasons.add("camera: " + camera.state() + ": " + camera.reason());
        }
        if (s.bundle() == null || "none".equals(s.backend())) {
            reasons.add("model: no bundle is serving (every parcel goes to manual_intake)");
        }
        try {
            traces.count();
        } catch (RuntimeException e) {
            reasons.add("store: " + e.getMessage());
        }
        reasons.addAll(s.syncProblems());
        return reasons;
    }

    private void metrics(RoutingContext ctx) {
        vertx.executeBlocking(metrics::scrape)
                .onSuccess(text -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                        .putHeader("cache-control", "no-store").end(text))
                .onFailure(ctx::fail);
    }

    private static void failure(RoutingContext ctx) {
        Throwable e = ctx.failure();
        int code = e instanceof BadRequest ? 400 : e instanceof NotFound ? 404 : ctx.statusCode() > 0
                ? ctx.statusCode() : 500;
        String message = e == null ? "HTTP " + code : e.getMessage();
        if (code == 500) {
            log.warn("{} {} failed", ctx.request().method(), ctx.request().path(), e);
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        var body = StatusServer.JSON.createObjectNode().put("error", message);
        ctx.response().setStatusCode(code).putHeader("content-type", "application/json").end(body.toString());
    }
}
