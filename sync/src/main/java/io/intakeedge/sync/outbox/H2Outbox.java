package io.intakeedge.sync.outbox;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.intakeedge.sync.protocol.Channel;
import io.intakeedge.sync.protocol.ItemKind;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Outbox} in the agent's H2 database.
 *
 * <h2>Ordering and sequence numbers</h2>
 * {@link #append} takes the next seq by updating the device's counter row in the caller's transaction. The row lock
 * serialises appenders until they commit, so rows become visible in seq order (the drain can walk a cursor without
 * missing a late commit) and a rolled-back append leaves no gap for the collector to report.
 *
 * <h2>Draining</h2>
 * {@link #claim} hands out batches in priority order (ALERT, PRIORITY_TRACE, TRACE; within a priority the channels
 * events, drift, traces; seq order within a channel) and remembers a cursor per queue. Rows are deleted only by
 * {@link #deleteReceipted}, when the collector's end-to-end receipt names them, or (without receipts) by
 * {@link #acknowledge} after the broker's PUBACK; {@link #releaseAll} rewinds the cursors after a connection loss so
 * rows not yet deleted are sent again (at-least-once; the collector collapses duplicates on (device, seq)).
 *
 * <h2>Disk budget</h2>
 * Payload bytes are counted. When an append would exceed {@link OutboxSettings#budgetBytes()}, the oldest unclaimed
 * {@link Priority#TRACE} traces (at least a tenth of the budget, so compaction is rare) are replaced by one
 * {@code compacted} summary with their count, seq ranges and route counts; the summary is synced like any alert, so
 * loss is counted, never silent. ALERT and PRIORITY_TRACE entries are never compacted or dropped. Appends may then
 * go above the budget up to {@link OutboxSettings#hardCapBytes()}; past it, with nothing compactable left,
 * {@link OutboxFullException} is thrown and the caller's transaction should roll back.
 *
 * <h2>H2 settings for crash safety</h2>
 * Use {@link #jdbcUrl(Path)}: {@code WRITE_DELAY=0} makes every commit reach the file before {@code commit()}
 * returns (H2's default of 500 ms would lose the last half second of commits to a JVM kill); the default
 * {@code FILE_LOCK=FILE} keeps a second process from opening the same file; transaction logging stays on (no
 * {@code LOG=0}, no {@code UNDO_LOG=0}); {@code LOCK_TIMEOUT=10000} lets appenders wait for the counter row instead
 * of failing after H2's default second. H2 does not fsync each commit: a power cut can lose the last commits that
 * were still in the OS page cache, a process crash cannot.
 */
public final class H2Outbox implements Outbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Outbox.class);
    private static final Channel[] DRAIN_CHANNELS = {Channel.EVENTS, Channel.DRIFT, Channel.TRACES};
    private static final String BUMP_SEQ = "UPDATE sync_outbox_sequence SET last_seq = last_seq + ? WHERE device = ?";
    private static final String READ_SEQ = "SELECT last_seq FROM sync_outbox_sequence WHERE device = ?";
    private static final String INSERT = "INSERT INTO sync_outbox "
            + "(device, seq, priority, channel, kind, created_at_ms, payload_bytes, payload) VALUES (?,?,?,?,?,?,?,?)";
    private static final String HOLDS_ANY = "SELECT 1 FROM sync_outbox WHERE device = ? AND priority = ?"
            + " AND channel = ? AND seq BETWEEN ? AND ? LIMIT 1";

    private final DataSource dataSource;
    private final OutboxSettings settings;
    private final Connection ackConn;
    private final OutboxDeleter deleter;
    private final Connection compactConn;
    private final OutboxQueues queues;
    private final TraceCompactor compactor;
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final AtomicLong usedBytes = new AtomicLong();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final Object budgetLock = new Object();

    private H2Outbox(DataSource dataSource, OutboxSettings settings) throws SQLException {
        this.dataSource = dataSource;
        this.settings = settings;
        this.ackConn = dataSource.getConnection();
        this.compactConn = dataSource.getConnection();
        ackConn.setAutoCommit(false);
        compactConn.setAutoCommit(false);
        this.queues = new OutboxQueues(dataSource.getConnection(), settings.device());
        this.deleter = new OutboxDeleter(ackConn, settings.device(), usedBytes, this::recountBudget);
        this.compactor = new TraceCompactor(mapper);
    }

    /**
     * Migrates the outbox tables (Flyway, history table {@code flyway_sync_history}, so it can share a database with
     * other modules' migrations) and opens the outbox of {@code settings.device()}.
     */
    public static H2Outbox open(DataSource dataSource, OutboxSettings settings) throws SQLException {
        migrate(dataSource);
        H2Outbox outbox = new H2Outbox(dataSource, settings);
        try {
            outbox.initDevice();
        } catch (SQLException | RuntimeException e) {
            outbox.close();
            throw e;
        }
        return outbox;
    }

    /** Applies {@code classpath:db/migration/sync}; safe to call when other modules already own tables there. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/sync")
                .table("flyway_sync_history")
                // the trace store may have created its tables first: start our own history at version 0
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** The JDBC URL with the crash-safety settings documented on this class, for a database file path. */
    public static String jdbcUrl(Path databaseFile) {
        String path = databaseFile.toAbsolutePath().toString();
        if (path.endsWith(".mv.db")) {
            path = path.substring(0, path.length() - ".mv.db".length());
        }
        return "jdbc:h2:file:" + path + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    public OutboxSettings settings() {
        return settings;
    }

    @Override
    public long append(Connection tx, OutboxEntry entry) throws SQLException {
        return appendAll(tx, List.of(entry))[0];
    }

    /**
     * Appends several entries in the caller's transaction with one sequence update and one JDBC batch, for callers
     * that group-commit traces; returns their seqs (consecutive, in the given order). All entries are checked
     * before anything is written.
     *
     * @throws OutboxFullException as {@link #append}; then nothing of the list is stored
     */
    public long[] appendAll(Connection tx, List<OutboxEntry> entries) throws SQLException {
        if (tx.getAutoCommit()) {
            throw new IllegalArgumentException("append needs the caller's transaction: turn auto-commit off so the "
                    + "outbox row commits together with the trace");
        }
        if (entries.isEmpty()) {
            return new long[0];
        }
        int[] sizes = new int[entries.size()];
        long total = 0;
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = checkedSize(entries.get(i));
            total += sizes[i];
        }
        ensureRoom(total);
        long last = nextSeq(tx, entries.size());
        long first = last - entries.size() + 1;
        long now = System.currentTimeMillis();
        try (PreparedStatement insert = tx.prepareStatement(INSERT)) {
            for (int i = 0; i < sizes.length; i++) {
                OutboxEntry entry = entries.get(i);
                insert.setString(1, settings.device());
                insert.setLong(2, first + i);
                insert.setInt(3, entry.priority().rank());
                insert.setString(4, Channel.forKind(entry.kind()).leaf());
                insert.setString(5, entry.kind());
                insert.setLong(6, now);
                insert.setInt(7, sizes[i]);
                insert.setString(8, entry.payloadJson());
                if (sizes.length == 1) {
                    insert.executeUpdate();
                } else {
                    insert.addBatch();
                }
            }
            if (sizes.length > 1) {
                insert.executeBatch();
            }
        }
        usedBytes.addAndGet(total);
        appendListeners.forEach(Runnable::run);
        long[] seqs = new long[sizes.length];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = first + i;
        }
        return seqs;
    }

    /** Validates one entry and returns its UTF-8 payload size. */
    private int checkedSize(OutboxEntry entry) {
        Channel.forKind(entry.kind());
        if (ItemKind.COMPACTED.equals(entry.kind())) {
            throw new IllegalArgumentException("kind 'compacted' is reserved for summaries written by the outbox");
        }
        byte[] payload = entry.payloadJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (payload.length > settings.maxEntryBytes()) {
            throw new IllegalArgumentException("outbox " + entry.kind() + " payload of " + payload.length
                    + " bytes exceeds maxEntryBytes " + settings.maxEntryBytes());
        }
        requireJsonObject(entry, payload);
        return payload.length;
    }

    @Override
    public long pending() throws SQLException {
        return stats().pending();
    }

    /** Counts from the committed state of the database. */
    public OutboxStats stats() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT (SELECT COUNT(*) FROM sync_outbox WHERE device = ?),"
                        + " (SELECT COALESCE(SUM(payload_bytes), 0) FROM sync_outbox WHERE device = ?),"
                        + " compacted_total, summaries FROM sync_outbox_compaction WHERE device = ?")) {
            for (int i = 1; i <= 3; i++) {
                q.setString(i, settings.device());
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return new OutboxStats(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /** Runs {@code listener} after every append (before the caller commits), e.g. to wake the drain. */
    public void onAppend(Runnable listener) {
        appendListeners.add(listener);
    }

    /**
     * Claims the next batch in drain order: at most {@code maxItems} items and {@code maxBytes} payload bytes (but
     * always at least one item). Empty when nothing unclaimed is pending.
     */
    public Optional<OutboxBatch> claim(int maxItems, long maxBytes) throws SQLException {
        if (maxItems < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("claim needs maxItems >= 1 and maxBytes >= 1");
        }
        for (Priority priority : Priority.values()) {
            for (Channel channel : DRAIN_CHANNELS) {
                Optional<OutboxBatch> batch = queues.claim(priority, channel, maxItems, maxBytes);
                if (batch.isPresent()) {
                    return batch;
                }
            }
        }
        return Optional.empty();
    }

    /** Deletes acknowledged batches in one transaction (after the broker's PUBACK). */
    public void acknowledge(List<OutboxBatch> batches) throws SQLException {
        deleter.acknowledge(batches);
    }

    /**
     * Deletes every row covered by the collector's receipts, in one transaction; returns the number deleted. Ranges
     * whose rows are already gone (a receipt for a redelivery) delete nothing.
     *
     * @param ranges inclusive {@code [first, last]} seq ranges, as in {@link io.intakeedge.sync.protocol.Receipt}
     */
    public long deleteReceipted(List<long[]> ranges) throws SQLException {
        return deleter.deleteReceipted(ranges);
    }

    /** Whether any row of {@code batch}'s queue between its first and last seq is still in the outbox. */
    public boolean holdsAny(OutboxBatch batch) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(HOLDS_ANY)) {
            q.setString(1, settings.device());
            q.setInt(2, batch.priority().rank());
            q.setString(3, batch.channel().leaf());
            q.setLong(4, batch.firstSeq());
            q.setLong(5, batch.lastSeq());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Deletes one acknowledged batch. */
    public void acknowledge(OutboxBatch batch) throws SQLException {
        acknowledge(List.of(batch));
    }

    /** Makes every unacknowledged row claimable again, e.g. after the connection to the broker was lost. */
    public void releaseAll() {
        queues.rewind();
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {queues, ackConn, compactConn}) {
            try {
                c.close();
            } catch (Exception e) {
                failure = failure == null ? new SQLException("closing outbox failed", e) : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Re-reads the outbox's payload bytes when the running count can no longer be trusted. */
    private void recountBudget() throws SQLException {
        synchronized (budgetLock) {
            usedBytes.set(recount());
        }
    }

    private void initDevice() throws SQLException {
        // insert-if-absent: never reset an existing counter (seq must not be reused after acked rows were deleted)
        try (PreparedStatement seq = compactConn.prepareStatement("INSERT INTO sync_outbox_sequence (device, last_seq)"
                + " SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM sync_outbox_sequence WHERE device = ?)");
                PreparedStatement stats = compactConn.prepareStatement("INSERT INTO sync_outbox_compaction"
                        + " (device, compacted_total, summaries) SELECT ?, 0, 0"
                        + " WHERE NOT EXISTS (SELECT 1 FROM sync_outbox_compaction WHERE device = ?)")) {
            for (PreparedStatement s : new PreparedStatement[] {seq, stats}) {
                s.setString(1, settings.device());
                s.setString(2, settings.device());
                s.executeUpdate();
            }
            compactConn.commit();
        }
        usedBytes.set(recount());
    }

    /** Reserves {@code count} seqs and returns the last one. */
    private long nextSeq(Connection tx, int count) throws SQLException {
        try (PreparedStatement bump = tx.prepareStatement(BUMP_SEQ);
                PreparedStatement read = tx.prepareStatement(READ_SEQ)) {
            bump.setInt(1, count);
            bump.setString(2, settings.device());
            bump.executeUpdate(); // locks the counter row until the caller commits
            read.setString(1, settings.device());
            try (ResultSet rs = read.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no sequence row for device " + settings.device()
                            + ": was the outbox opened on another database?");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Makes room for {@code bytes} more, compacting old traces if needed; see the class comment for the policy. */
    private void ensureRoom(long bytes) throws SQLException {
        if (usedBytes.get() + bytes <= settings.budgetBytes()) {
            return;
        }
        synchronized (budgetLock) {
            long used = recount();
            if (used + bytes > settings.budgetBytes()) {
                long target = Math.max(used + bytes - settings.budgetBytes(), settings.budgetBytes() / 10);
                TraceCompactor.Result result = queues.withClaimsPaused(
                        afterSeq -> compactor.compact(compactConn, settings.device(), afterSeq, target));
                if (result != null) {
                    used -= result.freedBytes();
                    LOG.warn("outbox over its budget of {} bytes: compacted {} traces into summary seq {}",
                            settings.budgetBytes(), result.count(), result.summarySeq());
                }
            }
            usedBytes.set(used);
            if (used + bytes > settings.hardCapBytes()) {
                throw new OutboxFullException("outbox of device " + settings.device() + " is full: " + used
                        + " bytes pending, all alerts, priority traces, summaries or in flight (hard cap " + settings.hardCapBytes()
                        + ", budget " + settings.budgetBytes() + ") and no trace left to compact;"
                        + " the entry was not stored. Is the broker reachable?");
            }
        }
    }

    private long recount() throws SQLException {
        try (PreparedStatement q = compactConn.prepareStatement(
                "SELECT COALESCE(SUM(payload_bytes), 0) FROM sync_outbox WHERE device = ?")) {
            q.setString(1, settings.device());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long used = rs.getLong(1);
                compactConn.commit();
                return used;
            }
        }
    }

    private void requireJsonObject(OutboxEntry entry, byte[] payload) {
        try (JsonParser p = mapper.getFactory().createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("outbox " + entry.kind() + " payload must be a JSON object");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("outbox " + entry.kind() + " payload has data after the object");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("outbox " + entry.kind() + " payload is not valid JSON: "
                    + e.getMessage(), e);
        }
    }
}
