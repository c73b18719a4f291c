package io.intakeedge.sync.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.intakeedge.sync.protocol.ItemKind;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the oldest unclaimed low-priority trace groups into one counted {@code compacted} summary, so the loss under
 * disk pressure is itself synced. The summary is a one-item group keyed by the newest compacted seq, which is why no
 * new sequence number is needed and compaction can commit in its own transaction without touching the counter row.
 * Whole groups are compacted (a group is never split), so a compaction may free up to one group more than asked.
 */
final class TraceCompactor {
    /** What one compaction did. */
    record Result(int count, long freedBytes, long summarySeq) {
    }

    /** What the selected groups hold. */
    private record Selection(List<Long> seqs, Map<String, Integer> routes, long bytes, int groups, long createdAtMs) {
    }

    private static final int PAGE = 100;
    private static final String SELECT = "SELECT seq, last_seq, payload_bytes, items, created_at_ms FROM sync_outbox "
            + "WHERE device = ? AND priority = ? AND channel = 'traces' AND kind = '" + ItemKind.TRACE + "' AND seq > ?"
            + " ORDER BY device, priority, channel, seq LIMIT ?"; // index order: no sort of the whole queue
    private static final String DELETE = "DELETE FROM sync_outbox WHERE device = ? AND priority = ?"
            + " AND channel = 'traces' AND kind = '" + ItemKind.TRACE + "' AND seq BETWEEN ? AND ?";
    private static final String INSERT_SUMMARY = "INSERT INTO sync_outbox (device, seq, last_seq, priority, channel,"
            + " kind, created_at_ms, payload_bytes, items) VALUES (?, ?, ?, ?, 'traces', '" + ItemKind.COMPACTED
            + "', ?, ?, ?)";
    private static final String COUNT = "UPDATE sync_outbox_compaction SET compacted_total = compacted_total + ?, "
            + "summaries = summaries + 1 WHERE device = ?";

    private final ObjectMapper mapper;

    TraceCompactor(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Compacts trace groups starting above {@code afterSeq} (everything at or below it may be in flight) until at
     * least {@code targetBytes} are freed or none are left. Commits on {@code conn} (auto-commit off).
     *
     * @return the result, or null when there was nothing to compact
     */
    Result compact(Connection conn, String device, long afterSeq, long targetBytes) throws SQLException {
        Selection selected = select(conn, device, afterSeq, targetBytes);
        if (selected.seqs().isEmpty()) {
            return null;
        }
        long first = selected.seqs().get(0);
        long last = selected.seqs().get(selected.seqs().size() - 1);
        byte[] summary = summaryItem(last, selected);
        int summaryBytes = summary.length;
        try {
            int deleted = delete(conn, device, first, last);
            if (deleted != selected.groups()) {
                throw new SQLException("compaction of seq " + first + ".." + last + " deleted " + deleted
                        + " groups, expected " + selected.groups() + "; rolled back");
            }
            try (PreparedStatement insert = conn.prepareStatement(INSERT_SUMMARY)) {
                insert.setString(1, device);
                insert.setLong(2, last);
                insert.setLong(3, last);
                // ALERT: a summary is never compacted again and reaches the collector early
                insert.setInt(4, Priority.ALERT.rank());
                insert.setLong(5, selected.createdAtMs());
                insert.setInt(6, summaryBytes);
                insert.setBytes(7, summary);
                insert.executeUpdate();
            }
            try (PreparedStatement count = conn.prepareStatement(COUNT)) {
                count.setLong(1, selected.seqs().size());
                count.setString(2, device);
                count.executeUpdate();
            }
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        }
        return new Result(selected.seqs().size(), selected.bytes() - summaryBytes, last);
    }

    private Selection select(Connection conn, String device, long afterSeq, long targetBytes) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        Map<String, Integer> routes = new TreeMap<>();
        long bytes = 0;
        int groups = 0;
        long createdAt = 0;
        long cursor = afterSeq;
        try (PreparedStatement select = conn.prepareStatement(SELECT)) {
            int rows = PAGE;
            while (bytes < targetBytes && rows == PAGE) {
                rows = 0;
                select.setString(1, device);
                select.setInt(2, Priority.TRACE.rank());
                select.setLong(3, cursor);
                select.setInt(4, PAGE);
                try (ResultSet rs = select.executeQuery()) {
                    while (bytes < targetBytes && rs.next()) {
                        rows++;
                        groups++;
                        cursor = rs.getLong(1);
                        bytes += rs.getInt(3);
                        createdAt = rs.getLong(5);
                        readItems(rs.getBytes(4), seqs, routes);
                    }
                }
            }
        }
        return new Selection(seqs, routes, bytes, groups, createdAt);
    }

    /** Adds the seqs and routes of one group's items; read back only here, under disk pressure. */
    private void readItems(byte[] itemsJson, List<Long> seqs, Map<String, Integer> routes) throws SQLException {
        byte[] array = new byte[itemsJson.length + 2];
        array[0] = '[';
        System.arraycopy(itemsJson, 0, array, 1, itemsJson.length);
        array[array.length - 1] = ']';
        try {
            for (JsonNode item : mapper.readTree(array)) {
                seqs.add(item.get("seq").asLong());
                JsonNode route = item.get("payload").get("route");
                routes.merge(route != null && route.isTextual() ? route.asText() : "unknown", 1, Integer::sum);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // the outbox wrote these rows itself: a row that does not read back was edited by hand
            throw new SQLException("outbox row cannot be read back for compaction: " + e.getMessage(), e);
        }
    }

    private static int delete(Connection conn, String device, long first, long last) throws SQLException {
        try (PreparedStatement delete = conn.prepareStatement(DELETE)) {
            delete.setString(1, device);
            delete.setInt(2, Priority.TRACE.rank());
            delete.setLong(3, first);
            delete.setLong(4, last);
            return delete.executeUpdate();
        }
    }

    /** The summary as an item: {@code {"first_seq","last_seq","count","ranges":[[a,b],...],"routes":{...}}}. */
    private byte[] summaryItem(long seq, Selection selected) {
        List<Long> seqs = selected.seqs();
        ObjectNode node = mapper.createObjectNode();
        node.put("first_seq", seqs.get(0));
        node.put("last_seq", seqs.get(seqs.size() - 1));
        node.put("count", seqs.size());
        ArrayNode ranges = node.putArray("ranges");
        long start = seqs.get(0);
        long previous = start;
        for (int i = 1; i <= seqs.size(); i++) {
            long next = i < seqs.size() ? seqs.get(i) : Long.MIN_VALUE;
            if (next != previous + 1) {
                ranges.addArray().add(start).add(previous);
                start = next;
            }
            previous = next;
        }
        ObjectNode routeCounts = node.putObject("routes");
        selected.routes().forEach(routeCounts::put);
        ByteArrayOutputStream item = new ByteArrayOutputStream();
        try {
            ItemJson.appendItem(item, seq, ItemKind.COMPACTED, Instant.ofEpochMilli(selected.createdAtMs()).toString(),
                    mapper.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write compaction summary", e);
        }
        return item.toByteArray();
    }
}
