package io.intakeedge.collector;

import io.intakeedge.sync.protocol.BatchReader;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.PayloadLimits;
import io.intakeedge.sync.protocol.ProtocolException;
import io.intakeedge.sync.protocol.ReceivedBatch;
import io.intakeedge.sync.protocol.ReceivedStatus;
import io.intakeedge.sync.protocol.SeqRange;
import io.intakeedge.sync.protocol.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The collector's database: stores messages (items idempotently keyed by {@code (device, seq)}, dead letters for
 * everything unreadable) and answers the questions operators ask: what arrived, what is missing, what was rejected.
 * Works on H2 and PostgreSQL.
 *
 * <p>{@link #ingestAll} stores many messages in one transaction (a commit per MQTT message capped the collector at
 * a few thousand items/s); when that transaction fails on a message's values or on a concurrent collector, the
 * messages are stored again one transaction each ({@link #ingest}), so one bad message never takes others with it.
 * Both are meant for one thread (the ingest worker); the query methods open their own connections and may be called
 * from any thread.
 */
public final class CollectorStore implements AutoCloseable {

    /** Dead letters keep this many payload bytes; enough to see what went wrong. */
    public static final int DEAD_LETTER_PAYLOAD_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(CollectorStore.class);
    /** SQLSTATE of a unique-key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int MAX_ATTEMPTS = 3;
    /** Dead-letter reason: the database refused the message's values (SQLSTATE class 22/23). */
    static final String UNSTORABLE = "unstorable";
    /** Dead-letter reason: handling threw an unexpected exception. */
    static final String INTERNAL_ERROR = "internal_error";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final BatchReader reader;
    private Connection ingest;

    private CollectorStore(String jdbcUrl, String user, String password, int maxPayloadBytes) throws SQLException {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.reader = new BatchReader(PayloadLimits.wire(maxPayloadBytes));
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

    /** One MQTT message as it arrived. */
    public record Incoming(String topic, byte[] payload, String contentType) {
    }

    /**
     * Stores {@code messages} in one transaction and commits; returns one result per message, in order. Like
     * {@link #ingest}, throws only when the database fails, and then nothing of the call may be acknowledged (some
     * messages may have been committed by the one-by-one fallback: storing them again only counts duplicates).
     */
    public synchronized List<IngestResult> ingestAll(List<Incoming> messages) throws SQLException {
        if (messages.size() == 1) {
            Incoming only = messages.get(0);
            return List.of(ingest(only.topic(), only.payload(), only.contentType()));
        }
        try {
            return ingestTogether(messages);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (e instanceof SQLException sql && !UNIQUE_VIOLATION.equals(sql.getSQLState()) && !isDataError(sql)) {
                closeQuietly(); // the database or the link failed: the caller retries the whole group
                throw sql;
            }
            log.debug("storing {} messages together failed ({}); storing them one by one", messages.size(),
                    e.toString());
        }
        List<IngestResult> results = new ArrayList<>(messages.size());
        for (Incoming m : messages) {
            results.add(ingest(m.topic(), m.payload(), m.contentType()));
        }
        return results;
    }

    /** A message written in the group transaction: a batch whose result waits for the commit, or a result. */
    private record Written(ReceivedBatch batch, BatchWriter.Tally tally, IngestResult result) {
        IngestResult after(Instant committedAt) {
            return batch == null ? result : batchResult(batch, tally, committedAt);
        }
    }

    /** Every message in the current transaction: unreadable ones as dead letters, the rest stored; one commit. */
    private List<IngestResult> ingestTogether(List<Incoming> messages) throws SQLException {
        Instant now = Instant.now();
        if (ingest == null) {
            reopen();
        }
        BatchWriter writer = new BatchWriter(ingest);
        List<Written> written = new ArrayList<>(messages.size());
        for (Incoming m : messages) {
            written.add(write(writer, m, now));
        }
        ingest.commit();
        Instant committed = Instant.now();
        return written.stream().map(w -> w.after(committed)).toList();
    }

    private Written write(BatchWriter writer, Incoming m, Instant now) throws SQLException {
        try {
            Topic address = Topic.parse(m.topic());
            if (address.channel() == Channel.RECEIPTS) {
                return new Written(null, null, IngestResult.status());
            }
            if (address.channel() == Channel.STATUS) {
                return new Written(null, null, writeStatus(address, m.payload(), m.contentType(), now));
            }
            ReceivedBatch batch = reader.readBatch(address, m.payload(), m.contentType());
            return new Written(batch, writer.write(batch, now), null);
        } catch (ProtocolException e) {
            // thrown while reading, before anything of this message was written
            storeDeadLetterRow(m.topic(), e.reason().code(), e.getMessage(), m.payload(), now);
            log.warn("dead letter from {}: {}: {}", truncate(m.topic(), 512), e.reason().code(), e.getMessage());
            return new Written(null, null, IngestResult.deadLetter(e.reason().code(), e.getMessage()));
        }
    }

    private IngestResult ingestOnce(String topic, byte[] payload, String contentType) throws SQLException {
        Instant now = Instant.now();
        if (ingest == null) {
            reopen();
        }
        try {
            Topic address = Topic.parse(topic);
            if (address.channel() == Channel.RECEIPTS) {
                return IngestResult.status(); // our own receipts (the filter +/+/+ matches them): nothing to store
            }
            if (address.channel() == Channel.STATUS) {
                return storeStatus(address, payload, contentType, now);
            }
            return storeBatch(reader.readBatch(address, payload, contentType), now);
        } catch (ProtocolException e) {
            return deadLetter(topic, e.reason().code(), e.getMessage(), payload, now);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                rollbackQuietly();
                throw e;
            }
            if (isDataError(e)) {
                // the database refuses this message's values: retrying cannot help, keep it as a dead letter
                return deadLetter(topic, UNSTORABLE, "the database refused the message: " + e.getMessage(),
                        payload, now);
            }
            closeQuietly(); // the connection may be broken (database restarted): open a fresh one next time
            throw e;
        } catch (RuntimeException e) {
            // a bug or an input nobody foresaw: never lose the message silently and never wedge on it
            log.error("handling a message from {} failed; dead-lettered as {}", topic, INTERNAL_ERROR, e);
            return deadLetter(topic, INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage(), payload,
                    now);
        }
    }

    /** SQLSTATE class 22 (data exception) and 23 (integrity) other than a unique key: the values, not the link. */
    private static boolean isDataError(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    private IngestResult deadLetter(String topic, String reason, String detail, byte[] payload, Instant now)
            throws SQLException {
        if (ingest == null) {
            reopen();
        }
        rollbackQuietly();
        storeDeadLetter(topic, reason, detail, payload, now);
        log.warn("dead letter from {}: {}: {}", truncate(topic, 512), reason, detail);
        return IngestResult.deadLetter(reason, detail);
    }

    private void reopen() throws SQLException {
        ingest = connect();
        ingest.setAutoCommit(false);
    }

    private IngestResult storeBatch(ReceivedBatch batch, Instant now) throws SQLException {
        BatchWriter.Tally tally = new BatchWriter(ingest).write(batch, now);
        ingest.commit();
        return batchResult(batch, tally, Instant.now());
    }

    private static IngestResult batchResult(ReceivedBatch batch, BatchWriter.Tally tally, Instant committedAt) {
        if (tally.conflicts() > 0) {
            log.warn("CONFLICT: {}/{} sent {} item(s) in seq {}..{} whose content differs from what is stored under"
                    + " the same seq ({} new); both versions kept in conflict_item", batch.site(), batch.device(),
                    tally.conflicts(), batch.firstSeq(), batch.lastSeq(), tally.newConflicts());
        }
        return IngestResult.batch(batch, tally, committedAt);
    }

    private IngestResult storeStatus(Topic address, byte[] payload, String contentType, Instant now)
            throws SQLException {
        IngestResult result = writeStatus(address, payload, contentType, now);
        ingest.commit();
        return result;
    }

    /** Writes a status in the current transaction. */
    private IngestResult writeStatus(Topic address, byte[] payload, String contentType, Instant now)
            throws SQLException {
        if (payload.length == 0) {
            return IngestResult.status(); // an empty retained message clears the status; nothing to keep
        }
        ReceivedStatus status = reader.readStatus(address, payload, contentType);
        try (PreparedStatement update = ingest.prepareStatement(
                "UPDATE device_status SET site = ?, payload = ?, received_at = ? WHERE device = ?")) {
            update.setString(1, address.site());
            update.setString(2, status.json());
            update.setObject(3, utc(now));
            update.setString(4, address.device());
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = ingest.prepareStatement(
                        "INSERT INTO device_status (device, site, payload, received_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, address.device());
                    insert.setString(2, address.site());
                    insert.setString(3, status.json());
                    insert.setObject(4, utc(now));
                    insert.executeUpdate();
                }
            }
        }
        return IngestResult.status();
    }

    private void storeDeadLetter(String topic, String reason, String detail, byte[] payload, Instant now)
            throws SQLException {
        storeDeadLetterRow(topic, reason, detail, payload, now);
        ingest.commit();
    }

    private void storeDeadLetterRow(String topic, String reason, String detail, byte[] payload, Instant now)
            throws SQLException {
        try (PreparedStatement insert = ingest.prepareStatement("INSERT INTO dead_letter (topic, reason, detail,"
                + " payload_bytes, payload, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, truncate(topic, 512));
            insert.setString(2, reason);
            insert.setString(3, truncate(detail == null ? "" : detail, 2000));
            insert.setInt(4, payload.length);
            insert.setBytes(5, Arrays.copyOf(payload, Math.min(payload.length, DEAD_LETTER_PAYLOAD_BYTES)));
            insert.setObject(6, utc(now));
            insert.executeUpdate();
        }
    }

    /** Totals and per-device figures including gaps and conflicts. */
    public CollectorStats stats() throws SQLException {
        try (Connection c = connect()) {
            return CollectorQueries.stats(c);
        }
    }

    /** Distinct items stored for one device (0 for an unknown device); cheap enough to poll. */
    public long items(String device) throws SQLException {
        try (Connection c = connect()) {
            return CollectorQueries.items(c, device);
        }
    }

    /** Missing sequence ranges of one device (empty when nothing is missing or the device is unknown). */
    public List<SeqRange> gaps(String device) throws SQLException {
        try (Connection c = connect()) {
            return CollectorQueries.gaps(c, device);
        }
    }

    /** Every stored sequence number of one device, ascending. */
    public List<Long> sequences(String device) throws SQLException {
        try (Connection c = connect()) {
            return CollectorQueries.sequences(c, device);
        }
    }

    /** The most recent dead letters, newest first. */
    public List<DeadLetter> deadLetters(int limit) throws SQLException {
        try (Connection c = connect()) {
            return CollectorQueries.deadLetters(c, limit);
        }
    }

    /** The versions of one device's items that conflict with the stored ones, by seq. */
    public List<ConflictItem> conflicts(String device) throws SQLException {
        try (Connection c = connect()) {
            return CollectorQueries.conflicts(c, device);
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
