package io.intakeedge.agent.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Consumer;
import java.util.function.Supplier;
import io.intakeedge.sync.protocol.Json;

/**
 * The station's local HTTP endpoint: {@code GET /api/status} (JSON) and {@code GET /healthz} (200 healthy, 503 with
 * the reasons otherwise, for a watchdog or systemd). The snapshot is built on a worker thread (it reads the outbox
 * counters from H2), so the event loop never waits on storage, capture or inference.
 */
public final class StatusServer {
    /** The one mapper of the HTTP side (snake_case, ISO-8601 times). */
    public static final ObjectMapper JSON = Json.snakeCase().build();

    private final Vertx vertx;
    private final Supplier<AgentStatus> status;
    private final Consumer<Router> more;
    private HttpServer server;
    private volatile Rendered rendered;

    public StatusServer(Vertx vertx, Supplier<AgentStatus> status) {
        this(vertx, status, router -> { });
    }

    /** @param more adds further routes (the status page, see {@code io.intakeedge.agent.status}) */
    public StatusServer(Vertx vertx, Supplier<AgentStatus> status, Consumer<Router> more) {
        this.vertx = vertx;
        this.status = status;
        this.more = more;
    }

    /** Starts listening; completes with the bound port (useful with port 0). */
    public Future<Integer> start(String host, int port) {
        Router router = Router.router(vertx);
        router.get("/api/status").handler(this::statusJson);
        router.get("/healthz").handler(this::health);
        more.accept(router);
        server = vertx.createHttpServer();
        return server.requestHandler(router).listen(port, host).map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void statusJson(RoutingContext ctx) {
        // unordered: requests are answered in parallel on the worker pool, not one after another
        vertx.executeBlocking(this::json, false).onComplete(json -> {
            if (json.succeeded()) {
                ctx.response().putHeader("content-type", "application/json")
                        .putHeader("cache-control", "no-store")
                        .end(json.result());
            } else {
                ctx.response().setStatusCode(500).end("status unavailable: " + json.cause().getMessage());
            }
        });
    }

    /** The snapshot as JSON; written once per snapshot, as a shared snapshot is handed to many requests. */
    private String json() throws Exception {
        AgentStatus s = status.get();
        Rendered last = rendered;
        if (last != null && last.status() == s) {
            return last.json();
        }
        String json = JSON.writeValueAsString(s);
        rendered = new Rendered(s, json);
        return json;
    }

    private record Rendered(AgentStatus status, String json) {
    }

    private void health(RoutingContext ctx) {
        vertx.executeBlocking(status::get, false).onComplete(result -> {
            if (result.failed()) {
                ctx.response().setStatusCode(503).end("status unavailable: " + result.cause().getMessage() + "\n");
                return;
            }
            AgentStatus s = result.result();
            ctx.response().setStatusCode(s.healthy() ? 200 : 503)
                    .putHeader("content-type", "text/plain")
                    .end(s.healthy() ? "ok\n" : String.join("\n", s.problems()) + "\n");
        });
    }
}
