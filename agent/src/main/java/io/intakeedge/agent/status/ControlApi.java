package io.intakeedge.agent.status;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.agent.app.StatusServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /api/control} (what can be done, and whether control is enabled) and {@code POST /api/control/{action}}.
 * A control request must carry {@code Authorization: Bearer <http.control_token>}; one with a cookie or a form body
 * is refused whatever else it carries, so a page on another site cannot make an operator's browser act (no CSRF:
 * a browser sends neither an Authorization header nor a JSON body cross-site without a preflight this server never
 * answers). Without a configured token every action is refused with 403. Every action and every refused attempt is
 * an event on the timeline; the presented token is never logged or echoed.
 */
public final class ControlApi {
    private static final Logger log = LoggerFactory.getLogger(ControlApi.class);

    private final Vertx vertx;
    private final ControlActions actions;
    private final Optional<ControlToken> token;
    private final EventLog events;
    private final MeterRegistry registry;

    public ControlApi(Vertx vertx, ControlActions actions, Optional<ControlToken> token, EventLog events,
                      MeterRegistry registry) {
        this.vertx = vertx;
        this.actions = actions;
        this.token = token;
        this.events = events;
        this.registry = registry;
    }

    public void mount(Router router) {
        router.get("/api/control").handler(this::list);
        router.post("/api/control/:action").handler(this::act);
        router.route("/api/control/:action").handler(ctx -> {
            ctx.response().putHeader("allow", "POST");
            answer(ctx, 405, "error", ctx.request().method() + " is not allowed here; control actions are POST only");
        });
    }

    private void list(RoutingContext ctx) {
        ObjectNode body = StatusServer.JSON.createObjectNode();
        body.put("enabled", token.isPresent());
        if (token.isEmpty()) {
            body.put("reason", disabledReason());
        }
        var list = body.putArray("actions");
        actions.all().forEach(a -> list.addObject().put("name", a.name()).put("description", a.description()));
        ctx.response().putHeader("content-type", "application/json").putHeader("cache-control", "no-store")
                .end(body.toString());
    }

    private void act(RoutingContext ctx) {
        String name = ctx.pathParam("action");
        Optional<Refusal> refusal = refusal(ctx);
        if (refusal.isPresent()) {
            Refusal r = refusal.get();
            if (r.code() == 401) {
                ctx.response().putHeader("www-authenticate", "Bearer");
            }
            count(name, "refused");
            events.add("control_refused", "warning", "control " + clip(name) + " from "
                    + ctx.request().remoteAddress().hostAddress() + " refused: " + r.reason());
            answer(ctx, r.code(), "error", r.reason());
            return;
        }
        Optional<ControlAction> action = actions.find(name);
        if (action.isEmpty()) {
            answer(ctx, 404, "error", "no control action '" + clip(name) + "'; see GET /api/control");
            return;
        }
        // unordered: an action waiting for the capture thread must not hold up the status APIs' blocking calls
        vertx.executeBlocking(action.get()::run, false).onComplete(done -> {
            if (done.succeeded()) {
                count(name, "done");
                events.add("control", "info", name + ": " + done.result());
                log.info("control action {} done: {}", name, done.result());
                answer(ctx, 200, "result", done.result());
            } else if (done.cause() instanceof ControlAction.Refused r) {
                count(name, "refused");
                events.add("control_refused", "warning", name + " refused: " + r.getMessage());
                answer(ctx, 409, "error", r.getMessage());
            } else {
                count(name, "failed");
                events.add("control_failed", "error", name + " failed: " + done.cause().getMessage());
                log.warn("control action {} failed", name, done.cause());
                answer(ctx, 500, "error", name + " failed: " + done.cause().getMessage());
            }
        });
    }

    /** Why a request may not act, with its HTTP status. */
    private record Refusal(int code, String reason) {
    }

    /** Why this request may not act, checked before the action is even looked up. */
    private Optional<Refusal> refusal(RoutingContext ctx) {
        var headers = ctx.request().headers();
        if (token.isEmpty()) {
            return Optional.of(new Refusal(403, disabledReason()));
        }
        if (headers.contains("cookie")) {
            return Optional.of(new Refusal(403,
                    "requests with cookies are not accepted (control uses a bearer token only)"));
        }
        String type = Optional.ofNullable(headers.get("content-type")).orElse("").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.startsWith("application/json")) {
            return Optional.of(new Refusal(415, "form posts are not accepted: send no body or application/json, "
                    + "got '" + clip(type) + "'"));
        }
        if (!token.get().accepts(headers.get("authorization"))) {
            return Optional.of(new Refusal(401,
                    "missing or wrong bearer token (Authorization: Bearer <http.control_token>)"));
        }
        return Optional.empty();
    }

    private static String disabledReason() {
        return "control actions are disabled: no http.control_token is configured (the page is read-only)";
    }

    private void count(String action, String outcome) {
        // only registered names become tags: a scanner's made-up names must not grow the metric without bound
        String tag = actions.find(action).isPresent() ? action : "unknown";
        Counter.builder("intake.control.actions").description("Control actions asked for, by outcome")
                .tag("action", tag).tag("outcome", outcome).register(registry).increment();
    }

    private static void answer(RoutingContext ctx, int code, String field, String text) {
        ObjectNode body = StatusServer.JSON.createObjectNode().put(field, text);
        ctx.response().setStatusCode(code).putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store").end(body.toString());
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
