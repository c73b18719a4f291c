package io.intakeedge.sync.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.intakeedge.sync.protocol.Channel;
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
 * The {@link Outbox} and {@link OutboxDrain} in the agent's H2 database.
 *
 * <h2>Ordering and sequence numbers</h2>
 * {@link #append} takes the next seq by updating the device's counter row in the caller's transaction. The row lock
 * serialises appenders until they commit, so rows become visible in seq order (the drain can walk a cursor without
 * missing a late commit) and a rolled-back append leaves no gap for the collector to report. The same lock tells the
 * drain when an append has committed ({@link #awaitOpenAppends}).
 *
 * <h2>Rows</h2>
 * One row per append group (see {@link OutboxAppender}): the drain claims, sends and deletes a few rows per MQTT
 * message instead of one per item (issue 8: per-row claims and deletes capped the drain at a few thousand items/s).
 *
 * <h2>Draining</h2>
 * {@link #claim} hands out batches of whole groups in priority order (ALERT, PRIORITY_TRACE, TRACE; within a
 * priority the channels events, drift, traces; seq order within a channel) and remembers a cursor per queue. Rows are
 * deleted only by {@link #deleteReceipted}, when the collector's end-to-end receipt covers them, or (without receipts)
 * by {@link #acknowledge} after the broker's PUBACK; {@link #releaseAll} rewinds the cursors after a connection loss
 * so rows not yet deleted are sent again (at-least-once; the collector collapses duplicates on (device, seq)).
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
public final class H2Outbox implements Outbox, OutboxDrain, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Outbox.class);
    private static final Channel[] DRAIN_CHANNELS = {Channel.EVENTS, Channel.DRIFT, Channel.TRACES};
    // waits for the appenders' lock on the counter row, i.e. until every open appending transaction has ended
    private static final String AWAIT_APPENDS = "SELECT last_seq FROM sync_outbox_sequence WHERE device = ? FOR UPDATE";
    private static final String HOLDS_ANY = "SELECT 1 FROM sync_outbox WHERE device = ? AND priority = ?"
            + " AND channel = ? AND seq BETWEEN ? AND ? LIMIT 1";

    private final DataSource dataSource;
    private final OutboxSettings settings;
    // held for the outbox's lifetime, renewed when H2 closed them after a failed write (full disk)
    private final RenewableConnection ackConn;
    private final OutboxDeleter deleter;
    private final RenewableConnection compactConn;
    private final RenewableConnection watchConn;
    private final OutboxQueues queues;
    private final OutboxAppender appender;
    private final TraceCompactor compactor;
    private final AtomicLong usedBytes = new AtomicLong();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final Object budgetLock = new Object();

    private H2Outbox(DataSource dataSource, OutboxSettings settings) throws SQLException {
        this.dataSource = dataSource;
        this.settings = settings;
        this.ackConn = new RenewableConnection(dataSource, false, "acknowledge");
        this.compactConn = new RenewableConnection(dataSource, false, "compaction");
        this.watchConn = new RenewableConnection(dataSource, true, "watch");
        this.queues = new OutboxQueues(new RenewableConnection(dataSource, true, "claim"), settings.device());
        this.deleter = new OutboxDeleter(ackConn, settings.device(), usedBytes, this::recountBudget);
        this.appender = new OutboxAppender(settings);
        ObjectMapper mapper = JsonMapper.builder().build();
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
    public String device() {
        return settings.device();
    }

    @Override
    public long append(Connection tx, OutboxEntry entry) throws SQLException {
        return appendAll(tx, List.of(entry))[0];
    }

    @Override
    public long[] appendAll(Connection tx, List<OutboxEntry> entries) throws SQLException {
        byte[][] payloads = appender.check(tx, entries);
        if (entries.isEmpty()) {
            return new long[0];
        }
        long total = 0;
        for (byte[] payload : payloads) {
            total += payload.length;
        }
        ensureRoom(total);
        long[] seqs = new long[payloads.length];
        usedBytes.addAndGet(appender.write(tx, entries, payloads, seqs));
        appendListeners.forEach(Runnable::run);
        return seqs;
    }

    @Override
    public long pending() throws SQLException {
        return stats().pending();
    }

    @Override
    public OutboxStats stats() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT (SELECT COALESCE(SUM(last_seq - seq + 1), 0)"
                        + " FROM sync_outbox WHERE device = ?),"
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

    @Override
    public void onAppend(Runnable listener) {
        appendListeners.add(listener);
    }

    /**
     * Takes and at once releases the counter row's lock (auto-commit), which appenders hold until they commit. On
     * its own connection: an appender that compacts waits for the claim lock, so this must not hold it.
     */
    @Override
    public void awaitOpenAppends() {
        synchronized (watchConn) {
            try (PreparedStatement q = watchConn.get().prepareStatement(AWAIT_APPENDS)) {
                q.setString(1, settings.device());
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                }
            } catch (SQLException e) {
                // a transaction longer than the lock timeout: the drain looks again on its next wake-up or poll
                LOG.debug("waiting for open appends: {}", e.toString());
                watchConn.failed(e);
            }
        }
    }

    @Override
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

    @Override
    public void acknowledge(List<OutboxBatch> batches) throws SQLException {
        deleter.acknowledge(batches);
    }

    /** Deletes one acknowledged batch. */
    public void acknowledge(OutboxBatch batch) throws SQLException {
        acknowledge(List.of(batch));
    }

    @Override
    public long deleteReceipted(List<long[]> ranges) throws SQLException {
        return deleter.deleteReceipted(ranges);
    }

    @Override
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

    @Override
    public void releaseAll() {
        queues.rewind();
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (AutoCloseable c : new AutoCloseable[] {queues, ackConn, compactConn, watchConn}) {
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
        Connection conn = compactConn.get();
        try (PreparedStatement seq = conn.prepareStatement("INSERT INTO sync_outbox_sequence (device, last_seq)"
                + " SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM sync_outbox_sequence WHERE device = ?)");
                PreparedStatement stats = conn.prepareStatement("INSERT INTO sync_outbox_compaction"
                        + " (device, compacted_total, summaries) SELECT ?, 0, 0"
                        + " WHERE NOT EXISTS (SELECT 1 FROM sync_outbox_compaction WHERE device = ?)")) {
            for (PreparedStatement s : new PreparedStatement[] {seq, stats}) {
                s.setString(1, settings.device());
                s.setString(2, settings.device());
                s.executeUpdate();
            }
            conn.commit();
        }
        usedBytes.set(recount());
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
                TraceCompactor.Result result;
                try {
                    result = queues.withClaimsPaused(
                            afterSeq -> compactor.compact(compactConn.get(), settings.device(), afterSeq, target));
                } catch (SQLException e) {
                    compactConn.failed(e);
                    throw e;
                }
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
        try {
            return recountOn(compactConn.get());
        } catch (SQLException e) {
            compactConn.rollbackQuietly(e);
            throw e;
        }
    }

    private long recountOn(Connection conn) throws SQLException {
        try (PreparedStatement q = conn.prepareStatement(
                "SELECT COALESCE(SUM(payload_bytes), 0) FROM sync_outbox WHERE device = ?")) {
            q.setString(1, settings.device());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                long used = rs.getLong(1);
                conn.commit();
                return used;
            }
        }
    }
}
