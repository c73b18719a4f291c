package io.intakeedge.sync.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.sync.protocol.ItemKind;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the oldest unclaimed low-priority traces into one counted {@code compacted} summary, so the loss under disk
 * pressure is itself synced. The summary takes over the row (and seq) of the newest compacted trace, which is why no
 * new sequence number is needed and compaction can commit in its own transaction without touching the counter row.
 */
final class TraceCompactor {
    /** What one compaction did. */
    record Result(int count, long freedBytes, long summarySeq) {
    }

    private static final int PAGE = 1000;
    private static final String SELECT = "SELECT seq, payload_bytes, payload FROM sync_outbox "
            + "WHERE device = ? AND priority = ? AND channel = 'traces' AND kind = '" + ItemKind.TRACE + "' AND seq > ?"
            + " ORDER BY device, priority, channel, seq LIMIT ?"; // index order: no sort of the whole queue
    private static final String DELETE = "DELETE FROM sync_outbox WHERE device = ? AND priority = ?"
            + " AND channel = 'traces' AND kind = '" + ItemKind.TRACE + "' AND seq BETWEEN ? AND ?";
    private static final String TO_SUMMARY = "UPDATE sync_outbox SET kind = '" + ItemKind.COMPACTED
            + "', priority = ?, payload = ?, payload_bytes = ? WHERE device = ? AND seq = ?";
    private static final String COUNT = "UPDATE sync_outbox_compaction SET compacted_total = compacted_total + ?, "
            + "summaries = summaries + 1 WHERE device = ?";

    private final ObjectMapper mapper;

    TraceCompactor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Compacts traces with seq above {@code afterSeq} (everything at or below it may be in flight) until at least
     * {@code targetBytes} are freed or none are left. Commits on {@code conn} (auto-commit off).
     *
     * @return the result, or null when there was nothing to compact
     */
    Result compact(Connection conn, String device, long afterSeq, long targetBytes) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        Map<String, Integer> routes = new TreeMap<>();
        long bytes = 0;
        long cursor = afterSeq;
        try (PreparedStatement select = conn.prepareStatement(SELECT)) {
            while (bytes < targetBytes) {
                int rows = 0;
                select.setString(1, device);
                select.setInt(2, Priority.TRACE.rank());
                select.setLong(3, cursor);
                select.setInt(4, PAGE);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next() && bytes < targetBytes) {
                        rows++;
                        cursor = rs.getLong(1);
                        seqs.add(cursor);
                        bytes += rs.getInt(2);
                        routes.merge(routeOf(rs.getString(3)), 1, Integer::sum);
                    }
                }
                if (rows < PAGE) {
                    break;
                }
            }
        }
        if (seqs.isEmpty()) {
            return null;
        }
        long first = seqs.get(0);
        long last = seqs.get(seqs.size() - 1);
        byte[] summary = summary(seqs, routes);
        try {
            int deleted = deleteAllBut(conn, device, first, last);
            if (deleted != seqs.size() - 1) {
                throw new SQLException("compaction of seq " + first + ".." + last + " deleted " + deleted
                        + " rows, expected " + (seqs.size() - 1) + "; rolled back");
            }
            try (PreparedStatement update = conn.prepareStatement(TO_SUMMARY)) {
                // ALERT: a summary is never compacted again and reaches the collector early
                update.setInt(1, Priority.ALERT.rank());
                update.setString(2, new String(summary, StandardCharsets.UTF_8));
                update.setInt(3, summary.length);
                update.setString(4, device);
                update.setLong(5, last);
                update.executeUpdate();
            }
            try (PreparedStatement count = conn.prepareStatement(COUNT)) {
                count.setLong(1, seqs.size());
                count.setString(2, device);
                count.executeUpdate();
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        }
        return new Result(seqs.size(), bytes - summary.length, last);
    }

    private static int deleteAllBut(Connection conn, String device, long first, long last) throws SQLException {
        if (first == last) {
            return 0;
        }
        try (PreparedStatement delete = conn.prepareStatement(DELETE)) {
            delete.setString(1, device);
            delete.setInt(2, Priority.TRACE.rank());
            delete.setLong(3, first);
            delete.setLong(4, last - 1);
            return delete.executeUpdate();
        }
    }

    /** {@code {"first_seq","last_seq","count","ranges":[[a,b],...],"routes":{...}}}, see docs/mqtt.md. */
    private byte[] summary(List<Long> seqs, Map<String, Integer> routes) {
        ObjectNode node = mapper.createObjectNode();
        node.put("first_seq", seqs.get(0));
        node.put("last_seq", seqs.get(seqs.size() - 1));
        node.put("count", seqs.size());
        ArrayNode ranges = node.putArray("ranges");
        long start = seqs.get(0);
        long previous = start;
        for (int i = 1; i <= seqs.size(); i++) {
            long seq = i < seqs.size() ? seqs.get(i) : Long.MIN_VALUE;
            if (seq != previous + 1) {
                ranges.addArray().add(start).add(previous);
                start = seq;
            }
            previous = seq;
        }
        ObjectNode routeCounts = node.putObject("routes");
        routes.forEach(routeCounts::put);
        try {
            return mapper.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write compaction summary", e);
        }
    }

    private String routeOf(String payload) {
        try {
            JsonNode route = mapper.readTree(payload).get("route");
            return route != null && route.isTextual() ? route.asText() : "unknown";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return "unknown"; // validated on append; cannot happen unless the row was edited by hand
        }
    }
}
