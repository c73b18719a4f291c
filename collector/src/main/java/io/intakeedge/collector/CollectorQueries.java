package io.intakeedge.collector;

import io.intakeedge.sync.protocol.SeqRange;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The questions operators ask the collector database: what arrived, what is missing, what was rejected, what
 * conflicts. Each call uses the connection it is given; sums saturate instead of overflowing, so no stored value
 * (legacy rows included) can make the report fail.
 */
final class CollectorQueries {
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private CollectorQueries() {
    }

    static CollectorStats stats(Connection c) throws SQLException {
        List<DeviceStats> devices = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT device, site, messages, items, duplicates,"
                + " conflicts, highest_seq, last_message FROM device_stats ORDER BY device");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String device = rows.getString(1);
                devices.add(new DeviceStats(rows.getString(2), device, rows.getLong(3), rows.getLong(4),
                        rows.getLong(5), rows.getLong(6), compacted(c, device), rows.getLong(7), gaps(c, device),
                        rows.getObject(8, OffsetDateTime.class).toInstant()));
            }
        }
        return new CollectorStats(sum(devices, DeviceStats::messages), sum(devices, DeviceStats::items),
                sum(devices, DeviceStats::duplicates), sum(devices, DeviceStats::conflicts), count(c, "dead_letter"),
                devices);
    }

    static long items(Connection c, String device) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT items FROM device_stats WHERE device = ?")) {
            select.setString(1, device);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    static List<Long> sequences(Connection c, String device) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT seq FROM received_item WHERE device = ? ORDER BY seq")) {
            select.setString(1, device);
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
            }
            return seqs;
        }
    }

    static List<DeadLetter> deadLetters(Connection c, int limit) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT id, topic, reason, detail, payload_bytes, payload,"
                + " received_at FROM dead_letter ORDER BY id DESC")) {
            select.setMaxRows(limit);
            List<DeadLetter> letters = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    letters.add(new DeadLetter(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getInt(5), rows.getBytes(6),
                            rows.getObject(7, OffsetDateTime.class).toInstant()));
                }
            }
            return letters;
        }
    }

    /** Every kept version that conflicts with a stored item of {@code device}: seq and payload, by seq. */
    static List<ConflictItem> conflicts(Connection c, String device) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT seq, kind, payload, received_at FROM conflict_item"
                + " WHERE device = ? ORDER BY seq, received_at")) {
            select.setString(1, device);
            List<ConflictItem> conflicts = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    conflicts.add(new ConflictItem(device, rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
            return conflicts;
        }
    }

    static List<SeqRange> gaps(Connection c, String device) throws SQLException {
        SeqCoverage coverage = new SeqCoverage();
        try (PreparedStatement select = c.prepareStatement("SELECT seq AS lo, seq AS hi FROM received_item"
                + " WHERE device = ? UNION ALL SELECT range_first, range_last FROM compacted_range"
                + " WHERE device = ? ORDER BY 1")) {
            select.setString(1, device);
            select.setString(2, device);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    coverage.cover(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return coverage.gaps();
    }

    private static long compacted(Connection c, String device) throws SQLException {
        // DECIMAL: a BIGINT sum of ranges once overflowed ("Numeric value out of range") and ended the collector
        try (PreparedStatement select = c.prepareStatement("SELECT SUM(CAST(range_last AS DECIMAL(38, 0))"
                + " - CAST(range_first AS DECIMAL(38, 0)) + 1) FROM compacted_range WHERE device = ?")) {
            select.setString(1, device);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                BigDecimal sum = rows.getBigDecimal(1);
                return sum == null ? 0 : sum.min(LONG_MAX).longValue();
            }
        }
    }

    private static long count(Connection c, String table) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long sum(List<DeviceStats> devices, java.util.function.ToLongFunction<DeviceStats> field) {
        long total = 0;
        for (DeviceStats d : devices) {
            total = Saturating.add(total, field.applyAsLong(d));
        }
        return total;
    }
}
