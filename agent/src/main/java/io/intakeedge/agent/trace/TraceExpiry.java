package io.intakeedge.agent.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The storage side of trace retention: which stored traces have left the outbox, and deleting them. A trace knows
 * the outbox seq its item got ({@code agent_trace.outbox_seq}, written in the trace's own transaction); it has left
 * once no {@code sync_outbox} group of this device covers that seq (published, receipted or compacted).
 * Traces without a seq were stored before V9 or without sync: they have left once no group older than the oldest
 * known seq is pending, since their items (if any) were appended before it. Without an outbox table at all nothing
 * waits for sync. Reads the sync module's outbox table directly (device, seq, last_seq): {@code TraceExpiryTest}
 * runs against the real {@code H2Outbox}, so a change there fails it.
 */
public final class TraceExpiry {
    /** Candidates read per page; a page of pending traces does not stop the scan from reaching younger ones. */
    private static final int PAGE = 1000;
    /** A run reads at most this many candidates, so a long outage does not turn every run into a full scan. */
    private static final int MAX_SCANNED = 50_000;
    private static final String PAGE_SQL = "SELECT trace_id, decided_at, outbox_seq, evidence_path FROM agent_trace"
            + " WHERE decided_at < ? AND (decided_at > ? OR (decided_at = ? AND trace_id > ?))"
            + " ORDER BY decided_at, trace_id LIMIT ?";

    private final AgentDatabase db;
    private final String device;

    /** A stored trace that may go: its outbox item has left. */
    public record Expirable(UUID traceId, Instant decidedAt, String evidencePath) {
    }

    /** @param device the outbox's device id (the station config's {@code device}) */
    public TraceExpiry(AgentDatabase db, String device) {
        this.db = db;
        this.device = device;
    }

    /** Stored traces, all of them. */
    public long count() throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM agent_trace");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The oldest traces decided before {@code before} whose outbox item has left, oldest first, at most
     * {@code limit}; with {@link Scan#waiting()} how many older ones it passed over because sync still holds them.
     */
    public Scan oldestLeft(Instant before, int limit) throws SQLException {
        try (Connection c = db.connect()) {
            Pending pending = Pending.read(c, device);
            List<Expirable> out = new ArrayList<>();
            long waiting = 0;
            int scanned = 0;
            OffsetDateTime after = OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
            UUID afterId = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
            try (PreparedStatement ps = c.prepareStatement(PAGE_SQL)) {
                while (out.size() < limit && scanned < MAX_SCANNED) {
                    ps.setObject(1, before.atOffset(ZoneOffset.UTC));
                    ps.setObject(2, after);
                    ps.setObject(3, after);
                    ps.setObject(4, afterId);
                    ps.setInt(5, PAGE);
                    int read = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next() && out.size() < limit) {
                            read++;
                            after = rs.getObject(2, OffsetDateTime.class);
                            afterId = rs.getObject(1, UUID.class);
                            long seq = rs.getLong(3);
                            if (pending.holds(rs.wasNull() ? null : seq)) {
                                waiting++;
                            } else {
                                out.add(new Expirable(afterId, after.toInstant(), rs.getString(4)));
                            }
                        }
                    }
                    scanned += read;
                    if (read < PAGE) {
                        break;
                    }
                }
            }
            return new Scan(out, waiting);
        }
    }

    /** What {@link #oldestLeft} found: traces that may go, and older ones sync still holds. */
    public record Scan(List<Expirable> expirable, long waiting) {
        public Scan {
            expirable = List.copyOf(expirable);
        }
    }

    /** Deletes the traces (their scores cascade) in one transaction; returns how many rows went. */
    public int delete(List<Expirable> traces) throws SQLException {
        if (traces.isEmpty()) {
            return 0;
        }
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM agent_trace WHERE trace_id = ?")) {
                for (Expirable t : traces) {
                    ps.setObject(1, t.traceId());
                    ps.addBatch();
                }
                int deleted = 0;
                for (int n : ps.executeBatch()) {
                    deleted += Math.max(n, 0);
                }
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The outbox's pending seq ranges, read once per scan. */
    private record Pending(boolean outbox, long horizon, long legacyFloor, NavigableMap<Long, Long> ranges) {
        static Pending read(Connection c, String device) throws SQLException {
            if (!tableExists(c, "SYNC_OUTBOX") || !tableExists(c, "SYNC_OUTBOX_SEQUENCE")) {
                return new Pending(false, 0, 0, new TreeMap<>());
            }
            // the horizon first: an item appended after it has a larger seq, and its trace is not judged this time
            long horizon = longOf(c, "SELECT last_seq FROM sync_outbox_sequence WHERE device = ?", device, 0);
            NavigableMap<Long, Long> ranges = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, last_seq FROM sync_outbox WHERE device = ?")) {
                ps.setString(1, device);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ranges.put(rs.getLong(1), rs.getLong(2));
                    }
                }
            }
            long floor = longOf(c, "SELECT MIN(outbox_seq) FROM agent_trace", null, horizon + 1);
            return new Pending(true, horizon, floor, ranges);
        }

        /** Whether sync still holds the item with this seq (null: a trace stored without one). */
        boolean holds(Long seq) {
            if (!outbox) {
                return false;
            }
            if (seq == null) {
                return !ranges.isEmpty() && ranges.firstKey() < legacyFloor;
            }
            if (seq > horizon) {
                return true;
            }
            var group = ranges.floorEntry(seq);
            return group != null && group.getValue() >= seq;
        }

        private static boolean tableExists(Connection c, String table) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = ?")) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        }

        private static long longOf(Connection c, String sql, String parameter, long orElse) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (parameter != null) {
                    ps.setString(1, parameter);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return orElse;
                    }
                    long v = rs.getLong(1);
                    return rs.wasNull() ? orElse : v;
                }
            }
        }
    }
}
