package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.app.StatusServer;
import io.intakeedge.agent.trace.Trace;
import io.intakeedge.agent.trace.TraceExplainer;
import io.intakeedge.agent.trace.TraceJson;
import io.intakeedge.agent.trace.TracePages;
import io.intakeedge.agent.trace.TraceStore;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code GET /api/traces} (paged), {@code /api/traces/{id}}, {@code /api/traces/{id}/evidence.jpg} and
 * {@code /api/traces/{id}/explain}. Storage is
 * read on worker threads; the event loop only answers.
 */
public final class TraceApi {
    private final Vertx vertx;
    private final TraceStore traces;
    private final TracePages pages;
    private final Path evidenceDir;

    /** @param evidenceDir evidence is served only from inside this directory, whatever a stored path says */
    public TraceApi(Vertx vertx, TraceStore traces, TracePages pages, Path evidenceDir) {
        this.vertx = vertx;
        this.traces = traces;
        this.pages = pages;
        this.evidenceDir = evidenceDir.toAbsolutePath().normalize();
    }

    public void mount(Router router) {
        router.get("/api/traces").handler(this::list);
        router.get("/api/traces/:id").handler(this::one);
        router.get("/api/traces/:id/evidence.jpg").handler(this::evidence);
        router.get("/api/traces/:id/explain").handler(this::explain);
    }

    private void explain(RoutingContext ctx) {
        QueryParams.none(ctx.queryParams());
        var id = QueryParams.traceId(ctx.pathParam("id"));
        json(ctx, () -> traces.find(id).map(TraceExplainer::explain).map(ExplanationJson::of)
                .orElseThrow(() -> new NotFound("no trace " + id)));
    }

    private void list(RoutingContext ctx) {
        TracePages.Query q = QueryParams.traces(ctx.queryParams());
        json(ctx, () -> {
            TracePages.Page page = pages.page(q);
            ObjectNode body = StatusServer.JSON.createObjectNode();
            ArrayNode items = body.putArray("traces");
            page.traces().forEach(t -> items.add(TraceJson.toNode(t)));
            body.put("next_cursor", page.next().map(TracePages.Cursor::encode).orElse(null));
            body.put("limit", q.limit());
            return body;
        });
    }

    private void one(RoutingContext ctx) {
        QueryParams.none(ctx.queryParams());
        var id = QueryParams.traceId(ctx.pathParam("id"));
        json(ctx, () -> traces.find(id).map(TraceJson::toNode)
                .orElseThrow(() -> new NotFound("no trace " + id)));
    }

    private void evidence(RoutingContext ctx) {
        QueryParams.none(ctx.queryParams());
        var id = QueryParams.traceId(ctx.pathParam("id"));
        vertx.executeBlocking(() -> evidenceFile(traces.find(id).orElseThrow(() -> new NotFound("no trace " + id))))
                .onSuccess(file -> ctx.response().putHeader("content-type", "image/jpeg")
                        .putHeader("cache-control", "private, max-age=3600")
                        .sendFile(file.toString()))
                .onFailure(ctx::fail);
    }

    /**
     * The evidence file of {@code t}, only if it really lies inside the evidence directory (links resolved): a stored
     * path is data, and data from a restored or tampered database must not make the server read other files.
     */
    Path evidenceFile(Trace t) throws IOException {
        String stored = Optional.ofNullable(t.evidencePath())
                .orElseThrow(() -> new NotFound("trace " + t.traceId() + " kept no evidence"));
        Path file = Path.of(stored).toAbsolutePath().normalize();
        if (!file.startsWith(evidenceDir) || !Files.isRegularFile(file)) {
            throw new NotFound("evidence of trace " + t.traceId() + " is not in the evidence directory");
        }
        Path real = file.toRealPath();
        if (!real.startsWith(evidenceDir.toRealPath())) {
            throw new NotFound("evidence of trace " + t.traceId() + " is not in the evidence directory");
        }
        return real;
    }

    private void json(RoutingContext ctx, Callable<Object> body) {
        vertx.executeBlocking(() -> StatusServer.JSON.writeValueAsString(body.call()))
                .onSuccess(text -> ctx.response().putHeader("content-type", "application/json")
                        .putHeader("cache-control", "no-store").end(text))
                .onFailure(ctx::fail);
    }
}
