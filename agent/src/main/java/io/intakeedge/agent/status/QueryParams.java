package io.intakeedge.agent.status;

import io.intakeedge.agent.routing.Route;
import io.intakeedge.agent.trace.TracePages;
import io.vertx.core.MultiMap;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Parses the APIs' query parameters strictly: an unknown or repeated parameter, or a value that does not parse, is a
 * {@link BadRequest} naming it, never a silent default (a typo like {@code ?rout=} would otherwise list everything).
 */
public final class QueryParams {
    public static final int DEFAULT_TRACE_LIMIT = 50;
    public static final int DEFAULT_EVENT_LIMIT = 200;

    private QueryParams() {
    }

    /** {@code route}, {@code since} (ISO-8601 instant), {@code limit} (1..500, default 50), {@code cursor}. */
    public static TracePages.Query traces(MultiMap params) {
        allowOnly(params, Set.of("route", "since", "limit", "cursor"));
        Optional<Route> route = single(params, "route").map(v -> {
            try {
                return Route.fromCode(v);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("route: " + e.getMessage());
            }
        });
        Optional<Instant> since = single(params, "since").map(QueryParams::instant);
        int limit = single(params, "limit").map(v -> (int) number("limit", v, 1, TracePages.MAX_LIMIT))
                .orElse(DEFAULT_TRACE_LIMIT);
        Optional<TracePages.Cursor> cursor = single(params, "cursor").map(v -> {
            try {
                return TracePages.Cursor.decode(v);
            } catch (IllegalArgumentException e) {
                throw new BadRequest("cursor: " + e.getMessage());
            }
        });
        return new TracePages.Query(route, since, cursor, limit);
    }

    /** {@code since}: the last event seq the client has (default 0: everything kept). */
    public static long eventsSince(MultiMap params) {
        allowOnly(params, Set.of("since"));
        return single(params, "since").map(v -> number("since", v, 0, Long.MAX_VALUE)).orElse(0L);
    }

    /** For a resource that takes no parameters: any parameter is a mistake worth telling. */
    public static void none(MultiMap params) {
        allowOnly(params, Set.of());
    }

    /** A trace id in a path; malformed is a 400, a well-formed unknown id is the caller's 404. */
    public static UUID traceId(String raw) {
        try {
            UUID id = UUID.fromString(raw);
            if (!id.toString().equalsIgnoreCase(raw)) {
                throw new IllegalArgumentException("not canonical");
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new BadRequest("trace id: '" + clip(raw) + "' is not a UUID");
        }
    }

    private static void allowOnly(MultiMap params, Set<String> known) {
        for (String name : params.names()) {
            if (!known.contains(name)) {
                throw new BadRequest("unknown parameter '" + clip(name) + "'; expected one of " + known);
            }
        }
    }

    private static Optional<String> single(MultiMap params, String name) {
        var values = params.getAll(name);
        if (values.size() > 1) {
            throw new BadRequest(name + ": given " + values.size() + " times");
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Instant instant(String v) {
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequest("since: '" + clip(v) + "' is not an ISO-8601 instant like 2026-12-01T15:00:00Z");
        }
    }

    private static long number(String name, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new BadRequest(name + ": must be in [" + min + ", " + max + "], got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + ": '" + clip(v) + "' is not a whole number");
        }
    }

    /** Echoed input is cut short: a hostile parameter must not fill the response or the log. */
    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
