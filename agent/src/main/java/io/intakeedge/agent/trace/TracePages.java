package io.intakeedge.agent.trace;

import io.intakeedge.agent.routing.Route;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Pages through stored traces newest first, for the status page and {@code GET /api/traces}. Paging is by key
 * (decision time, then trace id) rather than by offset, so a page never repeats or skips a trace while new decisions
 * arrive between two requests.
 */
public final class TracePages {
    /** The largest page one request may ask for. */
    public static final int MAX_LIMIT = 500;

    private static final String SELECT = TraceStore.SELECT;

    /** Where the next page starts: just after this trace in (decided_at DESC, trace_id ASC) order. */
    public record Cursor(Instant decidedAt, UUID traceId) {
        public Cursor {
            Objects.requireNonNull(decidedAt, "decidedAt");
            Objects.requireNonNull(traceId, "traceId");
        }

        /** An opaque, URL-safe token. */
        public String encode() {
            String raw = decidedAt + "|" + traceId;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException when {@code token} is not a cursor this class made */
        public static Cursor decode(String token) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int bar = raw.indexOf('|');
                if (bar < 0) {
                    throw new IllegalArgumentException("no separator");
                }
                return new Cursor(Instant.parse(raw.substring(0, bar)), UUID.fromString(raw.substring(bar + 1)));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IllegalArgumentException("cursor is not one this server issued: " + e.getMessage(), e);
            }
        }
    }

    /** What to list: all filters optional. */
    public record Query(Optional<Route> route, Optional<Instant> since, Optional<Cursor> cursor, int limit) {
        public Query {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be in [1, " + MAX_LIMIT + "], got " + limit);
            }
        }
    }

    /** One page; {@code next} is empty on the last page. */
    public record Page(List<Trace> traces, Optional<Cursor> next) {
    }

    private final TraceStore traces;

    /** Pages through {@code traces}' table with its own row mapping. */
    public TracePages(TraceStore traces) {
        this.traces = Objects.requireNonNull(traces, "traces");
    }

    public Page page(Query q) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.route().ifPresent(r -> {
            sql.append(" AND route = ?");
            args.add(r.code());
        });
        q.since().ifPresent(s -> {
            sql.append(" AND decided_at >= ?");
            args.add(utc(s));
        });
        q.cursor().ifPresent(c -> {
            sql.append(" AND (decided_at < ? OR (decided_at = ? AND trace_id > ?))");
            args.add(utc(c.decidedAt()));
            args.add(utc(c.decidedAt()));
            args.add(c.traceId());
        });
        // one more than asked tells whether a next page exists without a second query
        sql.append(" ORDER BY decided_at DESC, trace_id ASC LIMIT ?");
        args.add(q.limit() + 1);
        List<Trace> rows = traces.query(sql.toString(), args.toArray());
        if (rows.size() <= q.limit()) {
            return new Page(rows, Optional.empty());
        }
        List<Trace> page = List.copyOf(rows.subList(0, q.limit()));
        Trace last = page.get(page.size() - 1);
        return new Page(page, Optional.of(new Cursor(last.decidedAt(), last.traceId())));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
