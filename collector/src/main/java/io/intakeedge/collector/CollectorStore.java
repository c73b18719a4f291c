package io.intakeedge.collector;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The collector's database: stores each message in one transaction (items idempotently keyed by
 * {@code (device, seq)}, dead letters for everything unreadable) and answers the questions operators ask: what
 * arrived, what is missing, what was rejected. Works on H2 and PostgreSQL.
 *
 * <p>{@link #ingest} is meant for one thread (the MQTT callback); the query methods open their own connections and
 * may be called from any thread.
 */
public final class CollectorStore implements AutoCloseable {

    /** Dead letters keep this many payload bytes; enough to see what went wrong. */
    public static final int DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(CollectorStore.class);
    /** SQLSTATE of a unique-key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_ATTEMPTS = 3;

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final BatchParser parser;
    private Connection ingest;

    private CollectorStore(String jdbcUrl, String user, String password, int maxPayloadBytes) throws SQLException {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.parser = new BatchParser(maxPayloadBytes);
        reopen();
    }

    /** Migrates the schema (Flyway) and opens the store. */
    public static CollectorStore open(String jdbcUrl, String user, String password, int maxPayloadBytes)
            throws SQLException {
        CollectorSchema.migrate(jdbcUrl, user, password);
        return new CollectorStore(jdbcUrl, user, password, maxPayloadBytes);
    }

    /**
     * Stores one MQTT message and commits. Returns normally for every payload, good or bad; throws only when the
     * database itself fails, in which case nothing was stored and the message must not be acknowledged.
     *
     * @param contentType the MQTT 5 content-type property, or null when absent
     */
    public synchronized IngestResult ingest(String topic, byte[] payload, String contentType) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return ingestOnce(topic, payload, contentType);
            } catch (SQLException e) {
                // another collector instance stored the same (device, seq) or device row first: try again, the
                // second attempt sees its rows and counts duplicates
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                log.debug("concurrent insert on {}, retrying: {}", topic, e.getMessage());
            }
        }
    }

    private IngestResult ingestOnce(String topic, byte[] payload, String contentType) throws SQLException {
        Instant now = Instant.now();
        if (ingest == null) {
            reopen();
        }
        try {
            TopicAddress address = TopicAddress.parse(topic);
            if (address.leaf().equals("receipts")) {
                return IngestResult.status(); // our own receipts (the filter +/+/+ matches them): nothing to store
            }
            if (address.leaf().equals("status")) {
                return storeStatus(address, payload, contentType, now);
            }
            return storeBatch(parser.parseBatch(address, parser.decode(payload, contentType)), now);
        } catch (RejectedMessageException e) {
            rollbackQuietly();
            storeDeadLetter(topic, e, payload, now);
            log.warn("dead letter from {}: {}", topic, e.getMessage());
            return IngestResult.deadLetter(e.getMessage());
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                rollbackQuietly();
            } else {
                // the connection may be broken (database restarted): open a fresh one next time
                closeQuietly();
            }
            throw e;
        } catch (RuntimeException e) {
            rollbackQuietly();
            throw e;
        }
    }

    private void reopen() throws SQLException {
        ingest = connect();
        ingest.setAutoCommit(false);
    }

    private IngestResult storeBatch(ReceivedBatch batch, Instant now) throws SQLException {
        Set<Long> known = storedSeqs(batch);
        List<ReceivedItem> fresh = batch.items().stream().filter(item -> !known.contains(item.seq())).toList();
        insertItems(batch, fresh, now);
        int duplicates = batch.items().size() - fresh.size();
        updateDeviceStats(batch, fresh.size(), duplicates, now);
        ingest.commit();
        return IngestResult.batch(batch, fresh.size(), duplicates, Instant.now());
    }

    private Set<Long> storedSeqs(ReceivedBatch batch) throws SQLException {
        Set<Long> known = new HashSet<>();
        try (PreparedStatement select = ingest.prepareStatement(
                "SELECT seq FROM received_item WHERE device = ? AND seq BETWEEN ? AND ?")) {
            select.setString(1, batch.device());
            select.setLong(2, batch.firstSeq());
            select.setLong(3, batch.lastSeq());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    known.add(rows.getLong(1));
                }
            }
        }
        return known;
    }

    private void insertItems(ReceivedBatch batch, List<ReceivedItem> items, Instant now) throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        // a concurrent collector inserting the same (device, seq) makes this fail; the message is then not
        // acknowledged, comes back, and is recognized as a duplicate
        try (PreparedStatement insert = ingest.prepareStatement("INSERT INTO received_item (device, seq, site, kind,"
                + " created_at, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ReceivedItem item : items) {
                insert.setString(1, batch.device());
                insert.setLong(2, item.seq());
                insert.setString(3, batch.site());
                insert.setString(4, item.kind());
                insert.setObject(5, item.createdAt() == null ? null : utc(item.createdAt()));
                insert.setString(6, item.payloadJson());
                insert.setObject(7, utc(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        insertCoverage(batch.device(), items);
    }

    private void insertCoverage(String device, List<ReceivedItem> items) throws SQLException {
        try (PreparedStatement insert = ingest.prepareStatement("INSERT INTO compacted_range (device, seq,"
                + " range_first, range_last) VALUES (?, ?, ?, ?)")) {
            int rows = 0;
            for (ReceivedItem item : items) {
                for (SeqRange range : item.covers()) {
                    insert.setString(1, device);
                    insert.setLong(2, item.seq());
                    insert.setLong(3, range.first());
                    insert.setLong(4, range.last());
                    insert.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    private void updateDeviceStats(ReceivedBatch batch, int stored, int duplicates, Instant now) throws SQLException {
        try (PreparedStatement update = ingest.prepareStatement("UPDATE device_stats SET site = ?,"
                + " messages = messages + 1, items = items + ?, duplicates = duplicates + ?,"
                + " highest_seq = GREATEST(highest_seq, ?), last_message = ? WHERE device = ?")) {
            update.setString(1, batch.site());
            update.setLong(2, stored);
            update.setLong(3, duplicates);
            update.setLong(4, batch.lastSeq());
            update.setObject(5, utc(now));
            update.setString(6, batch.device());
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = ingest.prepareStatement("INSERT INTO device_stats (device, site, messages,"
                + " items, duplicates, highest_seq, last_message) VALUES (?, ?, 1, ?, ?, ?, ?)")) {
            insert.setString(1, batch.device());
            insert.setString(2, batch.site());
            insert.setLong(3, stored);
            insert.setLong(4, duplicates);
            insert.setLong(5, batch.lastSeq());
            insert.setObject(6, utc(now));
            insert.executeUpdate();
        }
    }

    private IngestResult storeStatus(TopicAddress address, byte[] payload, String contentType, Instant now)
            throws SQLException, RejectedMessageException {
        if (payload.length == 0) {
            return IngestResult.status(); // an empty retained message clears the status; nothing to keep
        }
        JsonNode status = parser.decode(payload, contentType);
        try (PreparedStatement update = ingest.prepareStatement(
                "UPDATE device_status SET site = ?, payload = ?, received_at = ? WHERE device = ?")) {
            update.setString(1, address.site());
            update.setString(2, status.toString());
            update.setObject(3, utc(now));
            update.setString(4, address.device());
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = ingest.prepareStatement(
                        "INSERT INTO device_status (device, site, payload, received_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, address.device());
                    insert.setString(2, address.site());
                    insert.setString(3, status.toString());
                    insert.setObject(4, utc(now));
                    insert.executeUpdate();
                }
            }
        }
        ingest.commit();
        return IngestResult.status();
    }

    private void storeDeadLetter(String topic, RejectedMessageException e, byte[] payload, Instant now)
            throws SQLException {
        try (PreparedStatement insert = ingest.prepareStatement("INSERT INTO dead_letter (topic, reason, detail,"
                + " payload_bytes, payload, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, truncate(topic, 512));
            insert.setString(2, e.reason().name().toLowerCase());
            insert.setString(3, truncate(e.getMessage(), 2000));
            insert.setInt(4, payload.length);
            insert.setBytes(5, Arrays.copyOf(payload, Math.min(payload.length, DEAD_LETTER_PAYLOAD_BYTES)));
            insert.setObject(6, utc(now));
            insert.executeUpdate();
        }
        ingest.commit();
    }

    /** Totals and per-device figures including gaps. */
    public CollectorStats stats() throws SQLException {
        try (Connection c = connect()) {
            List<DeviceStats> devices = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT device, site, messages, items, duplicates,"
                    + " highest_seq, last_message FROM device_stats ORDER BY device");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String device = rows.getString(1);
                    devices.add(new DeviceStats(rows.getString(2), device, rows.getLong(3), rows.getLong(4),
                            rows.getLong(5), compacted(c, device), rows.getLong(6), gaps(c, device),
                            rows.getObject(7, OffsetDateTime.class).toInstant()));
                }
            }
            return new CollectorStats(devices.stream().mapToLong(DeviceStats::messages).sum(),
                    devices.stream().mapToLong(DeviceStats::items).sum(),
                    devices.stream().mapToLong(DeviceStats::duplicates).sum(), count(c, "dead_letter"), devices);
        }
    }

    /** Distinct items stored for one device (0 for an unknown device); cheap enough to poll. */
    public long items(String device) throws SQLException {
        try (Connection c = connect();
             PreparedStatement select = c.prepareStatement("SELECT items FROM device_stats WHERE device = ?")) {
            select.setString(1, device);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    /** Missing sequence ranges of one device (empty when nothing is missing or the device is unknown). */
    public List<SeqRange> gaps(String device) throws SQLException {
        try (Connection c = connect()) {
            return gaps(c, device);
        }
    }

    /** Every stored sequence number of one device, ascending. */
    public List<Long> sequences(String device) throws SQLException {
        try (Connection c = connect();
             PreparedStatement select = c.prepareStatement(
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

    /** The most recent dead letters, newest first. */
    public List<DeadLetter> deadLetters(int limit) throws SQLException {
        try (Connection c = connect();
             PreparedStatement select = c.prepareStatement("SELECT id, topic, reason, detail, payload_bytes, payload,"
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

    private static List<SeqRange> gaps(Connection c, String device) throws SQLException {
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
        try (PreparedStatement select = c.prepareStatement("SELECT COALESCE(SUM(range_last - range_first + 1), 0)"
                + " FROM compacted_range WHERE device = ?")) {
            select.setString(1, device);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
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

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private void rollbackQuietly() {
        try {
            ingest.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed: {}", e.getMessage());
        }
    }

    private void closeQuietly() {
        try {
            ingest.close();
        } catch (SQLException e) {
            log.debug("closing a failed connection: {}", e.getMessage());
        }
        ingest = null;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    @Override
    public synchronized void close() throws SQLException {
        if (ingest != null) {
            ingest.close();
            ingest = null;
        }
    }
}
